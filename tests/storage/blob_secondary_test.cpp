// The -secondary endpoint of a geo-redundant account (api-facts 2): reads come from the replicated
// copy, every write is 403 InsufficientAccountPermissions, Get Blob Service Stats reports the
// replication link, and without read access (GRS) nothing is served.

#include <gtest/gtest.h>

#include <deque>

#include "blob_test_support.h"

namespace drdrill::storage {
namespace {

using http::Method;
using testing::BlobWorld;
using testing::dump;

// A link that holds writes until the test delivers them, and reports a fixed Last Sync Time.
class HeldReplication final : public ReplicationLink {
 public:
  explicit HeldReplication(BlobStore& secondary) : secondary_(secondary) {}
  void replicate(Mutation write, TimePoint) override { pending_.push_back(std::move(write)); }
  GeoReplicationStats stats(TimePoint) const override { return stats_; }

  void deliver_all() {
    for (const Mutation& m : pending_) ASSERT_TRUE(secondary_.apply(m).ok());
    pending_.clear();
  }
  GeoReplicationStats stats_{GeoReplicationStatus::kLive, kDefaultEpoch + 30s};

 private:
  BlobStore& secondary_;
  std::deque<Mutation> pending_;
};

class BlobSecondary : public ::testing::Test {
 protected:
  void SetUp() override {
    auto owned = std::make_unique<HeldReplication>(w.account().secondary_for_replication());
    link = owned.get();
    w.account().set_replication_link(std::move(owned));
    ASSERT_EQ(w.create_container("data").status, 201);
    ASSERT_EQ(w.put_blob("data", "a.txt", "primary bytes").status, 201);
  }

  BlobWorld w;
  HeldReplication* link = nullptr;
};

TEST_F(BlobSecondary, RejectsPutWith403) {
  auto r = w.request(Method::kPut, "/devstoreaccount1-secondary/data/b.txt", "x");
  r.headers.add("x-ms-blob-type", "BlockBlob");
  const auto response = w.send(r);
  EXPECT_EQ(dump(response),
            "403\n"
            "Content-Type: application/xml\n"
            "x-ms-error-code: InsufficientAccountPermissions\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000003\n"
            "x-ms-version: 2025-11-05\n"
            "Date: Thu, 01 Jan 2026 00:00:00 GMT\n"
            "\n"
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<Error><Code>InsufficientAccountPermissions</Code><Message>Write operations are not allowed.\n"
            "RequestId:00000000-0000-4000-8000-000000000003\n"
            "Time:2026-01-01T00:00:00.0000000Z</Message></Error>");
  EXPECT_EQ(w.account().primary().find_blob("data", "b.txt"), nullptr);
}

TEST_F(BlobSecondary, RejectsEveryKindOfWriteWith403) {
  const std::vector<std::pair<Method, std::string>> writes = {
      {Method::kPut, "/devstoreaccount1-secondary/newcontainer?restype=container"},
      {Method::kDelete, "/devstoreaccount1-secondary/data?restype=container"},
      {Method::kPut, "/devstoreaccount1-secondary/data?restype=container&comp=metadata"},
      {Method::kDelete, "/devstoreaccount1-secondary/data/a.txt"},
      {Method::kPut, "/devstoreaccount1-secondary/data/a.txt?comp=block&blockid=QUFBQQ%3D%3D"},
      {Method::kPut, "/devstoreaccount1-secondary/data/a.txt?comp=blocklist"},
      {Method::kPut, "/devstoreaccount1-secondary/data/a.txt?comp=metadata"},
      {Method::kPut, "/devstoreaccount1-secondary/data/a.txt?comp=properties"},
  };
  for (const auto& [method, target] : writes) {
    const auto response = w.send(w.request(method, target));
    EXPECT_EQ(response.status, 403) << target;
    EXPECT_EQ(response.headers.get("x-ms-error-code"), "InsufficientAccountPermissions") << target;
  }
  // The primary is untouched.
  EXPECT_NE(w.account().primary().find_blob("data", "a.txt"), nullptr);
}

TEST_F(BlobSecondary, ReadsTheReplicatedCopySoANotYetReplicatedBlobIs404) {
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/data/a.txt")).headers.get("x-ms-error-code"),
            "ContainerNotFound");
  link->deliver_all();
  const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/data/a.txt"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "primary bytes");
  // Written after: visible on the primary at once, on the secondary only when it arrives.
  ASSERT_EQ(w.put_blob("data", "late.txt", "later").status, 201);
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/data/late.txt")).headers.get("x-ms-error-code"),
            "BlobNotFound");
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1/data/late.txt")).status, 200);
}

TEST_F(BlobSecondary, ListsTheReplicatedCopy) {
  link->deliver_all();
  ASSERT_EQ(w.put_blob("data", "late.txt", "later").status, 201);
  const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/data?restype=container&comp=list"));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("ServiceEndpoint=\"http://127.0.0.1:10000/devstoreaccount1-secondary/\""), std::string::npos);
  EXPECT_NE(r.body.find("<Name>a.txt</Name>"), std::string::npos);
  EXPECT_EQ(r.body.find("<Name>late.txt</Name>"), std::string::npos);
}

TEST_F(BlobSecondary, ServiceStatsReportTheLinksStatusAndLastSyncTime) {
  const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/?restype=service&comp=stats"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/xml");
  EXPECT_EQ(r.body,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<StorageServiceStats><GeoReplication><Status>live</Status>"
            "<LastSyncTime>Thu, 01 Jan 2026 00:00:30 GMT</LastSyncTime></GeoReplication></StorageServiceStats>");
  link->stats_ = {GeoReplicationStatus::kBootstrap, std::nullopt};
  EXPECT_NE(w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/?restype=service&comp=stats"))
                .body.find("<Status>bootstrap</Status><LastSyncTime />"),
            std::string::npos);
}

TEST_F(BlobSecondary, ServiceStatsOnThePrimaryIs400InvalidQueryParameterValue) {
  const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1/?restype=service&comp=stats"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "InvalidQueryParameterValue");
  EXPECT_NE(r.body.find("<QueryParameterName>comp</QueryParameterName>"), std::string::npos);
}

TEST_F(BlobSecondary, HostStyleSecondaryBehavesTheSame) {
  link->deliver_all();
  auto get = w.request(Method::kGet, "/data/a.txt");
  get.headers.set("Host", "devstoreaccount1-secondary.blob.localhost:10000");
  EXPECT_EQ(w.send(get).body, "primary bytes");
  auto put = w.request(Method::kPut, "/data/a.txt", "x");
  put.headers.set("Host", "devstoreaccount1-secondary.blob.localhost:10000");
  put.headers.add("x-ms-blob-type", "BlockBlob");
  EXPECT_EQ(w.send(put).headers.get("x-ms-error-code"), "InsufficientAccountPermissions");
}

TEST(BlobSecondaryOfGrs, RefusesReadsBecauseReadAccessIsOff) {
  BlobWorld w(Redundancy::kGrs);
  ASSERT_EQ(w.create_container("data").status, 201);
  ASSERT_EQ(w.put_blob("data", "a.txt", "x").status, 201);
  const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/data/a.txt"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "InsufficientAccountPermissions");
  EXPECT_NE(r.body.find("Read operations are currently disabled."), std::string::npos);
  const auto stats = w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/?restype=service&comp=stats"));
  EXPECT_EQ(stats.status, 403);
}

TEST(BlobSecondaryOfLrs, DoesNotExist) {
  BlobWorld w(Redundancy::kLrs);
  const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/?comp=list"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "ResourceNotFound");
}

}  // namespace
}  // namespace drdrill::storage
