#pragma once
// BlobStore: the containers and committed blobs of one copy of an account (the primary copy, or the
// replicated copy the secondary endpoint serves). Changed only by applying Mutations, so both
// copies evolve by the same rules. Not thread-safe; single-threaded like every service model.

#include <cstdint>
#include <string_view>

#include "core/status.h"
#include "storage/blob.h"
#include "storage/mutation.h"

namespace drdrill::storage {

class BlobStore {
 public:
  const Container* find_container(std::string_view container) const;
  const Blob* find_blob(std::string_view container, std::string_view blob) const;

  // In lexicographic name order.
  const ContainerMap& containers() const { return containers_; }

  // Applies one write. Fails (leaving the store unchanged) only for a blob write into a container
  // the store does not have; the primary never does that, and geo-replication delivers a
  // container's creation before the writes inside it.
  Status apply(const Mutation& m);

  std::uint64_t blob_count() const { return blob_count_; }
  std::uint64_t content_bytes() const { return content_bytes_; }

 private:
  void erase_blob_stats(const Blob& b);

  ContainerMap containers_;
  std::uint64_t blob_count_ = 0;
  std::uint64_t content_bytes_ = 0;
};

}  // namespace drdrill::storage
