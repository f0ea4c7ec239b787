#pragma once
// The values a storage account holds: containers and the block blobs inside them.
//
// Sized for a million blobs in one process: the parts of a blob that are large or usually shared
// (its bytes, its content headers, its metadata) sit behind shared, immutable pointers, so a new
// blob version that only changes metadata, the replicated copy on the secondary and a write
// waiting in the replication queue all share one copy of the bytes.

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
};

// The bytes of one blob version and the block layout that produced them. Immutable once built.
struct BlobContent {
  std::string bytes;
  std::vector<CommittedBlock> blocks;  // empty when written by a single Put Blob
};

// The standard HTTP headers stored with a blob (x-ms-blob-content-* on writes, the plain headers
// on reads). Most blobs of a workload carry the same set, so accounts intern them.
struct ContentHeaders {
  std::string content_type = "application/octet-stream";
  std::string content_encoding;
  std::string content_language;
  std::string content_disposition;
  std::string cache_control;

  friend bool operator==(const ContentHeaders&, const ContentHeaders&) = default;
};

// One committed version of a block blob.
struct Blob {
  std::shared_ptr<const BlobContent> content;     // never null
  std::shared_ptr<const ContentHeaders> headers;  // never null
  std::shared_ptr<const Metadata> metadata;       // null when the blob has none
  std::uint64_t etag = 0;                         // see etag.h
  TimePoint created{};
  TimePoint last_modified{};
  std::optional<Md5> content_md5;                 // as stored; absent if never computed or given

  std::uint64_t size_bytes() const { return content->bytes.size(); }
  std::string_view bytes() const { return content->bytes; }
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
