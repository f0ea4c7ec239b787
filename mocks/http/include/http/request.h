#pragma once
// Request: an HTTP request as a plain value. The simulated path builds these directly; the Beast
// transport builds them from the wire. Handlers never see sockets.

#include <string>
#include <string_view>

#include "http/headers.h"
#include "http/method.h"

namespace drdrill::http {

struct Request {
  Method method = Method::kGet;
  std::string target = "/";  // the raw request-target as sent: "/acct/c/b%20x?comp=list"
  Headers headers;
  std::string body;
  bool secure = false;       // arrived over TLS

  // The target's path, still percent-encoded (signatures are computed over it as sent).
  std::string_view path() const;
  // The target's query string without the '?', still percent-encoded; empty if none.
  std::string_view query() const;
  // The Host header without its port, lower-cased; empty if absent.
  std::string host() const;
  // The same as sent, without the lower-casing copy: "[::1]:8080" keeps its brackets, "Name:port"
  // reads "Name".
  std::string_view host_without_port() const;
};

}  // namespace drdrill::http
