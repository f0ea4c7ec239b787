#include "http/request.h"

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
  std::string h(headers.get("Host").value_or(""));
  // "[::1]:8080" keeps its brackets; "name:port" loses the port.
  const auto colon = h.rfind(':');
  if (colon != std::string::npos && h.find(']', colon) == std::string::npos) h.resize(colon);
  for (char& c : h) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return h;
}

}  // namespace drdrill::http
