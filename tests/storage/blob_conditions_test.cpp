// Conditional headers on reads (304/412/400) and writes (412/409), as api-facts 1.5 describes.

#include "storage/conditions.h"

#include <gtest/gtest.h>

#include "blob_test_support.h"

namespace drdrill::storage {
namespace {

using http::Method;
using testing::BlobWorld;

class BlobConditions : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(w.create_container("data").status, 201);
    w.clock().advance(10s);
    const auto put = w.put_blob("data", "a.txt", "v1");
    ASSERT_EQ(put.status, 201);
    etag = std::string(*put.headers.get("ETag"));
    modified = std::string(*put.headers.get("Last-Modified"));  // Thu, 01 Jan 2026 00:00:10 GMT
    w.clock().advance(1min);
  }

  http::Response get(std::string_view header, std::string value, std::string_view blob = "a.txt") {
    auto r = w.request(Method::kGet, "/devstoreaccount1/data/" + std::string(blob));
    r.headers.add(std::string(header), std::move(value));
    return w.send(r);
  }
  http::Response put(std::string_view header, std::string value, std::string_view blob = "a.txt") {
    auto r = w.request(Method::kPut, "/devstoreaccount1/data/" + std::string(blob), "v2");
    r.headers.add("x-ms-blob-type", "BlockBlob");
    r.headers.add(std::string(header), std::move(value));
    return w.send(r);
  }

  BlobWorld w;
  std::string etag;
  std::string modified;
};

TEST_F(BlobConditions, ReadWithMatchingIfNoneMatchIs304WithoutBody) {
  const auto r = get("If-None-Match", etag);
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "ConditionNotMet");
  EXPECT_EQ(r.headers.get("ETag"), etag);
  EXPECT_EQ(get("If-None-Match", "\"0x1\"").status, 200);
}

TEST_F(BlobConditions, ReadIfModifiedSinceComparesWholeSeconds) {
  EXPECT_EQ(get("If-Modified-Since", modified).status, 304);
  EXPECT_EQ(get("If-Modified-Since", "Thu, 01 Jan 2026 00:00:09 GMT").status, 200);
}

TEST_F(BlobConditions, ReadWithFailedIfMatchOrIfUnmodifiedSinceIs412) {
  EXPECT_EQ(get("If-Match", "\"0x1\"").status, 412);
  EXPECT_EQ(get("If-Match", etag).status, 200);
  EXPECT_EQ(get("If-Match", "*").status, 200);
  EXPECT_EQ(get("If-Match", "\"0x1\", " + etag).status, 200);
  EXPECT_EQ(get("If-Unmodified-Since", "Thu, 01 Jan 2026 00:00:09 GMT").status, 412);
  EXPECT_EQ(get("If-Unmodified-Since", modified).status, 200);
}

TEST_F(BlobConditions, ReadWithIfNoneMatchStarIs400UnsatisfiableCondition) {
  const auto r = get("If-None-Match", "*");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "UnsatisfiableCondition");
  EXPECT_EQ(get("If-None-Match", "*", "missing.txt").status, 400);
}

TEST_F(BlobConditions, ReadOfAMissingBlobWithIfMatchIs412ElseTheUsual404) {
  EXPECT_EQ(get("If-Match", etag, "missing.txt").status, 412);
  EXPECT_EQ(get("If-Modified-Since", modified, "missing.txt").status, 404);
}

TEST_F(BlobConditions, EitherOfIfNoneMatchAndIfModifiedSincePassingLetsTheReadThrough) {
  auto r = w.request(Method::kGet, "/devstoreaccount1/data/a.txt");
  r.headers.add("If-None-Match", etag);  // fails
  r.headers.add("If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT");  // passes
  EXPECT_EQ(w.send(r).status, 200);
}

TEST_F(BlobConditions, PutWithIfNoneMatchStarOnAnExistingBlobIs409BlobAlreadyExists) {
  const auto r = put("If-None-Match", "*");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "BlobAlreadyExists");
  EXPECT_EQ(put("If-None-Match", "*", "new.txt").status, 201);
}

TEST_F(BlobConditions, WritesWithAFailedConditionAre412AndChangeNothing) {
  EXPECT_EQ(put("If-Match", "\"0x1\"").status, 412);
  EXPECT_EQ(put("If-None-Match", etag).status, 412);
  EXPECT_EQ(put("If-Modified-Since", modified).status, 412);
  EXPECT_EQ(put("If-Unmodified-Since", "Thu, 01 Jan 2026 00:00:09 GMT").status, 412);
  EXPECT_EQ(put("If-Match", etag, "missing.txt").status, 412);
  EXPECT_EQ(w.account().primary().find_blob("data", "a.txt")->bytes(), "v1");
  EXPECT_EQ(w.account().primary().find_blob("data", "missing.txt"), nullptr);
}

TEST_F(BlobConditions, AnOptimisticWriteWithTheCurrentEtagSucceeds) {
  const auto r = put("If-Match", etag);
  EXPECT_EQ(r.status, 201);
  EXPECT_NE(r.headers.get("ETag"), etag);
  // The old ETag is now stale.
  EXPECT_EQ(put("If-Match", etag).status, 412);
}

TEST_F(BlobConditions, DeleteHonoursIfMatch) {
  auto stale = w.request(Method::kDelete, "/devstoreaccount1/data/a.txt");
  stale.headers.add("If-Match", "\"0x1\"");
  EXPECT_EQ(w.send(stale).status, 412);
  auto current = w.request(Method::kDelete, "/devstoreaccount1/data/a.txt");
  current.headers.add("If-Match", etag);
  EXPECT_EQ(w.send(current).status, 202);
}

TEST(ConditionalHeaders, IgnoreDatesThatDoNotParse) {
  http::Headers h;
  h.add("If-Modified-Since", "yesterday");
  const auto c = ConditionalHeaders::from(h);
  EXPECT_FALSE(c.if_modified_since.has_value());
  EXPECT_FALSE(check_read_conditions(c, ResourceVersion{"\"0x1\"", kDefaultEpoch}).has_value());
}

}  // namespace
}  // namespace drdrill::storage
