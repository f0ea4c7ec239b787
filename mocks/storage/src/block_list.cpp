#include "storage/block_list.h"

#include "storage/xml.h"

namespace drdrill::storage {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void skip_space(std::string_view& s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
}

bool consume(std::string_view& s, std::string_view token) {
  if (s.substr(0, token.size()) != token) return false;
  s.remove_prefix(token.size());
  return true;
}

// Skips the byte order mark, the XML declaration and comments before the root element.
bool skip_prolog(std::string_view& s) {
  consume(s, "\xEF\xBB\xBF");
  for (;;) {
    skip_space(s);
    if (consume(s, "<?")) {
      const auto end = s.find("?>");
      if (end == std::string_view::npos) return false;
      s.remove_prefix(end + 2);
    } else if (consume(s, "<!--")) {
      const auto end = s.find("-->");
      if (end == std::string_view::npos) return false;
      s.remove_prefix(end + 3);
    } else {
      return true;
    }
  }
}

}  // namespace

std::optional<std::vector<BlockListEntry>> parse_block_list(std::string_view xml) {
  std::string_view s = xml;
  if (!skip_prolog(s)) return std::nullopt;
  std::vector<BlockListEntry> entries;
  if (consume(s, "<BlockList/>") || consume(s, "<BlockList />")) {
    skip_space(s);
    return s.empty() ? std::optional(entries) : std::nullopt;
  }
  if (!consume(s, "<BlockList>")) return std::nullopt;
  for (;;) {
    skip_space(s);
    if (consume(s, "</BlockList>")) break;
    BlockSource source;
    std::string_view close;
    if (consume(s, "<Latest>")) {
      source = BlockSource::kLatest;
      close = "</Latest>";
    } else if (consume(s, "<Committed>")) {
      source = BlockSource::kCommitted;
      close = "</Committed>";
    } else if (consume(s, "<Uncommitted>")) {
      source = BlockSource::kUncommitted;
      close = "</Uncommitted>";
    } else {
      return std::nullopt;
    }
    const auto end = s.find('<');
    if (end == std::string_view::npos) return std::nullopt;
    auto id = xml_unescape(s.substr(0, end));
    s.remove_prefix(end);
    if (!id || !consume(s, close)) return std::nullopt;
    entries.push_back({source, std::move(*id)});
  }
  skip_space(s);
  if (!s.empty()) return std::nullopt;
  return entries;
}

}  // namespace drdrill::storage
