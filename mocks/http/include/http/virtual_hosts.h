#pragma once
// VirtualHosts: a Handler that picks a handler by the request's Host header.
//
// Storage accounts are addressed two ways, often by the same client run, and both must reach the
// same model on one listener:
//   path style  http://127.0.0.1:PORT/<account>[-secondary]/<container>/<blob>
//   host style  http://<account>[-secondary].blob.localhost:PORT/<container>/<blob>
// (host style is the only form the JS SDK's retryOptions.secondaryHost can express). The intended
// wiring is one account-relative Router, reached both through a host pattern and through a mount:
//
//   Router account;                                   // "/", "/{container}", "/{container}/{blob...}"
//   account.add(Method::kGet, "/{container}/{blob...}", get_blob);   // params.at("account") in both styles
//   Router path_style;
//   path_style.mount("/{account}", account);          // "/acct/c/b" -> account sees "/c/b"
//   VirtualHosts front(path_style);                   // hosts that match no pattern: path style
//   front.add("{account}.blob.localhost", account);   // "{account}" bound from the Host header
//
// A handler can tell the styles apart by RouteMatch::base_path ("/acct" or "").
//
// The first matching pattern by precedence (http/host_pattern.h: exact names beat patterns)
// handles the request; a request whose Host matches none (an IP address, "localhost", no Host at
// all) goes to the fallback.

#include <functional>
#include <string_view>
#include <vector>

#include "http/handler.h"
#include "http/host_pattern.h"
#include "http/request.h"
#include "http/response.h"
#include "http/route_params.h"

namespace drdrill::http {

// A handler that also receives what the host pattern captured. A Router is one.
using HostHandler = std::function<Response(const Request&, const RouteParams& host_params)>;

class VirtualHosts {
 public:
  // With no fallback, unmatched hosts get a plain 404.
  VirtualHosts();
  explicit VirtualHosts(Handler fallback);

  // Registers `handler` for hosts matching `host_pattern`. Aborts on a malformed pattern or one of
  // the same shape as a pattern already registered (route tables are code; see http/router.h).
  VirtualHosts& add(std::string_view host_pattern, HostHandler handler);
  VirtualHosts& set_fallback(Handler fallback);

  Response operator()(const Request& request) const;

 private:
  struct Host {
    HostPattern pattern;
    HostHandler handler;
  };

  std::vector<Host> hosts_;  // sorted by precedence
  Handler fallback_;
};

}  // namespace drdrill::http
