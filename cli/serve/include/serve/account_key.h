#pragma once
// Account keys for a served world, derived from the world's seed: the same seed and account name
// always give the same keys (so scripts and docs can rely on them), and nothing depends on the
// wall clock or an unseeded random source.

#include <cstdint>
#include <string>
#include <string_view>

namespace drdrill::serve {

// A 64-byte key in base64 (88 characters, like a real storage account key), from the stream
// "serve.account_key.<account>.<index>" of Random(seed). `index` is 1 or 2 (key1, key2).
std::string derive_account_key(std::uint64_t seed, std::string_view account, int index);

}  // namespace drdrill::serve
