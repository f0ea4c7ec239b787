#pragma once
// How the server reads a request from the bytes a client sent, apart from the socket: the parser as
// each connection configures it (HttpServerOptions' header and body limits), the answer a framing
// error gets (400, 413, 431), and — for tests and the fuzz target tests/fuzz/http_request — the
// whole reading of a byte string into requests, without a socket, timers or threads.
//
// Includes Beast: only transport code and its tests include this header.

#include <cstddef>
#include <optional>
#include <string_view>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/request.h"
#include "http/response.h"
#include "transport/http_server.h"

namespace drdrill::transport {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Applies the server's limits to a fresh parser (one per request, as Beast requires).
void configure_request_parser(RequestParser& parser, const HttpServerOptions& options);

// The transport error the server answers a parse error with, before it closes the connection:
// 413 over the body limit, 431 over the header limit, 400 for any other malformed message. nullopt
// for errors that get no answer (a message cut short: the client left or the stream broke).
std::optional<http::Response> parse_error_response(const boost::beast::error_code& ec, const HttpServerOptions& options);

// One request read from the front of a byte string, as a connection reads it.
struct ParsedRequest {
  enum class Outcome {
    kRequest,     // `request` holds a complete request
    kError,       // `error` holds the answer; the connection closes after it
    kIncomplete,  // the bytes end inside a request: the server waits, then closes unanswered
  };
  Outcome outcome = Outcome::kIncomplete;
  std::optional<http::Request> request;
  std::optional<http::Response> error;
  bool head_request = false;     // HEAD: the response carries no body bytes
  bool keep_alive = true;        // the request allows another one on the connection
  std::size_t consumed_bytes = 0;  // where the next pipelined request starts (kRequest)
};

// Reads the request at the front of `bytes` with the server's limits; `secure` as for
// from_beast_request. `bytes` ending is the client's end of stream.
ParsedRequest parse_request(std::string_view bytes, const HttpServerOptions& options, bool secure);

}  // namespace drdrill::transport
