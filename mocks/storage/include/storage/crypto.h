#pragma once
// The cryptography Azure Storage authentication and integrity headers need, on OpenSSL's libcrypto
// primitives (no hand-written digest or base64): HMAC-SHA256 for SharedKey and SAS signatures (the
// RFC 2104 construction over libcrypto's SHA-256, from per-key pad states), MD5 for Content-MD5,
// base64 for keys, signatures and digests.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "storage/blob.h"

namespace drdrill::storage {

// Standard base64 with padding (RFC 4648 section 4).
std::string base64_encode(std::string_view bytes);
// Strict standard base64: length a multiple of 4, padding only at the end, no whitespace.
std::optional<std::string> base64_decode(std::string_view text);

using Sha256Digest = std::array<unsigned char, 32>;
// Base64 of a SHA-256 digest or MAC: 44 characters, padding included.
using Sha256Base64 = std::array<char, 44>;

// The raw 32-byte HMAC-SHA256 of `data` under `key`, as a value: SharedKey signs and verifies every
// request, and this allocates nothing.
Sha256Digest hmac_sha256_digest(std::string_view key, std::string_view data);
Sha256Base64 base64_encode(const Sha256Digest& digest);
inline std::string_view as_string_view(const Sha256Base64& text) { return std::string_view(text.data(), text.size()); }

// Base64 of an MD5 digest (Content-MD5): 24 characters, padding included.
using Md5Base64 = std::array<char, 24>;
inline std::string_view as_string_view(const Md5Base64& text) { return std::string_view(text.data(), text.size()); }

Md5 md5(std::string_view bytes);
// The same as a value (a listing writes one per blob, and this allocates nothing).
Md5Base64 base64_encode(const Md5& digest);
inline std::string base64_md5(const Md5& digest) { return std::string(as_string_view(base64_encode(digest))); }

// Compares two secrets in time independent of where they differ.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace drdrill::storage
