#pragma once
// StagedBlocks: the uncommitted blocks of an account (Put Block), waiting for a Put Block List.
//
// Kept apart from the blobs because most blobs never have any, and because they are not replicated:
// only the committed result of Put Block List is a write the secondary ever sees.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace drdrill::storage {

// Block id (base64, as the client sent it) -> the block's bytes.
using BlockMap = std::map<std::string, std::string, std::less<>>;

class StagedBlocks {
 public:
  // Stages a block for a blob (which need not exist yet), replacing one staged with the same id.
  // Fails with InvalidArgument if the id's length differs from ids already staged for that blob:
  // Azure requires all block ids of a blob to have the same length.
  Status stage(std::string_view container, std::string_view blob, std::string block_id,
               std::string bytes);

  // The blocks staged for a blob; nullptr if none.
  const BlockMap* find(std::string_view container, std::string_view blob) const;

  // Drops what is staged for a blob (after Put Block List or Put Blob, or when it is deleted).
  void discard(std::string_view container, std::string_view blob);
  void discard_container(std::string_view container);

  std::uint64_t staged_bytes() const { return staged_bytes_; }

 private:
  using ByBlob = std::map<std::string, BlockMap, std::less<>>;
  std::map<std::string, ByBlob, std::less<>> by_container_;
  std::uint64_t staged_bytes_ = 0;
};

}  // namespace drdrill::storage
