#pragma once
// The body of Put Block List:
//   <?xml version="1.0" encoding="utf-8"?>
//   <BlockList><Latest>id</Latest><Committed>id</Committed><Uncommitted>id</Uncommitted></BlockList>
// Ids are base64 strings; the JS SDK's commitBlockList sends only <Latest>.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drdrill::storage {

// Where Put Block List looks a block up.
enum class BlockSource {
  kCommitted,    // the blob's current committed block list
  kUncommitted,  // the blocks staged by Put Block
  kLatest,       // staged if there is one with this id, else committed
};

struct BlockListEntry {
  BlockSource source;
  std::string id;

  friend bool operator==(const BlockListEntry&, const BlockListEntry&) = default;
};

// nullopt if the body is not such a document (the service answers 400 InvalidXmlDocument).
std::optional<std::vector<BlockListEntry>> parse_block_list(std::string_view xml);

}  // namespace drdrill::storage
