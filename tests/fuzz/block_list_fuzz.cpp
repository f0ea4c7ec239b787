// Fuzz target: the XML body of Put Block List (storage/block_list.h), with the escaping of
// storage/xml.h it relies on.
//
// Contract: never crashes; an accepted list, written back as the SDKs write one (each id escaped
// with xml_escape), parses to the same entries: escaping and unescaping agree. (An unknown or empty
// id is not the parser's business: the service looks each one up and answers 400 InvalidBlockList.)

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_contract.h"
#include "storage/block_list.h"
#include "storage/xml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using drdrill::storage::BlockSource;
  const auto entries = drdrill::storage::parse_block_list(drdrill::fuzz::as_text(data, size));
  if (!entries) return 0;
  std::string written(drdrill::storage::kXmlDeclaration);
  written += "<BlockList>";
  for (const drdrill::storage::BlockListEntry& entry : *entries) {
    const char* tag = entry.source == BlockSource::kLatest      ? "Latest"
                      : entry.source == BlockSource::kCommitted ? "Committed"
                                                                : "Uncommitted";
    written += std::string("<") + tag + ">" + drdrill::storage::xml_escape(entry.id) + "</" + tag + ">";
  }
  written += "</BlockList>";
  const auto again = drdrill::storage::parse_block_list(written);
  drdrill::fuzz::require(again.has_value() && *again == *entries, "a block list written back parses to the same entries",
                         written);
  return 0;
}
