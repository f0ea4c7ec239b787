#include "transport/beast_conversion.h"

#include <exception>
#include <string>

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

BeastResponse to_beast_response(http::Response response, const ResponseFraming& framing) {
  if (response.status < 200 || response.status > 599) {
    response = transport_error(500, "handler returned status " + std::to_string(response.status));
  }
  const int status = response.status;
  const bool no_body_status = status == 204 || status == 304;
  const bool sends_body = !framing.head_request && !no_body_status;

  bool keep_alive = framing.keep_alive && !response.close_connection;
  if (const auto connection = response.headers.get("Connection"); connection && has_token(*connection, "close")) {
    keep_alive = false;
  }

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
