#include "http/request.h"

#include "core/ascii_case.h"

namespace drdrill::http {

std::string_view Request::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view Request::query() const {
  std::string_view t = target;
  const auto q = t.find('?');
  return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

std::string Request::host() const {
  return ascii_lower(host_without_port());
}

std::string_view Request::host_without_port() const {
  std::string_view h = headers.get("Host").value_or("");
  // "[::1]:8080" keeps its brackets; "name:port" loses the port.
  const auto colon = h.rfind(':');
  if (colon != std::string_view::npos && h.find(']', colon) == std::string_view::npos) h = h.substr(0, colon);
  return h;
}

}  // namespace drdrill::http
