#include "http/virtual_hosts.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace drdrill::http {

namespace {

[[noreturn]] void registration_failed(const std::string& message) {
  std::fprintf(stderr, "drdrill::http::VirtualHosts: %s\n", message.c_str());
  std::abort();
}

Response no_such_host(const Request& request) {
  return Response::text(404, "Not Found: no virtual host serves '" + request.host() + "'\n");
}

}  // namespace

VirtualHosts::VirtualHosts() : fallback_(no_such_host) {}

VirtualHosts::VirtualHosts(Handler fallback) : fallback_(std::move(fallback)) {
  if (!fallback_) registration_failed("empty fallback handler");
}

VirtualHosts& VirtualHosts::add(std::string_view host_pattern, HostHandler handler) {
  auto parsed = HostPattern::parse(host_pattern);
  if (!parsed.ok()) registration_failed(parsed.status().message());
  if (!handler) registration_failed("host '" + std::string(host_pattern) + "' has no handler");
  Host host{std::move(parsed).value(), std::move(handler)};
  const auto before = [](const Host& a, const Host& b) {
    return HostPattern::compare_precedence(a.pattern, b.pattern) < 0;
  };
  const auto at = std::lower_bound(hosts_.begin(), hosts_.end(), host, before);
  if (at != hosts_.end() && !before(host, *at)) {
    registration_failed("host '" + std::string(host_pattern) + "' duplicates '" + at->pattern.text() + "'");
  }
  hosts_.insert(at, std::move(host));
  return *this;
}

VirtualHosts& VirtualHosts::set_fallback(Handler fallback) {
  if (!fallback) registration_failed("empty fallback handler");
  fallback_ = std::move(fallback);
  return *this;
}

Response VirtualHosts::operator()(const Request& request) const {
  // Not lower-cased: HostPattern::match ignores case and lower-cases what it captures.
  const std::string_view host = request.host_without_port();
  for (const Host& h : hosts_) {
    RouteParams params;
    if (h.pattern.match(host, params)) return h.handler(request, params);
  }
  return fallback_(request);
}

}  // namespace drdrill::http
