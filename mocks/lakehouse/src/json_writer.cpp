#include "lakehouse/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

namespace drdrill::lakehouse {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

bool in_range(unsigned char c, unsigned char low, unsigned char high) { return c >= low && c <= high; }

// How many bytes of `text` from `at` (a byte >= 0x80) form one valid UTF-8 sequence (Unicode
// table 3-7), or, negated, how many to replace by one U+FFFD: the bytes read before the one that
// broke the sequence (at least the lead byte), which is then read again.
int utf8_sequence(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  int length = 0;
  unsigned char second_low = 0x80;
  unsigned char second_high = 0xBF;
  if (in_range(lead, 0xC2, 0xDF)) {
    length = 2;
  } else if (lead == 0xE0) {
    length = 3;
    second_low = 0xA0;
  } else if (lead == 0xED) {
    length = 3;
    second_high = 0x9F;  // no surrogates
  } else if (in_range(lead, 0xE1, 0xEF)) {
    length = 3;
  } else if (lead == 0xF0) {
    length = 4;
    second_low = 0x90;
  } else if (lead == 0xF4) {
    length = 4;
    second_high = 0x8F;  // nothing above U+10FFFF
  } else if (in_range(lead, 0xF1, 0xF3)) {
    length = 4;
  } else {
    return -1;  // a continuation byte, C0/C1 (overlong) or F5..FF
  }
  for (int k = 1; k < length; ++k) {
    const std::size_t i = at + static_cast<std::size_t>(k);
    if (i >= text.size()) return -k;  // cut short by the end of the text
    const bool ok = k == 1 ? in_range(byte(i), second_low, second_high) : in_range(byte(i), 0x80, 0xBF);
    if (!ok) return -k;
  }
  return length;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied, none of which needs escaping
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(text.data() + run, i - run);
    if (c >= 0x80) {
      const int n = utf8_sequence(text, i);
      if (n > 0) {
        out.append(text.data() + i, static_cast<std::size_t>(n));
        i += static_cast<std::size_t>(n);
      } else {
        out += kReplacementCharacter;
        i += static_cast<std::size_t>(-n);
      }
    } else {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default:
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
          break;
      }
      ++i;
    }
    run = i;
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void append_json_int(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  (void)ec;  // 24 characters hold any int64
  out.append(buffer.data(), end);
}

void append_json_double(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // nlohmann's own formatter (Grisu2, then its exponent rules), which its dump calls: std::to_chars
  // is shortest too but may pick another digit string where Grisu2 is not the shortest.
  std::array<char, 64> buffer{};
  char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), end);
}

std::string& JsonObjectWriter::key(std::string_view name) {
  if (!first_) out_ += ',';
  first_ = false;
  append_json_string(out_, name);
  out_ += ':';
  return out_;
}

std::string& JsonObjectWriter::spelled_key(std::string_view quoted_key_and_colon) {
  if (!first_) out_ += ',';
  first_ = false;
  out_ += quoted_key_and_colon;
  return out_;
}

void JsonObjectWriter::string_map_field(std::string_view name, const std::map<std::string, std::string>& values) {
  JsonObjectWriter nested(key(name));
  for (const auto& [k, v] : values) nested.string_field(k, v);
  nested.end();
}

}  // namespace drdrill::lakehouse
