// Shared access signatures: the strings to sign of the SAS versions @azure/storage-blob generates,
// signatures pinned from OpenSSL (same recipe as shared_key_test.cpp), and what a SAS lets a request
// do through the service.

#include "storage/sas.h"

#include <gtest/gtest.h>

#include "blob_test_support.h"

namespace drdrill::storage {
namespace {

using http::Method;
using testing::BlobWorld;

SasValues account_sas() {
  SasValues s;
  s.version = "2025-11-05";
  s.services = "b";
  s.resource_types = "sco";
  s.permissions = "rwdlac";
  s.expiry = "2026-01-02T00:00:00Z";
  s.protocol = "https,http";
  return s;
}

SasValues blob_sas() {
  SasValues s;
  s.version = "2025-11-05";
  s.resource = "b";
  s.permissions = "r";
  s.expiry = "2026-01-02T00:00:00Z";
  s.protocol = "https,http";
  return s;
}

TEST(AccountSas, StringToSignHasTheEncryptionScopeLineFromVersion20201206) {
  EXPECT_EQ(account_sas_string_to_sign(account_sas(), "devstoreaccount1"),
            "devstoreaccount1\nrwdlac\nb\nsco\n\n2026-01-02T00:00:00Z\n\nhttps,http\n2025-11-05\n\n");
  SasValues old = account_sas();
  old.version = "2019-12-12";
  EXPECT_EQ(account_sas_string_to_sign(old, "devstoreaccount1"),
            "devstoreaccount1\nrwdlac\nb\nsco\n\n2026-01-02T00:00:00Z\n\nhttps,http\n2019-12-12\n");
}

TEST(AccountSas, SignatureMatchesTheVectorComputedWithOpenssl) {
  BlobWorld w;
  SasValues s = account_sas();
  sign_account_sas(s, "devstoreaccount1", w.account().signing_keys()[0]);
  EXPECT_EQ(s.signature, "GvgVFl3d72eZ1W+wOCrRo82bK3NrzqCUWpc2720jC68=");
}

TEST(ServiceSas, StringToSignFollowsTheVersion) {
  EXPECT_EQ(service_sas_string_to_sign(blob_sas(), "devstoreaccount1", "data", "a.txt"),
            "r\n\n2026-01-02T00:00:00Z\n/blob/devstoreaccount1/data/a.txt\n\n\nhttps,http\n2025-11-05\nb\n\n\n\n\n\n\n");
  SasValues v2018 = blob_sas();
  v2018.version = "2019-02-02";
  EXPECT_EQ(service_sas_string_to_sign(v2018, "devstoreaccount1", "data", "a.txt"),
            "r\n\n2026-01-02T00:00:00Z\n/blob/devstoreaccount1/data/a.txt\n\n\nhttps,http\n2019-02-02\nb\n\n\n\n\n\n");
  SasValues v2015 = blob_sas();
  v2015.version = "2016-05-31";
  EXPECT_EQ(service_sas_string_to_sign(v2015, "devstoreaccount1", "data", "a.txt"),
            "r\n\n2026-01-02T00:00:00Z\n/blob/devstoreaccount1/data/a.txt\n\n\nhttps,http\n2016-05-31\n\n\n\n\n");
  SasValues container = blob_sas();
  container.resource = "c";
  EXPECT_EQ(service_sas_string_to_sign(container, "devstoreaccount1", "data", "ignored.txt"),
            "r\n\n2026-01-02T00:00:00Z\n/blob/devstoreaccount1/data\n\n\nhttps,http\n2025-11-05\nc\n\n\n\n\n\n\n");
}

TEST(ServiceSas, SignatureMatchesTheVectorComputedWithOpenssl) {
  BlobWorld w;
  SasValues s = blob_sas();
  sign_service_sas(s, "devstoreaccount1", w.account().signing_keys()[0], "data", "a.txt");
  EXPECT_EQ(s.signature, "kiuNKVqyMLoTJO0IjAQuzTfcGv3EL+LYm7uixGSanAc=");
}

class SasThroughTheService : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(w.create_container("data").status, 201);
    ASSERT_EQ(w.put_blob("data", "a.txt", "hello").status, 201);
  }

  // An unsigned request carrying the SAS in its query, as a SAS URL does.
  http::Response send(Method method, const std::string& path, const SasValues& sas, std::string body = {}) {
    auto r = w.request(method, path + (path.find('?') == std::string::npos ? "?" : "&") + sas.to_query(),
                       std::move(body));
    if (method == Method::kPut && path.find('?') == std::string::npos) r.headers.add("x-ms-blob-type", "BlockBlob");
    return w.send_unsigned(r);
  }

  SasValues signed_account_sas(std::string permissions, std::string resource_types = "sco") {
    SasValues s = account_sas();
    s.permissions = std::move(permissions);
    s.resource_types = std::move(resource_types);
    sign_account_sas(s, "devstoreaccount1", w.account().signing_keys()[1]);
    return s;
  }

  BlobWorld w;
};

TEST_F(SasThroughTheService, AnAccountSasReadsWritesAndLists) {
  const SasValues sas = signed_account_sas("rwl");
  EXPECT_EQ(send(Method::kGet, "/devstoreaccount1/data/a.txt", sas).body, "hello");
  EXPECT_EQ(send(Method::kPut, "/devstoreaccount1/data/b.txt", sas, "new").status, 201);
  EXPECT_EQ(send(Method::kGet, "/devstoreaccount1/data?restype=container&comp=list", sas).status, 200);
  EXPECT_EQ(send(Method::kGet, "/devstoreaccount1/?comp=list", sas).status, 200);
}

TEST_F(SasThroughTheService, PermissionsResourceTypesAndServicesAreEnforced) {
  const auto read_only = signed_account_sas("r");
  auto r = send(Method::kPut, "/devstoreaccount1/data/b.txt", read_only, "x");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "AuthorizationPermissionMismatch");

  const auto objects_only = signed_account_sas("rwdlac", "o");
  r = send(Method::kGet, "/devstoreaccount1/data?restype=container&comp=list", objects_only);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "AuthorizationResourceTypeMismatch");

  SasValues queue_only = account_sas();
  queue_only.services = "q";
  sign_account_sas(queue_only, "devstoreaccount1", w.account().signing_keys()[0]);
  r = send(Method::kGet, "/devstoreaccount1/data/a.txt", queue_only);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "AuthorizationServiceMismatch");
}

TEST_F(SasThroughTheService, ExpiryAndStartAreCheckedAgainstTheInjectedClock) {
  const SasValues sas = signed_account_sas("r");  // expires 2026-01-02T00:00:00Z
  w.clock().set(kDefaultEpoch + 24h);
  EXPECT_EQ(send(Method::kGet, "/devstoreaccount1/data/a.txt", sas).status, 200);
  w.clock().advance(1s);
  const auto r = send(Method::kGet, "/devstoreaccount1/data/a.txt", sas);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "AuthenticationFailed");
  EXPECT_NE(r.body.find("Signature not valid in the specified time frame"), std::string::npos);

  SasValues later = account_sas();
  later.start = "2026-01-01T12:00:00Z";
  sign_account_sas(later, "devstoreaccount1", w.account().signing_keys()[0]);
  w.clock().set(kDefaultEpoch + 11h);
  EXPECT_EQ(send(Method::kGet, "/devstoreaccount1/data/a.txt", later).status, 403);
  w.clock().set(kDefaultEpoch + 12h);
  EXPECT_EQ(send(Method::kGet, "/devstoreaccount1/data/a.txt", later).status, 200);
}

TEST_F(SasThroughTheService, ATamperedSasFailsWithTheStringToSign) {
  SasValues sas = signed_account_sas("r");
  sas.permissions = "rwdl";  // widened after signing
  const auto r = send(Method::kGet, "/devstoreaccount1/data/a.txt", sas);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("Signature did not match. String to sign used was devstoreaccount1\nrwdl\n"),
            std::string::npos);
}

TEST_F(SasThroughTheService, HttpsOnlySasIsRefusedOverPlainHttp) {
  SasValues sas = account_sas();
  sas.protocol = "https";
  sign_account_sas(sas, "devstoreaccount1", w.account().signing_keys()[0]);
  auto r = w.request(Method::kGet, "/devstoreaccount1/data/a.txt?" + sas.to_query());
  EXPECT_EQ(w.send_unsigned(r).headers.get("x-ms-error-code"), "AuthorizationProtocolMismatch");
  r.secure = true;
  EXPECT_EQ(w.send_unsigned(r).status, 200);
}

TEST_F(SasThroughTheService, ABlobSasReadsOnlyItsBlobAndOverridesResponseHeaders) {
  SasValues sas = blob_sas();
  sas.content_type = "text/csv";
  sas.content_disposition = "attachment";
  sign_service_sas(sas, "devstoreaccount1", w.account().signing_keys()[0], "data", "a.txt");
  const auto r = send(Method::kGet, "/devstoreaccount1/data/a.txt", sas);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("Content-Type"), "text/csv");
  EXPECT_EQ(r.headers.get("Content-Disposition"), "attachment");
  ASSERT_EQ(w.put_blob("data", "other.txt", "x").status, 201);
  EXPECT_EQ(send(Method::kGet, "/devstoreaccount1/data/other.txt", sas).headers.get("x-ms-error-code"),
            "AuthenticationFailed");
  EXPECT_EQ(send(Method::kPut, "/devstoreaccount1/data/a.txt", sas, "y").headers.get("x-ms-error-code"),
            "AuthorizationPermissionMismatch");
}

TEST_F(SasThroughTheService, AContainerSasListsAndReadsInItsContainerButCannotCreateContainers) {
  SasValues sas = blob_sas();
  sas.resource = "c";
  sas.permissions = "rl";
  sign_service_sas(sas, "devstoreaccount1", w.account().signing_keys()[0], "data", "");
  EXPECT_EQ(send(Method::kGet, "/devstoreaccount1/data?restype=container&comp=list", sas).status, 200);
  EXPECT_EQ(send(Method::kGet, "/devstoreaccount1/data/a.txt", sas).status, 200);
  EXPECT_EQ(send(Method::kPut, "/devstoreaccount1/data?restype=container", sas).status, 403);
}

TEST_F(SasThroughTheService, UnmodelledSasKindsAreRefusedSayingSo) {
  SasValues policy = blob_sas();
  policy.identifier = "policy-1";
  sign_service_sas(policy, "devstoreaccount1", w.account().signing_keys()[0], "data", "a.txt");
  const auto r = send(Method::kGet, "/devstoreaccount1/data/a.txt", policy);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("Stored access policies"), std::string::npos);
}

TEST(SasQuery, RoundTripsThroughAUrl) {
  SasValues s = account_sas();
  s.signature = "a+b/c=";
  const std::string query = s.to_query();
  EXPECT_NE(query.find("sig=a%2Bb%2Fc%3D"), std::string::npos);
  EXPECT_NE(query.find("se=2026-01-02T00%3A00%3A00Z"), std::string::npos);
  const auto parsed = http::QueryParams::parse(query);
  ASSERT_TRUE(parsed.ok());
  const SasValues back = SasValues::from_query(*parsed);
  EXPECT_EQ(back.signature, "a+b/c=");
  EXPECT_EQ(back.expiry, s.expiry);
  EXPECT_TRUE(back.is_account_sas());
}

}  // namespace
}  // namespace drdrill::storage
