// Anonymous access per container public access level, addressing styles, several accounts, and the
// outage flag.

#include <gtest/gtest.h>

#include "blob_test_support.h"

namespace drdrill::storage {
namespace {

using http::Method;
using testing::BlobWorld;

void create_public_container(BlobWorld& w, std::string_view name, std::string_view level) {
  auto r = w.request(Method::kPut, "/devstoreaccount1/" + std::string(name) + "?restype=container");
  if (!level.empty()) r.headers.add("x-ms-blob-public-access", std::string(level));
  ASSERT_EQ(w.send(r).status, 201);
  ASSERT_EQ(w.put_blob(name, "a.txt", "public?").status, 201);
}

TEST(BlobAnonymousAccess, ContainerLevelAllowsReadingAndListing) {
  BlobWorld w;
  create_public_container(w, "open", "container");
  EXPECT_EQ(w.send_unsigned(w.request(Method::kGet, "/devstoreaccount1/open/a.txt")).body, "public?");
  EXPECT_EQ(w.send_unsigned(w.request(Method::kHead, "/devstoreaccount1/open/a.txt")).status, 200);
  EXPECT_EQ(w.send_unsigned(w.request(Method::kGet, "/devstoreaccount1/open?restype=container&comp=list")).status, 200);
}

TEST(BlobAnonymousAccess, BlobLevelAllowsReadingButNotListing) {
  BlobWorld w;
  create_public_container(w, "halfopen", "blob");
  EXPECT_EQ(w.send_unsigned(w.request(Method::kGet, "/devstoreaccount1/halfopen/a.txt")).status, 200);
  const auto list = w.send_unsigned(w.request(Method::kGet, "/devstoreaccount1/halfopen?restype=container&comp=list"));
  EXPECT_EQ(list.status, 403);
  EXPECT_EQ(list.headers.get("x-ms-error-code"), "AuthenticationFailed");
}

TEST(BlobAnonymousAccess, NeverWritesAndNeverReadsAPrivateContainer) {
  BlobWorld w;
  create_public_container(w, "open", "container");
  create_public_container(w, "private", "");
  auto put = w.request(Method::kPut, "/devstoreaccount1/open/b.txt", "x");
  put.headers.add("x-ms-blob-type", "BlockBlob");
  EXPECT_EQ(w.send_unsigned(put).status, 403);
  const auto r = w.send_unsigned(w.request(Method::kGet, "/devstoreaccount1/private/a.txt"));
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("<AuthenticationErrorDetail>The request carries no credentials"), std::string::npos);
  EXPECT_EQ(w.send_unsigned(w.request(Method::kGet, "/devstoreaccount1/?comp=list")).status, 403);
}

TEST(BlobAnonymousAccess, InvalidAccessLevelIs400) {
  BlobWorld w;
  auto r = w.request(Method::kPut, "/devstoreaccount1/data?restype=container");
  r.headers.add("x-ms-blob-public-access", "everyone");
  EXPECT_EQ(w.send(r).headers.get("x-ms-error-code"), "InvalidHeaderValue");
}

TEST(BlobAddressing, HostStyleReachesTheSameDataAsPathStyle) {
  BlobWorld w;
  ASSERT_EQ(w.create_container("data").status, 201);
  ASSERT_EQ(w.put_blob("data", "dir/a.txt", "same").status, 201);
  for (const char* host : {"devstoreaccount1.blob.localhost:10000", "DevStoreAccount1.Blob.Localhost",
                           "devstoreaccount1.blob.core.windows.net"}) {
    auto r = w.request(Method::kGet, "/data/dir/a.txt");
    r.headers.set("Host", host);
    EXPECT_EQ(w.send(r).body, "same") << host;
  }
}

TEST(BlobAddressing, SeveralAccountsAreKeptApart) {
  BlobWorld w;
  AccountConfig other = AccountConfig::devstoreaccount1();
  other.name = "otheraccount";
  Account* second = w.state().add_account(other).value();
  ASSERT_EQ(w.create_container("data").status, 201);
  auto r = w.request(Method::kPut, "/otheraccount/data?restype=container");
  sign_shared_key(r, "otheraccount", second->signing_keys()[0]);
  EXPECT_EQ(w.service().handle(r).status, 201);
  EXPECT_NE(second->primary().find_container("data"), nullptr);
  // A signature for one account does not open another.
  auto cross = w.request(Method::kGet, "/otheraccount/?comp=list");
  sign_shared_key(cross, "devstoreaccount1", w.account().signing_keys()[0]);
  EXPECT_EQ(w.service().handle(cross).status, 403);
}

TEST(BlobAddressing, UnknownAccountsInEitherStyleAre404ResourceNotFound) {
  BlobWorld w;
  auto host_style = w.request(Method::kGet, "/?comp=list");
  host_style.headers.set("Host", "nosuch.blob.localhost");
  EXPECT_EQ(w.send_unsigned(host_style).headers.get("x-ms-error-code"), "ResourceNotFound");
  EXPECT_EQ(w.send_unsigned(w.request(Method::kGet, "/nosuch/c/b")).headers.get("x-ms-error-code"),
            "ResourceNotFound");
}

TEST(BlobAddressing, NoAccountOrABadEscapeIs400InvalidUri) {
  BlobWorld w;
  EXPECT_EQ(w.send_unsigned(w.request(Method::kGet, "/")).headers.get("x-ms-error-code"), "InvalidUri");
  EXPECT_EQ(w.send_unsigned(w.request(Method::kGet, "/devstoreaccount1/data/a%zz")).headers.get("x-ms-error-code"),
            "InvalidUri");
}

TEST(BlobOutage, ARegionDownAnswers503ServerBusyOnItsEndpointsOnly) {
  BlobWorld w;
  ASSERT_EQ(w.create_container("data").status, 201);
  w.state().outages().set("eastus", OutageMode::kServerBusy);
  const auto primary = w.send(w.request(Method::kGet, "/devstoreaccount1/data?restype=container"));
  EXPECT_EQ(primary.status, 503);
  EXPECT_EQ(primary.headers.get("x-ms-error-code"), "ServerBusy");
  // The secondary lives in the paired region (westus) and keeps serving reads.
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/data?restype=container")).status, 200);
  w.state().outages().set("eastus", OutageMode::kNone);
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1/data?restype=container")).status, 200);
}

TEST(BlobOutage, TheTransportCanAskHowAnEndpointFails) {
  BlobWorld w;
  w.state().outages().set("westus", OutageMode::kRefuseConnections);
  auto secondary = w.request(Method::kGet, "/data/a.txt");
  secondary.headers.set("Host", "devstoreaccount1-secondary.blob.localhost:10000");
  EXPECT_EQ(w.service().outage_mode(secondary), OutageMode::kRefuseConnections);
  EXPECT_EQ(w.service().outage_mode(w.request(Method::kGet, "/devstoreaccount1-secondary/data")),
            OutageMode::kRefuseConnections);
  EXPECT_EQ(w.service().outage_mode(w.request(Method::kGet, "/devstoreaccount1/data")), OutageMode::kNone);
  EXPECT_EQ(w.service().outage_mode(w.request(Method::kGet, "/nosuch/data")), OutageMode::kNone);
  // handle() itself never hangs or refuses: it answers 503.
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/?comp=list")).status, 503);
}

}  // namespace
}  // namespace drdrill::storage
