// Account keys of a served world come from its seed: reproducible, distinct, shaped like real keys.

#include "serve/account_key.h"

#include <gtest/gtest.h>

#include "storage/crypto.h"

namespace drdrill::serve {
namespace {

TEST(DerivedAccountKey, IsTheSameForTheSameSeedAndAccount) {
  EXPECT_EQ(derive_account_key(7, "drdrill", 1), derive_account_key(7, "drdrill", 1));
}

TEST(DerivedAccountKey, DiffersBySeedAccountAndKeyIndex) {
  const std::string key = derive_account_key(7, "drdrill", 1);
  EXPECT_NE(key, derive_account_key(8, "drdrill", 1));
  EXPECT_NE(key, derive_account_key(7, "other", 1));
  EXPECT_NE(key, derive_account_key(7, "drdrill", 2));
}

TEST(DerivedAccountKey, IsSixtyFourBytesOfBase64LikeARealKey) {
  const std::string key = derive_account_key(1, "drdrill", 1);
  EXPECT_EQ(key.size(), 88u);
  const auto decoded = storage::base64_decode(key);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->size(), 64u);
}

}  // namespace
}  // namespace drdrill::serve
