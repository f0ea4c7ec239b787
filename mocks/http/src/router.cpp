#include "http/router.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

namespace drdrill::http {

namespace {

constexpr std::array kMethodsInOrder = {Method::kGet,   Method::kHead,   Method::kPost,   Method::kPut,
                                        Method::kPatch, Method::kDelete, Method::kOptions};
// The allowed-methods table below is indexed by the enum's value.
static_assert(static_cast<std::size_t>(Method::kOptions) + 1 == kMethodsInOrder.size());

// Route tables are code; a bad one must stop the program where it is built, not misroute later.
[[noreturn]] void registration_failed(const std::string& message) {
  std::fprintf(stderr, "drdrill::http::Router: %s\n", message.c_str());
  std::abort();
}

PathPattern parse_or_abort(std::string_view pattern) {
  auto parsed = PathPattern::parse(pattern);
  if (!parsed.ok()) registration_failed(parsed.status().message());
  return std::move(parsed).value();
}

// Splits off the first `count` raw segments of `raw_path`: returns the length of that prefix and
// the rest as a path of its own ("/" when nothing is left, so "/acct" and "/acct/" both give "/").
std::pair<std::size_t, std::string_view> split_prefix(std::string_view raw_path, std::size_t count) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < count; ++i) {
    pos = raw_path.find('/', pos + 1);
    if (pos == std::string_view::npos) return {raw_path.size(), "/"};
  }
  return {pos, raw_path.substr(pos)};
}

}  // namespace

Response plain_text_error(const Request& /*request*/, const RoutingError& error) {
  return Response::text(error.status, std::string(reason_phrase(error.status)) + ": " + error.message + "\n");
}

std::string allow_header_value(const std::vector<Method>& methods) {
  std::string out;
  for (const Method m : methods) {
    if (!out.empty()) out += ", ";
    out += to_string(m);
  }
  return out;
}

Router& Router::add(Method method, std::string_view pattern, RouteHandler handler) {
  if (method == Method::kOther) registration_failed("route '" + std::string(pattern) + "' needs a named method");
  if (!handler) registration_failed("route '" + std::string(pattern) + "' has no handler");
  Route route{method, parse_or_abort(pattern), std::move(handler)};
  const auto before = [](const Route& a, const Route& b) {
    const auto order = PathPattern::compare_precedence(a.pattern, b.pattern);
    return order != 0 ? order < 0 : a.method < b.method;
  };
  const auto at = std::lower_bound(routes_.begin(), routes_.end(), route, before);
  if (at != routes_.end() && !before(route, *at)) {
    registration_failed(std::string(to_string(method)) + " '" + std::string(pattern) + "' duplicates " +
                        std::string(to_string(at->method)) + " '" + at->pattern.text() + "'");
  }
  routes_.insert(at, std::move(route));
  return *this;
}

Router& Router::mount(std::string_view prefix, Router router) {
  Mount entry{parse_or_abort(prefix), std::make_shared<const Router>(std::move(router))};
  if (entry.prefix.ends_with_rest()) registration_failed("mount prefix '" + std::string(prefix) + "' ends in {rest...}");
  const auto before = [](const Mount& a, const Mount& b) {
    return PathPattern::compare_precedence(a.prefix, b.prefix) < 0;
  };
  const auto at = std::lower_bound(mounts_.begin(), mounts_.end(), entry, before);
  if (at != mounts_.end() && !before(entry, *at)) {
    registration_failed("mount '" + std::string(prefix) + "' duplicates mount '" + at->prefix.text() + "'");
  }
  mounts_.insert(at, std::move(entry));
  return *this;
}

Router& Router::set_error_responder(ErrorResponder responder) {
  error_responder_ = std::move(responder);
  return *this;
}

Router& Router::set_query_plus_sign(PlusSign plus) {
  query_plus_ = plus;
  return *this;
}

Response Router::operator()(const Request& request) const { return (*this)(request, RouteParams{}); }

Response Router::operator()(const Request& request, const RouteParams& bound) const {
  return dispatch(request, request.path(), 0, bound, nullptr);
}

Response Router::fail(const Request& request, RoutingError error, const ErrorResponder* inherited) const {
  const ErrorResponder* responder = error_responder_ ? &error_responder_ : inherited;
  Response response = responder != nullptr ? (*responder)(request, error) : plain_text_error(request, error);
  if (error.kind == RoutingError::Kind::kMethodNotAllowed) {
    response.headers.set("Allow", allow_header_value(error.allowed));
  }
  return response;
}

Response Router::dispatch(const Request& request, std::string_view raw_path, std::size_t base_len,
                          const RouteParams& bound, const ErrorResponder* inherited) const {
  const std::string_view full_path = request.path();
  auto segments = split_path(raw_path);
  if (!segments.ok()) {
    return fail(request,
                {RoutingError::Kind::kBadRequest, 400, "malformed request path: " + segments.status().message(), {}},
                inherited);
  }

  // Routes are sorted by precedence, so the first match for a method is the best for it.
  const Route* chosen = nullptr;
  const Route* get_for_head = nullptr;
  std::array<bool, kMethodsInOrder.size()> allowed{};
  bool path_matched = false;
  for (const Route& route : routes_) {
    if (!route.pattern.matches(*segments)) continue;
    path_matched = true;
    allowed[static_cast<std::size_t>(route.method)] = true;
    if (chosen == nullptr && route.method == request.method) chosen = &route;
    if (get_for_head == nullptr && route.method == Method::kGet) get_for_head = &route;
  }
  if (chosen == nullptr && request.method == Method::kHead) chosen = get_for_head;

  if (chosen != nullptr) {
    RouteMatch match;
    match.params.reserve(bound.size() + chosen->pattern.segments().size());
    match.params.append(bound);
    chosen->pattern.match(*segments, match.params);  // matched above; this time keep the captures
    auto query = QueryParams::parse(request.query(), query_plus_);
    if (!query.ok()) {
      return fail(request,
                  {RoutingError::Kind::kBadRequest, 400, "malformed query string: " + query.status().message(), {}},
                  inherited);
    }
    match.query = std::move(query).value();
    match.pattern = chosen->pattern.text();
    match.base_path = full_path.substr(0, base_len);
    return chosen->handler(request, match);
  }

  if (path_matched) {
    if (allowed[static_cast<std::size_t>(Method::kGet)]) allowed[static_cast<std::size_t>(Method::kHead)] = true;
    RoutingError error{RoutingError::Kind::kMethodNotAllowed, 405, "", {}};
    for (std::size_t i = 0; i < kMethodsInOrder.size(); ++i) {
      if (allowed[i]) error.allowed.push_back(kMethodsInOrder[i]);
    }
    error.message = std::string(to_string(request.method)) + " is not allowed on " + std::string(full_path) +
                    " (allowed: " + allow_header_value(error.allowed) + ")";
    return fail(request, std::move(error), inherited);
  }

  for (const Mount& m : mounts_) {
    RouteParams params = bound;
    if (!m.prefix.match_prefix(*segments, params)) continue;
    const auto [consumed, rest] = split_prefix(raw_path, m.prefix.segments().size());
    const ErrorResponder* responder = error_responder_ ? &error_responder_ : inherited;
    return m.router->dispatch(request, rest, base_len + consumed, params, responder);
  }

  return fail(request,
              {RoutingError::Kind::kNotFound, 404,
               "no route matches " + std::string(to_string(request.method)) + " " + std::string(full_path),
               {}},
              inherited);
}

}  // namespace drdrill::http
