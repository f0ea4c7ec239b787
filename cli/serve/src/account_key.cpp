#include "serve/account_key.h"

#include "core/random.h"
#include "storage/crypto.h"

namespace drdrill::serve {

std::string derive_account_key(std::uint64_t seed, std::string_view account, int index) {
  RandomStream stream = Random(seed).stream("serve.account_key." + std::string(account) + "." + std::to_string(index));
  std::string bytes;
  bytes.reserve(64);
  for (int word = 0; word < 8; ++word) {
    std::uint64_t value = stream.next_u64();
    for (int b = 0; b < 8; ++b) {
      bytes.push_back(static_cast<char>(value & 0xff));
      value >>= 8;
    }
  }
  return storage::base64_encode(bytes);
}

}  // namespace drdrill::serve
