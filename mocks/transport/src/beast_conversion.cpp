#include "transport/beast_conversion.h"

#include <exception>
#include <string>
#include <vector>

#include <boost/beast/http/field.hpp>

namespace drdrill::transport {

namespace beast_http = boost::beast::http;

namespace {

bool has_token(std::string_view list, std::string_view token) {
  // Comma-separated tokens, case-insensitive, optional whitespace ("keep-alive, Close").
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (http::iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

// What both response writers decide first, in this order: a status outside 200-599 becomes a 500;
// whether a body goes out (not for HEAD, 204, 304); whether the connection stays open.
struct FramingDecision {
  http::Response response;
  bool sends_body;
  bool keep_alive;
};

FramingDecision decide_framing(http::Response response, const ResponseFraming& framing) {
  if (response.status < 200 || response.status > 599) {
    response = transport_error(500, "handler returned status " + std::to_string(response.status));
  }
  const bool no_body_status = response.status == 204 || response.status == 304;
  const bool sends_body = !framing.head_request && !no_body_status;
  bool keep_alive = framing.keep_alive && !response.close_connection;
  if (const auto connection = response.headers.get("Connection"); connection && has_token(*connection, "close")) {
    keep_alive = false;
  }
  return {std::move(response), sends_body, keep_alive};
}

}  // namespace

http::Request from_beast_request(BeastRequest&& request, bool secure) {
  http::Request out;
  out.method = http::parse_method(request.method_string());
  out.target = std::string(request.target());
  for (const auto& field : request) {
    out.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(request.body());
  out.secure = secure;
  return out;
}

BeastResponse to_beast_response(http::Response handler_response, const ResponseFraming& framing) {
  auto [response, sends_body, keep_alive] = decide_framing(std::move(handler_response), framing);
  const int status = response.status;

  BeastResponse out;
  out.version(framing.http_version);
  out.result(static_cast<unsigned>(status));
  out.reason(http::reason_phrase(status));

  std::string handler_content_length;
  for (auto& [name, value] : response.headers) {
    if (http::iequals(name, "Content-Length")) {
      handler_content_length = value;
      continue;
    }
    if (http::iequals(name, "Transfer-Encoding") || http::iequals(name, "Connection")) continue;
    out.insert(name, value);
  }

  if (sends_body) {
    out.content_length(response.body.size());
    out.body() = std::move(response.body);
  } else if (status == 204) {
    // RFC 9110 §8.6: no Content-Length in a 204.
  } else if (!handler_content_length.empty()) {
    out.set(beast_http::field::content_length, handler_content_length);
  } else if (framing.head_request && status != 304) {
    out.content_length(response.body.size());
  }
  // keep_alive() writes the Connection header the request's HTTP version needs (1.0: keep-alive,
  // 1.1: close), no header when 1.1 stays open.
  out.keep_alive(keep_alive);
  return out;
}

bool closes_connection(const BeastResponse& response) { return !response.keep_alive(); }

namespace {

// What Beast's basic_fields does to a value: optional whitespace off both ends.
std::string_view trim_ows(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

void append_status_line(std::string& out, unsigned version, int status) {
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  char digits[3] = {static_cast<char>('0' + status / 100 % 10), static_cast<char>('0' + status / 10 % 10),
                    static_cast<char>('0' + status % 10)};
  out.append(digits, 3);
  out.push_back(' ');
  out.append(http::reason_phrase(status));
  out.append("\r\n");
}

}  // namespace

WireResponse to_wire_response(http::Response handler_response, const ResponseFraming& framing) {
  auto [response, sends_body, keep_alive] = decide_framing(std::move(handler_response), framing);
  const int status = response.status;

  // The handler's fields in Beast's order: as added, except that a name seen before joins the
  // last field of that name (basic_fields keeps duplicates together). Responses have ~15 fields.
  constexpr std::size_t kInline = 32;
  const http::Headers::Field* inline_order[kInline];
  std::vector<const http::Headers::Field*> spilled;
  const http::Headers::Field** order = inline_order;
  if (response.headers.size() > kInline) {
    spilled.resize(response.headers.size());
    order = spilled.data();
  }
  std::size_t kept = 0;
  std::string_view handler_content_length;
  std::size_t head_bytes = 64;
  for (const auto& field : response.headers) {
    const std::string_view name = field.first;
    if (http::iequals(name, "Content-Length")) {
      handler_content_length = field.second;
      continue;
    }
    if (http::iequals(name, "Transfer-Encoding") || http::iequals(name, "Connection")) continue;
    std::size_t at = kept;
    for (std::size_t i = kept; i > 0; --i) {
      if (order[i - 1]->first.size() == name.size() && http::iequals(order[i - 1]->first, name)) {
        at = i;
        break;
      }
    }
    for (std::size_t i = kept; i > at; --i) order[i] = order[i - 1];
    order[at] = &field;
    ++kept;
    head_bytes += name.size() + field.second.size() + 4;
  }

  WireResponse out;
  out.keep_alive = keep_alive;
  std::string& head = out.head;
  head.reserve(head_bytes);
  append_status_line(head, framing.http_version, status);
  for (std::size_t i = 0; i < kept; ++i) append_field(head, order[i]->first, trim_ows(order[i]->second));

  if (sends_body) {
    append_field(head, "Content-Length", std::to_string(response.body.size()));
    out.body = std::move(response.body);
  } else if (status == 204) {
    // RFC 9110 §8.6: no Content-Length in a 204.
  } else if (!handler_content_length.empty()) {
    append_field(head, "Content-Length", trim_ows(handler_content_length));
  } else if (framing.head_request && status != 304) {
    append_field(head, "Content-Length", std::to_string(response.body.size()));
  }
  // As Beast's keep_alive(): 1.0 says keep-alive when it stays open, 1.1 says close when it does not.
  if (framing.http_version == 10 && keep_alive) append_field(head, "Connection", "keep-alive");
  if (framing.http_version != 10 && !keep_alive) append_field(head, "Connection", "close");
  head.append("\r\n");
  return out;
}

WireResponse continue_response() {
  WireResponse out;
  append_status_line(out.head, 11, 100);
  out.head.append("\r\n");
  return out;
}

http::Response transport_error(int status, std::string_view detail) {
  std::string body(http::reason_phrase(status));
  if (!detail.empty()) {
    body += ": ";
    body += detail;
  }
  body += '\n';
  return http::Response::text(status, std::move(body));
}

http::Response invoke_handler(const http::Handler& handler, const http::Request& request) noexcept {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    return transport_error(500, std::string("the handler threw: ") + e.what());
  } catch (...) {
    return transport_error(500, "the handler threw a non-standard exception");
  }
}

}  // namespace drdrill::transport
