#include "storage/crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cassert>
#include <map>
#include <memory>
#include <vector>

namespace drdrill::storage {

namespace {
const unsigned char* as_bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}
}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), as_bytes(bytes),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  for (std::size_t i = 0; i + padding < text.size(); ++i) {
    if (!is_base64_char(text[i])) return std::nullopt;
  }
  if (text.empty()) return std::string();
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), as_bytes(text),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the zero bytes the padding stands for; they are not data.
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

namespace {

struct MacContextFree {
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};
using MacContext = std::unique_ptr<EVP_MAC_CTX, MacContextFree>;

// An HMAC-SHA256 context already keyed with `key`. OpenSSL 3's one-shot HMAC() fetches the
// algorithms and derives the inner and outer pads on every call, which costs more than the MAC of
// a short string-to-sign; every request signs with one of an account's two keys, so keyed contexts
// are kept (per thread, a few at most) and reused for each MAC.
EVP_MAC_CTX* keyed_hmac_sha256(std::string_view key) {
  thread_local std::map<std::string, MacContext, std::less<>> keyed;
  if (const auto it = keyed.find(key); it != keyed.end()) return it->second.get();
  static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);  // lives as long as the process
  assert(hmac != nullptr && "OpenSSL provides HMAC");
  MacContext context(EVP_MAC_CTX_new(hmac));
  char digest[] = OSSL_DIGEST_NAME_SHA2_256;
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  const int ok = EVP_MAC_init(context.get(), as_bytes(key), key.size(), params);
  assert(ok == 1 && "HMAC-SHA256 cannot fail to key");
  (void)ok;
  if (keyed.size() >= 16) keyed.clear();  // a bound for callers that try many keys (tests)
  return keyed.emplace(std::string(key), std::move(context)).first->second.get();
}

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
  // Re-initialised without a key, an HMAC context starts over from the pads it derived for its
  // key: cheaper than duplicating a keyed context (three digest contexts allocated and wiped) for
  // every MAC. The context is the calling thread's own, and no MAC is left half-done between calls.
  EVP_MAC_CTX* context = keyed_hmac_sha256(key);
  unsigned char digest[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  const bool ok = EVP_MAC_init(context, nullptr, 0, nullptr) == 1 &&
                  EVP_MAC_update(context, as_bytes(data), data.size()) == 1 &&
                  EVP_MAC_final(context, digest, &length, sizeof digest) == 1;
  assert(ok && "HMAC-SHA256 cannot fail on valid inputs");
  (void)ok;
  return std::string(reinterpret_cast<const char*>(digest), length);
}

Md5 md5(std::string_view bytes) {
  Md5 out{};
  unsigned int length = 0;
  const int ok = EVP_Digest(bytes.data(), bytes.size(), out.data(), &length, EVP_md5(), nullptr);
  assert(ok == 1 && length == out.size());
  (void)ok;
  return out;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace drdrill::storage
