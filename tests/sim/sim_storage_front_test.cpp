// Which account and endpoint the storage front attributes a Blob request to (outages, stale DNS and
// the secondary-write invariant all key on it), in both addressing styles.

#include "sim/storage_front.h"

#include <gtest/gtest.h>

#include <string>

namespace drdrill::sim {
namespace {

http::Request request(std::string host, std::string target) {
  http::Request r;
  r.target = std::move(target);
  if (!host.empty()) r.headers.add("Host", std::move(host));
  return r;
}

TEST(BlobEndpointOf, HostStyleNamesTheAccountAndTheSecondaryByTheFirstLabel) {
  const BlobEndpointOf primary = blob_endpoint_of(request("lakeprimary.blob.core.windows.net", "/c/b"));
  EXPECT_EQ(primary.account, "lakeprimary");
  EXPECT_FALSE(primary.secondary);
  const BlobEndpointOf secondary = blob_endpoint_of(request("lakeprimary-secondary.blob.localhost:10000", "/c/b"));
  EXPECT_EQ(secondary.account, "lakeprimary");
  EXPECT_TRUE(secondary.secondary);
}

TEST(BlobEndpointOf, HostStyleIgnoresCaseAndThePort) {
  const BlobEndpointOf e = blob_endpoint_of(request("LakePrimary-Secondary.BLOB.core.windows.net:443", "/c/b"));
  EXPECT_EQ(e.account, "lakeprimary");
  EXPECT_TRUE(e.secondary);
}

TEST(BlobEndpointOf, OtherHostsArePathStyle) {
  const BlobEndpointOf e = blob_endpoint_of(request("127.0.0.1:10000", "/devstoreaccount1-secondary/c/b?comp=x"));
  EXPECT_EQ(e.account, "devstoreaccount1");
  EXPECT_TRUE(e.secondary);
  const BlobEndpointOf no_host = blob_endpoint_of(request("", "/acct"));
  EXPECT_EQ(no_host.account, "acct");
  EXPECT_FALSE(no_host.secondary);
  // "-secondary" alone is a label, not an empty account's secondary.
  EXPECT_EQ(blob_endpoint_of(request("[::1]:10000", "/-secondary/c")).account, "-secondary");
}

}  // namespace
}  // namespace drdrill::sim
