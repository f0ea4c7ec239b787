#pragma once
// LocatedJson: a JSON document parsed strictly, with the source position of every value and member
// key, addressed by JSON Pointer, so that errors found later name the line and column.
//
// nlohmann::json keeps no positions, so the text is fed to its SAX parser through an iterator that
// counts the bytes consumed; at each SAX event the token's start is recovered from that count.
// Strict beyond RFC 8259's "SHOULD": a key repeated in one object is an error (nlohmann would keep
// the last silently). Never throws.

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace drdrill::sim {

struct SourcePosition {
  int line = 0;    // 1-based; 0: unknown
  int column = 0;  // 1-based, counted in characters (UTF-8 code points)
  friend bool operator==(const SourcePosition&, const SourcePosition&) = default;
};

// A problem found while parsing: a syntax error ends the parse; duplicate keys do not.
struct JsonProblem {
  SourcePosition position;
  std::string pointer;  // where in the document it happened (the enclosing value for syntax errors)
  std::string message;
};

class LocatedJson {
 public:
  // The document, or the syntax error that stopped the parse. Duplicate keys are reported through
  // problems() on a document that otherwise parsed (the later value wins).
  static std::variant<LocatedJson, JsonProblem> parse(std::string_view text);

  const nlohmann::json& root() const { return root_; }
  const std::vector<JsonProblem>& problems() const { return problems_; }

  // Where the value at `pointer` starts; for a pointer with no value (a missing member), where its
  // nearest existing ancestor starts.
  SourcePosition value_position(std::string_view pointer) const;
  // Where the member's key starts (the value's position for array elements and unknown pointers).
  SourcePosition key_position(std::string_view pointer) const;

  // Position of a byte offset into the parsed text.
  SourcePosition position_of(std::size_t offset) const;

 private:
  friend class LocatingHandler;
  explicit LocatedJson(std::string_view text);

  nlohmann::json root_;
  std::vector<std::size_t> line_starts_;
  std::string text_;
  std::map<std::string, std::size_t, std::less<>> value_offsets_;
  std::map<std::string, std::size_t, std::less<>> key_offsets_;
  std::vector<JsonProblem> problems_;
};

// JSON Pointer helpers (RFC 6901): "/a~1b" addresses key "a/b".
std::string pointer_append(std::string_view base, std::string_view key);
std::string pointer_append(std::string_view base, std::size_t index);
// The pointer one level up ("" for "" and for "/x").
std::string_view pointer_parent(std::string_view pointer);

}  // namespace drdrill::sim
