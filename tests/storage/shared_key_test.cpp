// SharedKey: the string to sign, the header order and the signature, against vectors computed
// outside drdrill. Each signature below was computed once with OpenSSL from the string to sign
// shown next to it and pinned here:
//   KEY=$(printf '<base64 key>' | base64 -d | xxd -p -c 256)
//   printf '<string to sign>' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KEY -binary | base64
// The development key is Azurite's published devstoreaccount1 key.

#include "storage/shared_key.h"

#include <gtest/gtest.h>

#include "blob_test_support.h"

namespace drdrill::storage {
namespace {

using http::Method;
using testing::BlobWorld;

http::Request list_request() {
  http::Request r;
  r.method = Method::kGet;
  r.target = "/devstoreaccount1/?comp=list&prefix=&maxresults=2";
  r.headers.add("Host", "127.0.0.1:10000");
  r.headers.add("x-ms-version", "2025-11-05");
  r.headers.add("x-ms-date", "Thu, 01 Jan 2026 00:00:00 GMT");
  r.headers.add("x-ms-client-request-id", "abc");
  return r;
}

TEST(SharedKeyStringToSign, PathStyleSignsTheAccountTwiceAndDropsEmptyQueryValues) {
  EXPECT_EQ(shared_key_string_to_sign(list_request(), "devstoreaccount1", list_request().path()),
            "GET\n\n\n\n\n\n\n\n\n\n\n\n"
            "x-ms-client-request-id:abc\n"
            "x-ms-date:Thu, 01 Jan 2026 00:00:00 GMT\n"
            "x-ms-version:2025-11-05\n"
            "/devstoreaccount1/devstoreaccount1/\n"
            "comp:list\n"
            "maxresults:2");
}

TEST(SharedKeySignature, MatchesTheVectorComputedWithOpenssl) {
  BlobWorld w;
  const std::string to_sign = shared_key_string_to_sign(list_request(), "devstoreaccount1", list_request().path());
  EXPECT_EQ(shared_key_signature(w.account().signing_keys()[0], to_sign),
            "YKrrgozXbtPpY2uLjshyGv06cZeHeeVpnUykbGY66tg=");
}

TEST(SharedKeyVerification, AcceptsTheHandSignedListRequest) {
  BlobWorld w;
  auto r = list_request();
  r.headers.add("Authorization", "SharedKey devstoreaccount1:YKrrgozXbtPpY2uLjshyGv06cZeHeeVpnUykbGY66tg=");
  EXPECT_EQ(w.service().handle(r).status, 200);
}

TEST(SharedKeyVerification, AcceptsAPutSignedWithLengthTypeAndMetadataHeaders) {
  // PUT\n\n\n11\n\ntext/plain; charset=UTF-8\n\n\n\n\n\n\n
  // x-ms-blob-type:BlockBlob\nx-ms-date:...\nx-ms-meta-owner:team a\nx-ms-version:2025-11-05\n
  // /devstoreaccount1/devstoreaccount1/data/dir/my%20file.txt
  BlobWorld w;
  ASSERT_EQ(w.create_container("data").status, 201);
  http::Request r;
  r.method = Method::kPut;
  r.target = "/devstoreaccount1/data/dir/my%20file.txt";
  r.headers.add("Host", "127.0.0.1:10000");
  r.headers.add("Content-Length", "11");
  r.headers.add("Content-Type", "text/plain; charset=UTF-8");
  r.headers.add("x-ms-version", "2025-11-05");
  r.headers.add("X-MS-Meta-Owner", "   team a");  // left-trimmed and name lower-cased when signing
  r.headers.add("x-ms-blob-type", "BlockBlob");
  r.headers.add("x-ms-date", "Thu, 01 Jan 2026 00:00:00 GMT");
  r.headers.add("Authorization", "SharedKey devstoreaccount1:wOA4PhQG6j751hJLB1LD6H2FhmDOrulcWHgYVWPdINc=");
  r.body = "hello world";
  EXPECT_EQ(w.service().handle(r).status, 201);
}

TEST(SharedKeyVerification, AcceptsTheSecondaryPathAsSentWithKey2) {
  // GET ... Range: bytes=0-3, signed with key2 over /devstoreaccount1/devstoreaccount1-secondary/data/a.txt
  BlobWorld w;
  ASSERT_EQ(w.create_container("data").status, 201);
  ASSERT_EQ(w.put_blob("data", "a.txt", "0123456789").status, 201);
  http::Request r;
  r.method = Method::kGet;
  r.target = "/devstoreaccount1-secondary/data/a.txt";
  r.headers.add("Host", "127.0.0.1:10000");
  r.headers.add("Range", "bytes=0-3");
  r.headers.add("x-ms-version", "2025-11-05");
  r.headers.add("x-ms-date", "Thu, 01 Jan 2026 00:00:00 GMT");
  r.headers.add("Authorization", "SharedKey devstoreaccount1:0lQ4X1vz+ga/EoN5ZtUUDcw0ntF3NmFRe4VpSNICcMg=");
  const auto response = w.service().handle(r);
  EXPECT_EQ(response.status, 206);
  EXPECT_EQ(response.body, "0123");
}

TEST(SharedKeyVerification, AcceptsTheSecondaryPathWithTheSuffixRemovedAsAzuriteDoes) {
  BlobWorld w;
  ASSERT_EQ(w.create_container("data").status, 201);
  ASSERT_EQ(w.put_blob("data", "a.txt", "x").status, 201);
  auto r = w.request(Method::kGet, "/devstoreaccount1-secondary/data/a.txt");
  const std::string to_sign = shared_key_string_to_sign(r, "devstoreaccount1", "/devstoreaccount1/data/a.txt");
  r.headers.add("Authorization",
                "SharedKey devstoreaccount1:" + shared_key_signature(w.account().signing_keys()[0], to_sign));
  EXPECT_EQ(w.service().handle(r).status, 200);
}

TEST(SharedKeyVerification, AWrongKeyIs403AuthenticationFailedShowingTheStringToSign) {
  BlobWorld w;
  auto r = list_request();
  r.headers.add("Authorization", "SharedKey devstoreaccount1:" + shared_key_signature("wrong key", "anything"));
  const auto response = w.service().handle(r);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.headers.get("x-ms-error-code"), "AuthenticationFailed");
  EXPECT_NE(response.body.find("<AuthenticationErrorDetail>The MAC signature found in the HTTP request"),
            std::string::npos);
  EXPECT_NE(response.body.find("Server used following string to sign: 'GET\n"), std::string::npos)
      << response.body;
}

TEST(SharedKeyVerification, ASignedHeaderChangedInTransitFailsTheSignature) {
  BlobWorld w;
  auto r = list_request();
  sign_shared_key(r, "devstoreaccount1", w.account().signing_keys()[0]);
  ASSERT_EQ(w.service().handle(r).status, 200);
  r.headers.set("x-ms-client-request-id", "tampered");
  EXPECT_EQ(w.service().handle(r).status, 403);
}

TEST(SharedKeyVerification, RefusesAnotherAccountsNameAndAMissingDate) {
  BlobWorld w;
  auto r = list_request();
  sign_shared_key(r, "otheraccount", w.account().signing_keys()[0]);
  EXPECT_EQ(w.service().handle(r).status, 403);
  auto undated = list_request();
  undated.headers.remove("x-ms-date");
  sign_shared_key(undated, "devstoreaccount1", w.account().signing_keys()[0]);
  const auto response = w.service().handle(undated);
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("Request date header not specified."), std::string::npos);
}

TEST(SharedKeyVerification, OtherSchemesAreRefusedWith403) {
  BlobWorld w;
  auto r = list_request();
  r.headers.add("Authorization", "Bearer token");
  EXPECT_EQ(w.service().handle(r).headers.get("x-ms-error-code"), "AuthenticationFailed");
}

// The string to sign after its verb and eleven standard header lines: CanonicalizedHeaders, then
// CanonicalizedResource.
std::string canonicalized_part(const http::Request& r, std::string_view raw_path) {
  const std::string to_sign = shared_key_string_to_sign(r, "acct", raw_path);
  std::size_t at = 0;
  for (int line = 0; line < 12; ++line) at = to_sign.find('\n', at) + 1;
  return to_sign.substr(at);
}

http::Request get(std::string target) {
  http::Request r;
  r.target = std::move(target);
  return r;
}

TEST(SharedKeyCanonicalResource, SortsNamesAndCommaJoinsRepeatedValuesInOrder) {
  const auto r = get("/acct/c?restype=container&comp=list&include=metadata&include=copy");
  EXPECT_EQ(canonicalized_part(r, r.path()), "/acct/acct/c\ncomp:list\ninclude:copy,metadata\nrestype:container");
}

TEST(SharedKeyCanonicalResource, DecodesValuesLowerCasesNamesAndDropsPiecesWithoutOneEquals) {
  const auto r = get("/acct/c/b?COMP=block&blockid=AAA%3D&flag&x=a=b&=v");
  EXPECT_EQ(canonicalized_part(r, r.path()), "/acct/acct/c/b\nblockid:AAA=\ncomp:block");
  EXPECT_EQ(canonicalized_part(get(""), ""), "/acct/");
}

TEST(SharedKeyHeaderOrder, EqualsAsciiOrderForOrdinaryHeaderNames) {
  const std::vector<std::string> names = {"x-ms-blob-content-type", "x-ms-blob-type", "x-ms-client-request-id",
                                          "x-ms-date", "x-ms-meta-a", "x-ms-meta-b", "x-ms-range", "x-ms-version"};
  for (std::size_t i = 0; i + 1 < names.size(); ++i) {
    EXPECT_TRUE(shared_key_header_less(names[i], names[i + 1])) << names[i] << " < " << names[i + 1];
    EXPECT_FALSE(shared_key_header_less(names[i + 1], names[i])) << names[i + 1] << " > " << names[i];
  }
}

TEST(SharedKeyHeaderOrder, IgnoresHyphensAtTheFirstLevelLikeTheDotNetCulture) {
  // ASCII puts '-' (0x2D) before letters, so "x-ms-a-c" < "x-ms-ab". The culture order ignores the
  // hyphen first, comparing "xmsac" with "xmsab".
  EXPECT_TRUE(shared_key_header_less("x-ms-ab", "x-ms-a-c"));
  EXPECT_FALSE(shared_key_header_less("x-ms-a-c", "x-ms-ab"));
  // Equal but for where a hyphen sits: decided at the last level.
  EXPECT_NE(shared_key_header_less("x-ms-a-b", "x-ms-ab"), shared_key_header_less("x-ms-ab", "x-ms-a-b"));
  EXPECT_FALSE(shared_key_header_less("x-ms-date", "x-ms-date"));
}

TEST(SharedKeyHeaders, KeepOneEntryPerNameLowerCasedAndLeftTrimmed) {
  http::Request r = get("/acct/c");
  http::Headers& h = r.headers;
  h.add("X-Ms-Version", "2025-11-05");
  h.add("Content-Type", "text/plain");
  h.add("x-ms-meta-a", "  first ");
  h.add("x-ms-meta-A", "second");
  EXPECT_EQ(canonicalized_part(r, r.path()), "x-ms-meta-a:first \nx-ms-version:2025-11-05\n/acct/acct/c");
}

}  // namespace
}  // namespace drdrill::storage
