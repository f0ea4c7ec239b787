#include "transport/request_parsing.h"

#include <string>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/verb.hpp>

#include "transport/beast_conversion.h"

namespace drdrill::transport {

namespace beast_http = boost::beast::http;

void configure_request_parser(RequestParser& parser, const HttpServerOptions& options) {
  parser.header_limit(static_cast<std::uint32_t>(options.header_limit_bytes));
  parser.body_limit(options.body_limit_bytes);
}

std::optional<http::Response> parse_error_response(const boost::beast::error_code& ec, const HttpServerOptions& options) {
  if (ec == beast_http::error::body_limit) {
    return transport_error(413, "the request body exceeds " + std::to_string(options.body_limit_bytes) + " bytes");
  }
  if (ec == beast_http::error::header_limit) {
    return transport_error(431, "the request header exceeds " + std::to_string(options.header_limit_bytes) + " bytes");
  }
  if (ec.category() == beast_http::make_error_code(beast_http::error::bad_method).category() &&
      ec != beast_http::error::partial_message && ec != beast_http::error::need_more &&
      ec != beast_http::error::end_of_stream) {
    return transport_error(400, "malformed request (" + ec.message() + ")");
  }
  return std::nullopt;
}

ParsedRequest parse_request(std::string_view bytes, const HttpServerOptions& options, bool secure) {
  RequestParser parser;
  configure_request_parser(parser, options);
  parser.eager(true);  // header and body in one pass, as async_read does with the bytes at hand
  ParsedRequest out;
  boost::beast::error_code ec;
  std::size_t consumed = 0;
  while (!parser.is_done() && consumed < bytes.size()) {
    const std::size_t used = parser.put(boost::asio::buffer(bytes.data() + consumed, bytes.size() - consumed), ec);
    consumed += used;
    if (ec == beast_http::error::need_more) {
      ec = {};
      // The parser wants more than there is: only the header limit can end that wait early, and
      // Beast checks it here too (a header longer than the limit is header_limit, not need_more).
      break;
    }
    if (ec) break;
    if (used == 0) break;
  }
  if (!ec && !parser.is_done() && consumed == bytes.size() && parser.got_some()) {
    // The client's end of stream inside a request: Beast says partial_message, which the server
    // answers by closing. (A body delimited by the end of the stream does not exist for requests.)
    parser.put_eof(ec);
  }
  out.head_request = parser.is_header_done() && parser.get().method() == beast_http::verb::head;
  if (ec) {
    if (auto answer = parse_error_response(ec, options)) {
      out.outcome = ParsedRequest::Outcome::kError;
      out.error = std::move(*answer);
      out.keep_alive = false;
    }
    return out;  // otherwise kIncomplete: closed unanswered
  }
  if (!parser.is_done()) return out;
  out.outcome = ParsedRequest::Outcome::kRequest;
  out.consumed_bytes = consumed;
  BeastRequest request = parser.release();
  out.keep_alive = request.keep_alive();
  out.request = from_beast_request(std::move(request), secure);
  return out;
}

}  // namespace drdrill::transport
