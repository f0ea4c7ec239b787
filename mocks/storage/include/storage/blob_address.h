#pragma once
// BlobAddress: which account, endpoint, container and blob a request names.
//
// Two URL styles reach the fake (api-facts 1.1, 2):
//   path style  http://127.0.0.1:PORT/<account>[-secondary]/<container>/<blob>  (Azurite's default)
//   host style  http://<account>[-secondary].blob.<domain>:PORT/<container>/<blob>
// Host style is recognised by a Host of the form "<label>.blob.<something>" (blob.localhost,
// blob.core.windows.net); every other host (an IP, "localhost", a machine name) means path style.
// That is narrower than Azurite, which takes any dotted non-IP host as host style, so that serving
// path-style URLs under a dotted machine name still works.
//
// The path is percent-decoded before it is split, and '\' in a blob name becomes '/', as Azurite and
// the service do.

#include <optional>
#include <string>

#include "http/request.h"

namespace drdrill::storage {

struct BlobAddress {
  std::string account;      // the account's own name, without "-secondary"
  bool secondary = false;   // addressed through <account>-secondary
  bool host_style = false;
  std::string container;    // empty: the request is for the account (service) itself
  std::string blob;         // empty: the request is for the container (or the service)
  // The raw path prefix that names the account in path style ("/devstoreaccount1-secondary"); empty
  // in host style. The service's URL is <scheme>://<Host><account_path>/.
  std::string account_path;

  bool names_container() const { return !container.empty(); }
  bool names_blob() const { return !blob.empty(); }
};

// nullopt when the request names no account (path style with an empty path).
std::optional<BlobAddress> parse_blob_address(const http::Request& request);

// "http://127.0.0.1:10000/devstoreaccount1/": the ServiceEndpoint of list results.
std::string service_endpoint(const http::Request& request, const BlobAddress& address);

}  // namespace drdrill::storage
