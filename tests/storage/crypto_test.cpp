#include "storage/crypto.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace drdrill::storage {
namespace {

TEST(StorageCrypto, HmacSha256MatchesThePublishedTestVector) {
  // The RFC 2104 example everyone quotes (Wikipedia "HMAC"): key "key", the quick brown fox;
  // hex f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8.
  EXPECT_EQ(base64_encode(hmac_sha256("key", "The quick brown fox jumps over the lazy dog")),
            "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
}

TEST(StorageCrypto, HmacSha256StartsOverOnEveryCallWhateverKeysCameBetween) {
  // Keyed contexts are reused from call to call: a MAC must never carry over the previous one's
  // data or key.
  const std::string fox = "The quick brown fox jumps over the lazy dog";
  const std::string expected = "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=";
  const std::string other = base64_encode(hmac_sha256("another key", fox));
  EXPECT_NE(other, expected);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(base64_encode(hmac_sha256("key", fox)), expected) << "call " << i;
    EXPECT_EQ(base64_encode(hmac_sha256("another key", fox)), other) << "call " << i;
  }
  // RFC 4231 test case 2 (key "Jefe"): the empty-data and short-data MACs in between change nothing.
  (void)hmac_sha256("key", "");
  EXPECT_EQ(base64_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
  EXPECT_EQ(base64_encode(hmac_sha256("key", fox)), expected);
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
