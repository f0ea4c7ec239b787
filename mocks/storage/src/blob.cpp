#include "storage/blob.h"

#include <cstring>

namespace drdrill::storage {

BlobContent::BlobContent(std::string_view bytes, std::optional<Md5> md5)
    : size_(bytes.size()), has_md5_(md5.has_value()) {
  // One allocation for the control block, the MD5 and the bytes.
  auto data = std::make_shared_for_overwrite<char[]>(sizeof(Md5) + bytes.size());
  if (md5) std::memcpy(data.get(), md5->data(), sizeof(Md5));
  if (!bytes.empty()) std::memcpy(data.get() + sizeof(Md5), bytes.data(), bytes.size());
  data_ = std::move(data);
}

std::string_view BlobContent::bytes() const {
  if (!data_) return {};
  return std::string_view(data_.get() + sizeof(Md5), size_);
}

std::optional<Md5> BlobContent::md5() const {
  if (!has_md5_) return std::nullopt;
  Md5 digest{};
  std::memcpy(digest.data(), data_.get(), digest.size());
  return digest;
}

}  // namespace drdrill::storage
