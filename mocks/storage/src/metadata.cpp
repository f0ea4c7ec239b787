#include "storage/metadata.h"

#include <algorithm>
#include <string_view>

namespace drdrill::storage {

namespace {

constexpr std::string_view kPrefix = "x-ms-meta-";
constexpr std::size_t kMaxMetadataBytes = 8 * 1024;

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

}  // namespace

std::variant<Metadata, BlobError> metadata_from_headers(const http::Headers& headers) {
  Metadata metadata;
  std::size_t total = 0;
  for (const auto& [field, value] : headers) {
    if (field.size() < kPrefix.size() || !http::iequals(std::string_view(field).substr(0, kPrefix.size()), kPrefix)) {
      continue;
    }
    const std::string_view name = std::string_view(field).substr(kPrefix.size());
    if (!is_identifier(name)) return errors::invalid_metadata();
    const bool seen = std::any_of(metadata.begin(), metadata.end(),
                                  [&](const auto& entry) { return http::iequals(entry.first, name); });
    if (seen) continue;
    total += name.size() + value.size();
    if (total > kMaxMetadataBytes) return errors::metadata_too_large();
    metadata.emplace_back(std::string(name), value);
  }
  return metadata;
}

void add_metadata_headers(http::Headers& headers, const Metadata& metadata) {
  for (const auto& [name, value] : metadata) headers.add(std::string(kPrefix) + name, value);
}

}  // namespace drdrill::storage
