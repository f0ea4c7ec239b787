#pragma once
// BlobAddress: which account, endpoint, container and blob a request names.
//
// Two URL styles reach the fake (api-facts 1.1, 2), and both go through one account-relative route
// table (http/virtual_hosts.h):
//   path style  http://127.0.0.1:PORT/<account>[-secondary]/<container>/<blob>   (Azurite's default)
//   host style  http://<account>[-secondary].blob.localhost:PORT/<container>/<blob>
//               (also .blob.core.windows.net, for clients that insist on production host names)
// Any other host (an IP address, "localhost", a machine name) means path style. A label ending in
// "-secondary" names the secondary endpoint of the account before the suffix, in both styles.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "http/request.h"
#include "http/router.h"

namespace drdrill::storage {

// Host patterns that address an account in host style.
inline constexpr std::array<std::string_view, 2> kHostStylePatterns = {"{account}.blob.localhost",
                                                                       "{account}.blob.core.windows.net"};

struct BlobAddress {
  std::string account;      // the account's own name, without "-secondary"
  bool secondary = false;   // addressed through <account>-secondary
  bool host_style = false;
  std::string container;    // decoded; empty: the request is for the account (service) itself
  std::string blob;         // decoded, '\' turned into '/'; empty: the request is for the container
  // The raw path prefix naming the account in path style ("/devstoreaccount1-secondary"); empty in
  // host style. The service's base URL is <scheme>://<Host><account_path>/.
  std::string account_path;

  bool names_container() const { return !container.empty(); }
  bool names_blob() const { return !blob.empty(); }
};

// "acct-secondary" -> {"acct", true}.
std::pair<std::string, bool> split_account_label(std::string_view label);

// The address a routed request names: "{account}" from the host pattern or the path mount,
// "{container}" and "{blob...}" from the account-relative route.
BlobAddress blob_address(const http::RouteMatch& match);

// The account label a request names ("acct" or "acct-secondary"), found the same way the routes
// find it but without routing: for a transport asking about outages before it serves. nullopt if
// the request names no account.
std::optional<std::string> addressed_account_label(const http::Request& request);

// "http://127.0.0.1:10000/devstoreaccount1/": the ServiceEndpoint of list results.
std::string service_endpoint(const http::Request& request, const BlobAddress& address);

}  // namespace drdrill::storage
