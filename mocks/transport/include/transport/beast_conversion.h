#pragma once
// The seam between Beast messages and drdrill's plain request/response values. Knows nothing of
// sockets, so tests check the wire rules here without a server (the layer bmcweb and Beast's
// examples call "handle_request").
//
// Includes Beast: only transport code and its tests include this header.

#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/handler.h"
#include "http/request.h"
#include "http/response.h"

namespace drdrill::transport {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The request as a handler sees it: method, raw target, headers in arrival order with the sender's
// spelling, body. `request` is consumed (its body is moved out).
http::Request from_beast_request(BeastRequest&& request, bool secure);

// What the wire response depends on besides the handler's Response.
struct ResponseFraming {
  bool head_request = false;   // answering HEAD: send no body
  unsigned http_version = 11;  // of the request: 10 or 11
  bool keep_alive = true;      // the request allows it and the server is not stopping
};

// Builds the wire response from a handler's Response:
// - Content-Length: computed from the body, except when no body is sent (HEAD, 304), where a
//   Content-Length set by the handler is kept; for HEAD without one, the length of the body the
//   handler produced. 1xx and 204 carry neither body nor Content-Length.
// - HEAD, 204 and 304 never carry body bytes (a stray HEAD body corrupts the next response on a
//   kept-alive connection: the Azure blob client sends HEAD then GET on one connection).
// - Transfer-Encoding from the handler is dropped (the transport always frames with
//   Content-Length); a handler "Connection: close" or Response::close_connection closes.
// - A status outside 200..599 is a handler bug and becomes 500.
// - No Date or Server header: time-dependent headers are the service model's job.
BeastResponse to_beast_response(http::Response response, const ResponseFraming& framing);

// Whether the response built by to_beast_response will close the connection.
bool closes_connection(const BeastResponse& response);

// A response as the bytes the server writes: exactly what Beast would serialize for
// to_beast_response(response, framing) (same rules, same field order — Beast keeps repeated
// fields together — same trimmed values), built into one string without Beast's field list and
// serializer, which cost more than the rest of a small request together (tests compare the two).
struct WireResponse {
  std::string head;  // status line and header fields, through the blank line
  std::string body;  // the body bytes sent (empty for HEAD, 204 and 304)
  bool keep_alive = true;  // false: the connection closes after this response
};
WireResponse to_wire_response(http::Response response, const ResponseFraming& framing);
// The interim "100 Continue" (HTTP/1.1).
WireResponse continue_response();

// A transport-level error answer (400, 413, 431, 500, 503): a short text/plain body saying what
// went wrong. The transport sends these with "Connection: close" where it must close.
http::Response transport_error(int status, std::string_view detail);

// Calls `handler`; an exception escaping it becomes a 500 instead of taking the server down.
http::Response invoke_handler(const http::Handler& handler, const http::Request& request) noexcept;

}  // namespace drdrill::transport
