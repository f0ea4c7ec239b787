// Put Blob, Get Blob and Get Blob Properties (HEAD), compared byte for byte under a manual clock.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "blob_test_support.h"

namespace drdrill::storage {
namespace {

using http::Method;
using testing::BlobWorld;
using testing::dump;

TEST(BlobContainerCreate, Answers201WithEtagAndLastModified) {
  BlobWorld w;
  EXPECT_EQ(dump(w.create_container("data")),
            "201\n"
            "ETag: \"0x1DC7AB192810000\"\n"
            "Last-Modified: Thu, 01 Jan 2026 00:00:00 GMT\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000001\n"
            "x-ms-version: 2025-11-05\n"
            "Date: Thu, 01 Jan 2026 00:00:00 GMT\n"
            "\n");
}

TEST(BlobPut, Answers201WithContentMd5AndServerEncryption) {
  BlobWorld w;
  w.create_container("data");
  w.clock().advance(1s);
  auto request = w.request(Method::kPut, "/devstoreaccount1/data/dir/a.txt", "hello world");
  request.headers.add("x-ms-blob-type", "BlockBlob");
  request.headers.add("x-ms-client-request-id", "client-1");
  EXPECT_EQ(dump(w.send(request)),
            "201\n"
            "ETag: \"0x1DC7AB193199680\"\n"
            "Last-Modified: Thu, 01 Jan 2026 00:00:01 GMT\n"
            "Content-MD5: XrY7u+Ae7tCTyyK7j1rNww==\n"
            "x-ms-request-server-encrypted: true\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000002\n"
            "x-ms-client-request-id: client-1\n"
            "x-ms-version: 2025-11-05\n"
            "Date: Thu, 01 Jan 2026 00:00:01 GMT\n"
            "\n");
}

TEST(BlobGet, ReturnsContentWithEveryHeaderTheClientsReadIncludingTheEtag) {
  BlobWorld w;
  w.create_container("data");
  w.clock().advance(1s);
  auto put = w.request(Method::kPut, "/devstoreaccount1/data/a.txt", "hello world");
  put.headers.add("x-ms-blob-type", "BlockBlob");
  put.headers.add("x-ms-blob-content-type", "text/plain");
  put.headers.add("x-ms-blob-content-language", "en");
  put.headers.add("x-ms-meta-Owner", "team-a");
  ASSERT_EQ(w.send(put).status, 201);
  w.clock().advance(1min);
  EXPECT_EQ(dump(w.send(w.request(Method::kGet, "/devstoreaccount1/data/a.txt"))),
            "200\n"
            "Last-Modified: Thu, 01 Jan 2026 00:00:01 GMT\n"
            "x-ms-creation-time: Thu, 01 Jan 2026 00:00:01 GMT\n"
            "x-ms-meta-Owner: team-a\n"
            "Content-Type: text/plain\n"
            "ETag: \"0x1DC7AB193199680\"\n"
            "Content-MD5: XrY7u+Ae7tCTyyK7j1rNww==\n"
            "Content-Language: en\n"
            "Accept-Ranges: bytes\n"
            "x-ms-blob-type: BlockBlob\n"
            "x-ms-lease-status: unlocked\n"
            "x-ms-lease-state: available\n"
            "x-ms-server-encrypted: true\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000003\n"
            "x-ms-version: 2025-11-05\n"
            "Date: Thu, 01 Jan 2026 00:01:01 GMT\n"
            "\n"
            "hello world");
}

TEST(BlobHead, AnswersLikeGetWithContentLengthAndNoBody) {
  BlobWorld w;
  w.create_container("data");
  ASSERT_EQ(w.put_blob("data", "a.txt", "hello world").status, 201);
  const auto get = w.send(w.request(Method::kGet, "/devstoreaccount1/data/a.txt"));
  const auto head = w.send(w.request(Method::kHead, "/devstoreaccount1/data/a.txt"));
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.headers.get("Content-Length"), "11");
  EXPECT_EQ(head.headers.get("ETag"), get.headers.get("ETag"));
  EXPECT_EQ(head.headers.get("Content-MD5"), get.headers.get("Content-MD5"));
  EXPECT_EQ(head.headers.get("x-ms-blob-type"), "BlockBlob");
}

TEST(BlobHead, MissingBlobCarriesTheCodeInTheErrorHeader) {
  BlobWorld w;
  w.create_container("data");
  const auto head = w.send(w.request(Method::kHead, "/devstoreaccount1/data/missing"));
  EXPECT_EQ(head.status, 404);
  EXPECT_EQ(head.headers.get("x-ms-error-code"), "BlobNotFound");
}

TEST(BlobGet, ARangeAnswers206WithContentRangeAndTheWholeBlobsMd5Aside) {
  BlobWorld w;
  w.create_container("data");
  ASSERT_EQ(w.put_blob("data", "a.txt", "0123456789").status, 201);
  auto request = w.request(Method::kGet, "/devstoreaccount1/data/a.txt");
  request.headers.add("x-ms-range", "bytes=2-5");
  const auto r = w.send(request);
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, "2345");
  EXPECT_EQ(r.headers.get("Content-Range"), "bytes 2-5/10");
  EXPECT_FALSE(r.headers.has("Content-MD5"));
  EXPECT_EQ(r.headers.get("x-ms-blob-content-md5"), "eB5eJF1ptWaXm4bijSPyxw==");  // MD5 of "0123456789"
}

TEST(BlobGet, XMsRangeWinsOverRangeAndOpenEndedRangesRunToTheEnd) {
  BlobWorld w;
  w.create_container("data");
  ASSERT_EQ(w.put_blob("data", "a.txt", "0123456789").status, 201);
  auto request = w.request(Method::kGet, "/devstoreaccount1/data/a.txt");
  request.headers.add("Range", "bytes=0-0");
  request.headers.add("x-ms-range", "bytes=7-");
  const auto r = w.send(request);
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, "789");
  EXPECT_EQ(r.headers.get("Content-Range"), "bytes 7-9/10");
}

TEST(BlobGet, ARangeEndingPastTheBlobIsClipped) {
  BlobWorld w;
  w.create_container("data");
  ASSERT_EQ(w.put_blob("data", "a.txt", "0123456789").status, 201);
  auto request = w.request(Method::kGet, "/devstoreaccount1/data/a.txt");
  request.headers.add("Range", "bytes=8-100");
  const auto r = w.send(request);
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, "89");
  EXPECT_EQ(r.headers.get("Content-Range"), "bytes 8-9/10");
}

TEST(BlobGet, ARangeStartingPastTheEndIs416WithTheSize) {
  BlobWorld w;
  w.create_container("data");
  ASSERT_EQ(w.put_blob("data", "a.txt", "0123456789").status, 201);
  auto request = w.request(Method::kGet, "/devstoreaccount1/data/a.txt");
  request.headers.add("x-ms-range", "bytes=10-20");
  const auto r = w.send(request);
  EXPECT_EQ(r.status, 416);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "InvalidRange");
  EXPECT_EQ(r.headers.get("Content-Range"), "bytes */10");
}

TEST(BlobGet, AMalformedRangeIsIgnoredButAMalformedXMsRangeIs400) {
  BlobWorld w;
  w.create_container("data");
  ASSERT_EQ(w.put_blob("data", "a.txt", "0123456789").status, 201);
  auto plain = w.request(Method::kGet, "/devstoreaccount1/data/a.txt");
  plain.headers.add("Range", "bytes=5-2");
  EXPECT_EQ(w.send(plain).status, 200);
  auto ms = w.request(Method::kGet, "/devstoreaccount1/data/a.txt");
  ms.headers.add("x-ms-range", "pages=1-2");
  const auto r = w.send(ms);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "InvalidHeaderValue");
}

TEST(BlobPut, WithoutBlobTypeIs400MissingRequiredHeader) {
  BlobWorld w;
  w.create_container("data");
  const auto r = w.send(w.request(Method::kPut, "/devstoreaccount1/data/a.txt", "x"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<Code>MissingRequiredHeader</Code>"), std::string::npos);
  EXPECT_NE(r.body.find("<HeaderName>x-ms-blob-type</HeaderName>"), std::string::npos);
}

TEST(BlobPut, IntoAMissingContainerIs404ContainerNotFound) {
  BlobWorld w;
  const auto r = w.put_blob("nothere", "a.txt", "x");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "ContainerNotFound");
}

TEST(BlobPut, ChecksATransactionalContentMd5) {
  BlobWorld w;
  w.create_container("data");
  auto request = w.request(Method::kPut, "/devstoreaccount1/data/a.txt", "hello world");
  request.headers.add("x-ms-blob-type", "BlockBlob");
  request.headers.add("Content-MD5", "eB5eJF1ptWaXm4bijSPyxw==");
  const auto r = w.send(request);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "Md5Mismatch");
  EXPECT_NE(r.body.find("<ServerCalculatedMd5>XrY7u+Ae7tCTyyK7j1rNww==</ServerCalculatedMd5>"), std::string::npos);
}

TEST(BlobPut, OverwritingKeepsCreationTimeAndChangesTheEtag) {
  BlobWorld w;
  w.create_container("data");
  const auto first = w.put_blob("data", "a.txt", "one");
  w.clock().advance(1h);
  const auto second = w.put_blob("data", "a.txt", "two");
  EXPECT_NE(first.headers.get("ETag"), second.headers.get("ETag"));
  const auto get = w.send(w.request(Method::kGet, "/devstoreaccount1/data/a.txt"));
  EXPECT_EQ(get.body, "two");
  EXPECT_EQ(get.headers.get("x-ms-creation-time"), "Thu, 01 Jan 2026 00:00:00 GMT");
  EXPECT_EQ(get.headers.get("Last-Modified"), "Thu, 01 Jan 2026 01:00:00 GMT");
}

TEST(BlobPut, RejectsMetadataNamesThatAreNotIdentifiers) {
  BlobWorld w;
  w.create_container("data");
  auto request = w.request(Method::kPut, "/devstoreaccount1/data/a.txt", "x");
  request.headers.add("x-ms-blob-type", "BlockBlob");
  request.headers.add("x-ms-meta-not-valid", "v");
  EXPECT_EQ(w.send(request).headers.get("x-ms-error-code"), "InvalidMetadata");
}

TEST(BlobMetadata, SetBlobMetadataReplacesItAndBumpsTheEtag) {
  BlobWorld w;
  w.create_container("data");
  const auto put = w.put_blob("data", "a.txt", "x");
  w.clock().advance(1s);
  auto set = w.request(Method::kPut, "/devstoreaccount1/data/a.txt?comp=metadata");
  set.headers.add("x-ms-meta-stage", "raw");
  const auto r = w.send(set);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.headers.get("ETag"), put.headers.get("ETag"));
  const auto get = w.send(w.request(Method::kHead, "/devstoreaccount1/data/a.txt"));
  EXPECT_EQ(get.headers.get("x-ms-meta-stage"), "raw");
  EXPECT_EQ(get.headers.get("ETag"), r.headers.get("ETag"));
}

TEST(BlobProperties, SetBlobPropertiesClearsContentHeadersItDoesNotSend) {
  BlobWorld w;
  w.create_container("data");
  auto put = w.request(Method::kPut, "/devstoreaccount1/data/a.txt", "x");
  put.headers.add("x-ms-blob-type", "BlockBlob");
  put.headers.add("x-ms-blob-content-type", "text/plain");
  put.headers.add("x-ms-blob-cache-control", "no-cache");
  ASSERT_EQ(w.send(put).status, 201);
  auto set = w.request(Method::kPut, "/devstoreaccount1/data/a.txt?comp=properties");
  set.headers.add("x-ms-blob-content-type", "application/json");
  ASSERT_EQ(w.send(set).status, 200);
  const auto head = w.send(w.request(Method::kHead, "/devstoreaccount1/data/a.txt"));
  EXPECT_EQ(head.headers.get("Content-Type"), "application/json");
  EXPECT_FALSE(head.headers.has("Cache-Control"));
  EXPECT_FALSE(head.headers.has("Content-MD5"));
}

TEST(BlobDelete, Answers202AndTheBlobIsGone) {
  BlobWorld w;
  w.create_container("data");
  ASSERT_EQ(w.put_blob("data", "a.txt", "x").status, 201);
  const auto r = w.send(w.request(Method::kDelete, "/devstoreaccount1/data/a.txt"));
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.headers.get("x-ms-delete-type-permanent"), "true");
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1/data/a.txt")).status, 404);
  EXPECT_EQ(w.send(w.request(Method::kDelete, "/devstoreaccount1/data/a.txt")).headers.get("x-ms-error-code"),
            "BlobNotFound");
}

TEST(BlobNames, PercentEncodedNamesAreDecodedAndBackslashesAreSlashes) {
  BlobWorld w;
  w.create_container("data");
  ASSERT_EQ(w.put_blob("data", "dir%5Cmy%20file.txt", "x").status, 201);
  EXPECT_NE(w.account().primary().find_blob("data", "dir/my file.txt"), nullptr);
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1/data/dir/my%20file.txt")).body, "x");
}

TEST(BlobContainer, DeletingAContainerAnswers202AndRemovesItsBlobs) {
  BlobWorld w;
  w.create_container("data");
  ASSERT_EQ(w.put_blob("data", "a.txt", "x").status, 201);
  EXPECT_EQ(w.send(w.request(Method::kDelete, "/devstoreaccount1/data?restype=container")).status, 202);
  EXPECT_EQ(w.account().primary().blob_count(), 0u);
  EXPECT_EQ(w.create_container("data").status, 201);
  EXPECT_EQ(w.create_container("data").headers.get("x-ms-error-code"), "ContainerAlreadyExists");
}

TEST(BlobContainer, PropertiesCarryMetadataAndPublicAccess) {
  BlobWorld w;
  auto create = w.request(Method::kPut, "/devstoreaccount1/data?restype=container");
  create.headers.add("x-ms-blob-public-access", "blob");
  create.headers.add("x-ms-meta-team", "dr");
  ASSERT_EQ(w.send(create).status, 201);
  const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1/data?restype=container"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("x-ms-meta-team"), "dr");
  EXPECT_EQ(r.headers.get("x-ms-blob-public-access"), "blob");
}

TEST(BlobContainer, NamesMustFollowTheServiceRules) {
  BlobWorld w;
  for (const char* bad : {"ab", "Upper", "double--dash", "-lead", "trail-"}) {
    EXPECT_EQ(w.create_container(bad).headers.get("x-ms-error-code"), "InvalidResourceName") << bad;
  }
  EXPECT_EQ(w.create_container("ok-name-1").status, 201);
}

TEST(BlobAccountInfo, ReportsTheSku) {
  BlobWorld w;
  const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1/?restype=account&comp=properties"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("x-ms-sku-name"), "Standard_RAGRS");
}

TEST(BlobService, UnknownAccountIs404ResourceNotFoundAsInAzurite) {
  BlobWorld w;
  const auto r = w.send_unsigned(w.request(Method::kGet, "/nosuchaccount/data/a.txt"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "ResourceNotFound");
}

TEST(BlobService, UnmodelledOperationsAre501AndUnknownVerbs405) {
  BlobWorld w;
  w.create_container("data");
  EXPECT_EQ(w.send(w.request(Method::kPut, "/devstoreaccount1/data/a?comp=lease")).status, 501);
  EXPECT_EQ(w.send(w.request(Method::kPost, "/devstoreaccount1/data/a")).status, 405);
}

TEST(BlobService, EchoesTheClientsVersionAndDefaultsWhenNoneIsSent) {
  BlobWorld w;
  auto request = w.request(Method::kGet, "/devstoreaccount1/?comp=list");
  request.headers.set("x-ms-version", "2021-06-08");
  EXPECT_EQ(w.send(request).headers.get("x-ms-version"), "2021-06-08");
  request.headers.remove("x-ms-version");
  EXPECT_EQ(w.send(request).headers.get("x-ms-version"), kDefaultServiceVersion);
}

TEST(BlobService, CountsRequestIdsInLowerCaseHexWithTwelveDigits) {
  BlobWorld w;
  std::vector<std::string> ids;
  for (int i = 0; i < 300; ++i) {
    const http::Response r = w.send(w.request(Method::kGet, "/devstoreaccount1/?comp=list"));
    ids.emplace_back(r.headers.get("x-ms-request-id").value_or(""));
  }
  EXPECT_EQ(ids[0], "00000000-0000-4000-8000-000000000001");
  EXPECT_EQ(ids[9], "00000000-0000-4000-8000-00000000000a");
  EXPECT_EQ(ids[15], "00000000-0000-4000-8000-000000000010");
  EXPECT_EQ(ids[299], "00000000-0000-4000-8000-00000000012c");
}

}  // namespace
}  // namespace drdrill::storage
