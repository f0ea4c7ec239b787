#include "storage/staged_blocks.h"

#include <utility>

namespace drdrill::storage {

namespace {
std::uint64_t total_bytes(const BlockMap& blocks) {
  std::uint64_t n = 0;
  for (const auto& [id, bytes] : blocks) n += bytes.size();
  return n;
}
}  // namespace

Status StagedBlocks::stage(std::string_view container, std::string_view blob, std::string block_id,
                           std::string bytes) {
  auto c = by_container_.find(container);
  if (c == by_container_.end()) c = by_container_.emplace(std::string(container), ByBlob{}).first;
  auto b = c->second.find(blob);
  if (b == c->second.end()) b = c->second.emplace(std::string(blob), BlockMap{}).first;
  BlockMap& blocks = b->second;
  if (!blocks.empty() && blocks.begin()->first.size() != block_id.size()) {
    return Status::InvalidArgument("block ids of one blob must all have the same length");
  }
  staged_bytes_ += bytes.size();
  const auto existing = blocks.find(block_id);
  if (existing != blocks.end()) {
    staged_bytes_ -= existing->second.size();
    existing->second = std::move(bytes);
  } else {
    blocks.emplace(std::move(block_id), std::move(bytes));
  }
  return Status::Ok();
}

const BlockMap* StagedBlocks::find(std::string_view container, std::string_view blob) const {
  const auto c = by_container_.find(container);
  if (c == by_container_.end()) return nullptr;
  const auto b = c->second.find(blob);
  return b == c->second.end() ? nullptr : &b->second;
}

void StagedBlocks::discard(std::string_view container, std::string_view blob) {
  const auto c = by_container_.find(container);
  if (c == by_container_.end()) return;
  const auto b = c->second.find(blob);
  if (b == c->second.end()) return;
  staged_bytes_ -= total_bytes(b->second);
  c->second.erase(b);
  if (c->second.empty()) by_container_.erase(c);
}

void StagedBlocks::discard_container(std::string_view container) {
  const auto c = by_container_.find(container);
  if (c == by_container_.end()) return;
  for (const auto& [name, blocks] : c->second) staged_bytes_ -= total_bytes(blocks);
  by_container_.erase(c);
}

}  // namespace drdrill::storage
