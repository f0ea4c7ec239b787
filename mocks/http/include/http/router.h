#pragma once
// Router: dispatches a Request to the route registered for its method and path pattern.
//
// A Router is a Handler (it is callable with a Request and copyable), so the Beast transport can
// serve one and the simulated path can call one directly. Its route tables are code, written once
// at start-up: a malformed pattern or a duplicate route is a programming error and aborts with a
// message at registration, so a bad table never reaches a drill. Once built, a Router is only
// read: calling it from several threads at once is as safe as its route handlers are.
//
// Matching, in order:
// 1. The path is split into percent-decoded segments (http/url.h). A malformed escape or a path
//    not starting with '/' is answered 400 (RoutingError::kBadRequest).
// 2. Among this router's routes whose pattern matches the path, the one registered for the
//    request's method with the highest precedence (see http/path_pattern.h: at the leftmost
//    difference a literal beats "{param}" beats "{rest...}") handles it. A HEAD request with no HEAD
//    route falls back to the GET route, so a service answers HEAD as it answers GET (the transport
//    drops the body). Other methods are never substituted.
// 3. If routes match the path but none for this method: 405 with "Allow" listing every method
//    that would have been accepted (HEAD included wherever GET is), in Method enum order.
// 4. If no route matches the path, the mounts are tried (most specific prefix first, same
//    precedence rule); the first whose prefix matches hands the rest of the path to its router,
//    which then answers everything for it, 404 and 405 included.
// 5. Otherwise 404.
// Only after a route is chosen is the query string parsed; a malformed one is answered 400.
//
// Error responses come from the router's ErrorResponder, so each service answers in its own
// dialect (Azure: XML <Error> with x-ms-error-code; Databricks: {"error_code","message"} JSON).
// A mounted router without its own responder uses its parent's. Whatever the responder returns,
// the router sets "Allow" on a method-not-allowed response.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/handler.h"
#include "http/path_pattern.h"
#include "http/query.h"
#include "http/request.h"
#include "http/response.h"
#include "http/route_params.h"
#include "http/url.h"

namespace drdrill::http {

// What a route handler learns besides the request itself. Valid only during the call.
struct RouteMatch {
  // Decoded captures: parameters bound by the caller (a virtual host's "{account}"), then those of
  // each mount prefix, then the route's own, in that order.
  RouteParams params;
  QueryParams query;
  // The route's pattern as registered ("/{container}/{blob...}"), for logs and metrics.
  std::string_view pattern;
  // The raw (still encoded) part of the request path consumed by mount prefixes: "/devstoreaccount1"
  // when an account router is mounted at "/{account}", "" when the route was reached directly
  // (e.g. through a virtual host). A service builds its own base URL from it (Azure's
  // ServiceEndpoint is "http://127.0.0.1:10000/devstoreaccount1/" path-style, but
  // "http://acct.blob.localhost:10000/" host-style).
  std::string_view base_path;
};

using RouteHandler = std::function<Response(const Request&, const RouteMatch&)>;

// Why the router could not hand a request to a route.
struct RoutingError {
  enum class Kind { kBadRequest, kNotFound, kMethodNotAllowed };

  Kind kind = Kind::kNotFound;
  int status = 404;  // 400, 404 or 405 for the kinds above; responders normally keep it
  // For humans, e.g. "no route matches GET /api/2.0/jobs/nope". It quotes the raw request path,
  // so a responder embedding it in XML or JSON must escape it.
  std::string message;
  std::vector<Method> allowed;  // kMethodNotAllowed only: what "Allow" lists, in enum order
};

using ErrorResponder = std::function<Response(const Request&, const RoutingError&)>;

// The responder a router uses unless told otherwise: text/plain "<Reason Phrase>: <message>\n".
Response plain_text_error(const Request& request, const RoutingError& error);

// "GET, HEAD, PUT": the value of an Allow header for these methods.
std::string allow_header_value(const std::vector<Method>& methods);

class Router {
 public:
  Router() = default;

  // Registers `handler` for `method` on `pattern` (syntax in http/path_pattern.h). Aborts on a
  // malformed pattern, Method::kOther, or a pattern of the same shape already registered for this
  // method. Returns *this so a table reads as a chain.
  Router& add(Method method, std::string_view pattern, RouteHandler handler);

  // Hands every request whose path starts with `prefix` (no "{rest...}"), and which no route of
  // this router matches, to a copy of `router`, which sees only the rest of the path ("/acct" and
  // "/acct/" both become "/", "/acct/c/b" becomes "/c/b") and receives the prefix's captures as
  // bound parameters. Finish `router` first: later changes to the original are not seen. Aborts on a
  // malformed prefix or a second mount of the same shape.
  Router& mount(std::string_view prefix, Router router);

  // Replaces the responder for 400/404/405 (default: inherit from a parent, else plain_text_error).
  Router& set_error_responder(ErrorResponder responder);

  // How '+' in query strings decodes for this router's routes (default literal; the Databricks Go
  // SDK sends spaces as '+', the Azure SDKs as "%20").
  Router& set_query_plus_sign(PlusSign plus);

  // Serves a request. Usable wherever a Handler is expected.
  Response operator()(const Request& request) const;
  // Serves a request with parameters already captured elsewhere (a virtual host's "{account}"),
  // which the route handler sees ahead of the path's own. Usable wherever a HostHandler is expected.
  Response operator()(const Request& request, const RouteParams& bound) const;

 private:
  struct Route {
    Method method;
    PathPattern pattern;
    RouteHandler handler;
  };
  struct Mount {
    PathPattern prefix;
    std::shared_ptr<const Router> router;
  };

  Response dispatch(const Request& request, std::string_view raw_path, std::size_t base_len,
                    const RouteParams& bound, const ErrorResponder* inherited) const;
  Response fail(const Request& request, RoutingError error, const ErrorResponder* inherited) const;

  std::vector<Route> routes_;  // sorted by precedence, then method
  std::vector<Mount> mounts_;  // sorted by precedence
  ErrorResponder error_responder_;
  PlusSign query_plus_ = PlusSign::kLiteral;
};

}  // namespace drdrill::http
