#pragma once
// Response: an HTTP response as a plain value.
//
// Content-Length is the transport's job: it is computed from `body` unless a handler sets it
// explicitly. In reply to HEAD the transport sends no body but keeps the Content-Length the body
// would have had, so a handler can answer HEAD exactly as it answers GET.

#include <string>

#include "http/headers.h"

namespace drdrill::http {

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Close the connection after sending (the transport also closes on "Connection: close").
  bool close_connection = false;

  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response json(int status, std::string body);
  static Response empty(int status);
};

// The standard reason phrase for a status code ("Not Found"); "Unknown" for unlisted codes.
std::string_view reason_phrase(int status);

}  // namespace drdrill::http
