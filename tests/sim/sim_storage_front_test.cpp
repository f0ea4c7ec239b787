// Which account and endpoint the storage front attributes a Blob request to (outages, stale DNS and
// the secondary-write invariant all key on it), in both addressing styles.

#include "sim/storage_front.h"

#include <gtest/gtest.h>

#include <string>

namespace drdrill::sim {
namespace {

// "account" or "account (secondary)": the endpoint the front attributes a request to Host `host`
// (none if empty) and `target`.
std::string endpoint_of(std::string host, std::string target) {
  http::Request r;
  r.target = std::move(target);
  if (!host.empty()) r.headers.add("Host", std::move(host));
  const BlobEndpointOf e = blob_endpoint_of(r);
  return e.secondary ? e.account + " (secondary)" : e.account;
}

TEST(BlobEndpointOf, HostStyleNamesTheAccountAndTheSecondaryByTheFirstLabel) {
  EXPECT_EQ(endpoint_of("lakeprimary.blob.core.windows.net", "/c/b"), "lakeprimary");
  EXPECT_EQ(endpoint_of("lakeprimary-secondary.blob.localhost:10000", "/c/b"), "lakeprimary (secondary)");
}

TEST(BlobEndpointOf, HostStyleIgnoresCaseAndThePort) {
  EXPECT_EQ(endpoint_of("LakePrimary-Secondary.BLOB.core.windows.net:443", "/c/b"), "lakeprimary (secondary)");
}

TEST(BlobEndpointOf, OtherHostsArePathStyle) {
  EXPECT_EQ(endpoint_of("127.0.0.1:10000", "/devstoreaccount1-secondary/c/b?comp=x"), "devstoreaccount1 (secondary)");
  EXPECT_EQ(endpoint_of("", "/acct"), "acct");
  // "-secondary" alone is a label, not an empty account's secondary.
  EXPECT_EQ(endpoint_of("[::1]:10000", "/-secondary/c"), "-secondary");
}

}  // namespace
}  // namespace drdrill::sim
