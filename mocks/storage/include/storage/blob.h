#pragma once
// The values a storage account holds: containers and the block blobs inside them.
//
// Sized for a million blobs in one process: the parts of a blob that are large or usually shared
// (its bytes, its content headers, its metadata) sit behind shared, immutable pointers, so a new
// blob version that only changes metadata, the replicated copy on the secondary and a write
// waiting in the replication queue all share one copy of the bytes. Measured with 1 KiB blobs on
// RA-GRS (primary and replicated copy, 30-character names): about 1.45 KiB per blob in all, before
// the content kept its MD5's base64 too (24 bytes more per content, not re-measured).

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"

namespace drdrill::storage {

using Md5 = std::array<unsigned char, 16>;

// User metadata (x-ms-meta-*): names as the client spelled them, in the order given. Names are
// compared case-insensitively by the service, as Azure does.
using Metadata = std::vector<std::pair<std::string, std::string>>;

// A committed block of a block blob: its id (base64, as the client sent it) and its length. The
// bytes of the blocks are the blob's content, in list order.
struct CommittedBlock {
  std::string id;
  std::uint64_t size_bytes = 0;

  friend bool operator==(const CommittedBlock&, const CommittedBlock&) = default;
};

// The bytes of one blob version and their stored MD5, immutable, in a single shared allocation
// (16 bytes of MD5, its 24 characters of base64, then the bytes). Shared by the versions that did
// not change the bytes, by the secondary copy and by writes waiting in the replication queue.
class BlobContent {
 public:
  BlobContent() = default;  // no bytes, no MD5
  BlobContent(std::string_view bytes, std::optional<Md5> md5);

  std::string_view bytes() const;
  std::uint64_t size_bytes() const { return size_; }
  // As stored: computed by Put Blob, or what the client supplied; absent if neither.
  std::optional<Md5> md5() const;
  // The stored MD5 in base64, as Content-MD5 headers and listings show it; empty if there is none.
  // Encoded once, when the content is made: a listing shows it for every entry it lists.
  std::string_view md5_base64() const;
  // The same bytes with another stored MD5 (Set Blob Properties); copies the bytes.
  BlobContent with_md5(std::optional<Md5> md5) const { return BlobContent(bytes(), md5); }

 private:
  static constexpr std::size_t kMd5Base64Bytes = 24;
  std::shared_ptr<const char[]> data_;  // MD5 (16 bytes), its base64 (24), then the content
  std::uint64_t size_ = 0;
  bool has_md5_ = false;
};

// The standard HTTP headers stored with a blob (x-ms-blob-content-* on writes, the plain headers
// on reads).
struct ContentHeaders {
  std::string content_type = "application/octet-stream";
  std::string content_encoding;
  std::string content_language;
  std::string content_disposition;
  std::string cache_control;

  friend bool operator==(const ContentHeaders&, const ContentHeaders&) = default;
};

// What describes a blob besides its bytes. Most blobs of a workload have equal properties (one
// content type, no metadata, written in one piece), so accounts intern them: blobs share one
// instance instead of carrying five strings and two vectors each.
struct BlobProperties {
  ContentHeaders headers;
  Metadata metadata;
  std::vector<CommittedBlock> blocks;  // empty when written by a single Put Blob

  friend bool operator==(const BlobProperties&, const BlobProperties&) = default;
};

// One committed version of a block blob: 72 bytes plus its (shared) content and properties.
struct Blob {
  BlobContent content;
  std::shared_ptr<const BlobProperties> properties;  // never null
  std::uint64_t etag = 0;                            // see etag.h
  TimePoint created{};
  TimePoint last_modified{};

  std::uint64_t size_bytes() const { return content.size_bytes(); }
  std::string_view bytes() const { return content.bytes(); }
  const ContentHeaders& headers() const { return properties->headers; }
  const Metadata& metadata() const { return properties->metadata; }
  const std::vector<CommittedBlock>& blocks() const { return properties->blocks; }
};

// Anonymous read access granted by a container (x-ms-blob-public-access).
enum class PublicAccess { kNone, kBlob, kContainer };

struct ContainerProperties {
  std::uint64_t etag = 0;
  TimePoint last_modified{};
  PublicAccess public_access = PublicAccess::kNone;
  Metadata metadata;
};

// Blobs keyed by name; ordered because listing is lexicographic, transparent so lookups take a
// string_view without building a string.
using BlobMap = std::map<std::string, Blob, std::less<>>;

struct Container {
  ContainerProperties properties;
  BlobMap blobs;
};

using ContainerMap = std::map<std::string, Container, std::less<>>;

}  // namespace drdrill::storage
