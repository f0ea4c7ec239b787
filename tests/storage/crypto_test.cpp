#include "storage/crypto.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/shared_key.h"

namespace drdrill::storage {
namespace {

TEST(StorageCrypto, HmacSha256MatchesThePublishedTestVector) {
  // The RFC 2104 example everyone quotes (Wikipedia "HMAC"): key "key", the quick brown fox;
  // hex f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8. (A SharedKey signature is
  // the MAC's base64.)
  EXPECT_EQ(shared_key_signature("key", "The quick brown fox jumps over the lazy dog"),
            "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
}

TEST(StorageCrypto, HmacSha256StartsOverOnEveryCallWhateverKeysCameBetween) {
  // Keyed contexts are reused from call to call: a MAC must never carry over the previous one's
  // data or key.
  const std::string fox = "The quick brown fox jumps over the lazy dog";
  const std::string expected = "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=";
  const std::string other = shared_key_signature("another key", fox);
  EXPECT_NE(other, expected);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(shared_key_signature("key", fox), expected) << "call " << i;
    EXPECT_EQ(shared_key_signature("another key", fox), other) << "call " << i;
  }
  // RFC 4231 test case 2 (key "Jefe"): the empty-data and short-data MACs in between change nothing.
  (void)hmac_sha256_digest("key", "");
  EXPECT_EQ(shared_key_signature("Jefe", "what do ya want for nothing?"),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
  EXPECT_EQ(shared_key_signature("key", fox), expected);
}

std::string hex(const Sha256Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0F];
  }
  return out;
}

TEST(StorageCrypto, HmacSha256MatchesRfc4231ShortMediumAndLongerThanBlockKeys) {
  // RFC 4231 section 4: test case 1 (20-byte key), 6 and 7 (131-byte keys, hashed first; case 7
  // also with data longer than a block).
  EXPECT_EQ(hex(hmac_sha256_digest(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  const std::string long_key(131, '\xaa');
  EXPECT_EQ(hex(hmac_sha256_digest(long_key, "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(hex(hmac_sha256_digest(long_key,
                                   "This is a test using a larger than block-size key and a larger than block-size data. "
                                   "The key needs to be hashed before being used by the HMAC algorithm.")),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  // A key of exactly one block (a storage account key) is used as it is; one byte more is hashed
  // (expected values from Python's hmac module).
  EXPECT_EQ(hex(hmac_sha256_digest(std::string(64, 'k'), "data")),
            "93244b031118b8060c6619e5900fcf916faefb2d8d020fecb22ae0f62275db08");
  EXPECT_EQ(hex(hmac_sha256_digest(std::string(65, 'k'), "data")), "a79b53d0bf1cb4bb00c301979e6e60ef792a435cafabd76ab9e8989bbdef2dff");
}

TEST(StorageCrypto, Md5IsTheContentMd5ClientsSend) {
  // `printf 'hello world' | openssl dgst -md5 -binary | base64`
  EXPECT_EQ(base64_md5(md5("hello world")), "XrY7u+Ae7tCTyyK7j1rNww==");
}

TEST(StorageCrypto, Base64RoundTripsEveryPaddingLength) {
  for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    const auto decoded = base64_decode(base64_encode(s));
    ASSERT_TRUE(decoded.has_value()) << s;
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_EQ(base64_encode("ab"), "YWI=");
}

TEST(StorageCrypto, Base64DecodeRejectsWhatIsNotStrictBase64) {
  EXPECT_FALSE(base64_decode("YWI").has_value());     // not a multiple of 4
  EXPECT_FALSE(base64_decode("YW I=").has_value());   // whitespace
  EXPECT_FALSE(base64_decode("Y=WI").has_value());    // padding in the middle
  EXPECT_FALSE(base64_decode("Y===").has_value());    // too much padding
  EXPECT_FALSE(base64_decode("YW-_").has_value());    // URL-safe alphabet is not accepted
}

TEST(StorageCrypto, ConstantTimeEqualsComparesLengthAndBytes) {
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "abcd"));
}

}  // namespace
}  // namespace drdrill::storage
