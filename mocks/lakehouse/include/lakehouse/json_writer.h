#pragma once
// Compact JSON appended straight to a string, byte for byte what nlohmann::json's
// dump(-1, ' ', false, error_handler_t::replace) writes for the same value: the Delta log and the
// data files were written through nlohmann objects, and their bytes are observable (sizes in the
// log and the ledger, replication volumes), so the direct writer must not change one of them.
//
// What nlohmann does, and this writer repeats:
// - strings: `"` and `\` escaped, \b \t \n \f \r by name, other control characters as \u00xx
//   (lower-case hex); everything else, DEL and valid UTF-8 included, as is; each invalid UTF-8
//   sequence (cut short, overlong, surrogate, above U+10FFFF, stray continuation byte) becomes one
//   U+FFFD, and the byte that broke a sequence is read again as the start of the next;
// - integers in decimal; doubles by nlohmann's own shortest round-trip formatting (its to_chars:
//   "1.0", "0.1", "1e+16"), NaN and infinities as null;
// - objects with their keys in ascending std::string order (nlohmann's object is a std::map):
//   JsonObjectWriter writes keys in the order it is given them, so callers give them sorted.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace drdrill::lakehouse {

// `text` as a JSON string, quotes included.
void append_json_string(std::string& out, std::string_view text);
void append_json_int(std::string& out, std::int64_t value);
void append_json_double(std::string& out, double value);
inline void append_json_bool(std::string& out, bool value) { out += value ? "true" : "false"; }

// One object: `{`, then each field as `"key":value` with the commas between, then `}` from end().
// Field keys must come in ascending std::string order, each once (see above).
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  JsonObjectWriter(const JsonObjectWriter&) = delete;
  JsonObjectWriter& operator=(const JsonObjectWriter&) = delete;

  // Writes the separator and `"key":`, and returns the string for the caller to append the value.
  std::string& key(std::string_view name);
  // The same with a key already spelled as JSON (quoted and escaped, the colon included), for a
  // key written on every row.
  std::string& spelled_key(std::string_view quoted_key_and_colon);

  void string_field(std::string_view name, std::string_view value) { append_json_string(key(name), value); }
  void int_field(std::string_view name, std::int64_t value) { append_json_int(key(name), value); }
  void bool_field(std::string_view name, bool value) { append_json_bool(key(name), value); }
  // A map of strings as a nested object (a std::map iterates in nlohmann's key order).
  void string_map_field(std::string_view name, const std::map<std::string, std::string>& values);

  void end() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace drdrill::lakehouse
