#pragma once
// Reading JSON-lines text (Delta log files and this fake's data files): one JSON value per line,
// '\n'-separated, blank lines skipped.

#include <cstddef>
#include <optional>
#include <string_view>

namespace drdrill::lakehouse {

// The non-empty lines of `text`, one per next() call, without their '\n'; views into `text`.
class JsonLines {
 public:
  explicit JsonLines(std::string_view text) : text_(text) {}

  std::optional<std::string_view> next() {
    while (begin_ < text_.size()) {
      std::size_t end = text_.find('\n', begin_);
      if (end == std::string_view::npos) end = text_.size();
      const std::string_view line = text_.substr(begin_, end - begin_);
      begin_ = end + 1;
      if (!line.empty()) return line;
    }
    return std::nullopt;
  }

 private:
  std::string_view text_;
  std::size_t begin_ = 0;
};

}  // namespace drdrill::lakehouse
