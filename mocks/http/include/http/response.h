#pragma once
// Response: an HTTP response as a plain value.
//
// Content-Length is the transport's job: it is computed from `body` unless a handler sets it
// explicitly. In reply to HEAD the transport sends no body but keeps the Content-Length the body
// would have had, so a handler can answer HEAD exactly as it answers GET.

#include <string>

#include "http/headers.h"

namespace drdrill::http {

// How a transport delivers a response. Everything but kSend is a fault a service model asks for
// (a region outage): the client must meet a network failure, not an HTTP answer. Transports that
// cannot do better send a kSend response instead (the simulated path never needs to).
enum class Disposition {
  kSend,                   // write the response
  kCloseWithoutResponse,   // close the connection without answering (the client sees a reset)
  kHold,                   // answer nothing and keep the connection open until the client gives up
                           // or the transport's hold limit passes; then close it
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Close the connection after sending (the transport also closes on "Connection: close").
  bool close_connection = false;
  // kSend unless the service wants a network-level failure instead of this response.
  Disposition disposition = Disposition::kSend;

  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response json(int status, std::string body);
  static Response empty(int status);
};

// The standard reason phrase for a status code ("Not Found"); "Unknown" for unlisted codes.
std::string_view reason_phrase(int status);

}  // namespace drdrill::http
