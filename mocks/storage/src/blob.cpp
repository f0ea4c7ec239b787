#include "storage/blob.h"

#include <cstring>

#include "storage/crypto.h"

namespace drdrill::storage {

BlobContent::BlobContent(std::string_view bytes, std::optional<Md5> md5)
    : size_(bytes.size()), has_md5_(md5.has_value()) {
  // One allocation for the control block, the MD5, its base64 and the bytes.
  constexpr std::size_t kHeader = sizeof(Md5) + kMd5Base64Bytes;
  auto data = std::make_shared_for_overwrite<char[]>(kHeader + bytes.size());
  if (md5) {
    std::memcpy(data.get(), md5->data(), sizeof(Md5));
    const Md5Base64 text = base64_encode(*md5);
    static_assert(sizeof(text) == kMd5Base64Bytes);
    std::memcpy(data.get() + sizeof(Md5), text.data(), text.size());
  }
  if (!bytes.empty()) std::memcpy(data.get() + kHeader, bytes.data(), bytes.size());
  data_ = std::move(data);
}

std::string_view BlobContent::bytes() const {
  if (!data_) return {};
  return std::string_view(data_.get() + sizeof(Md5) + kMd5Base64Bytes, size_);
}

std::string_view BlobContent::md5_base64() const {
  if (!has_md5_) return {};
  return std::string_view(data_.get() + sizeof(Md5), kMd5Base64Bytes);
}

std::optional<Md5> BlobContent::md5() const {
  if (!has_md5_) return std::nullopt;
  Md5 digest{};
  std::memcpy(digest.data(), data_.get(), digest.size());
  return digest;
}

}  // namespace drdrill::storage
