#include "storage/xml.h"

#include <cstdint>

namespace drdrill::storage {

namespace {
// Appends `text` escaped. Runs without a special character (nearly every name and value) are
// copied at once rather than character by character: listings escape every property of every blob.
// (A plain loop rather than find_first_of: libstdc++'s find_first_of calls memchr over the set of
// specials once per character of the text.)
void append_escaped(std::string& out, std::string_view text, bool attribute) {
  const auto special = [attribute](char c) { return c == '&' || c == '<' || c == '>' || (attribute && c == '"'); };
  std::size_t from = 0;
  while (true) {
    std::size_t at = from;
    while (at < text.size() && !special(text[at])) ++at;
    out.append(text.substr(from, at - from));
    if (at == text.size()) return;
    switch (text[at]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += "&quot;"; break;  // '"', only searched for in attributes
    }
    from = at + 1;
  }
}

std::string escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text, attribute);
  return out;
}
}  // namespace

std::string xml_escape(std::string_view text) { return escape(text, false); }
std::string xml_escape_attribute(std::string_view text) { return escape(text, true); }

void append_element(std::string& out, std::string_view name, std::string_view text) {
  out += '<';
  out += name;
  if (text.empty()) {
    out += " />";
    return;
  }
  out += '>';
  append_escaped(out, text, false);
  out += "</";
  out += name;
  out += '>';
}

namespace {
void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::optional<std::uint32_t> parse_char_ref(std::string_view ref) {
  // ref is what lies between "&#" and ";".
  const bool hex = !ref.empty() && (ref[0] == 'x' || ref[0] == 'X');
  if (hex) ref.remove_prefix(1);
  if (ref.empty() || ref.size() > 8) return std::nullopt;
  std::uint32_t cp = 0;
  for (char c : ref) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return std::nullopt;
    cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
  }
  if (cp == 0 || cp > 0x10FFFF) return std::nullopt;
  return cp;
}
}  // namespace

std::optional<std::string> xml_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    const auto semi = text.find(';', i);
    if (semi == std::string_view::npos) return std::nullopt;
    const std::string_view entity = text.substr(i + 1, semi - i - 1);
    if (entity == "amp") out.push_back('&');
    else if (entity == "lt") out.push_back('<');
    else if (entity == "gt") out.push_back('>');
    else if (entity == "quot") out.push_back('"');
    else if (entity == "apos") out.push_back('\'');
    else if (!entity.empty() && entity[0] == '#') {
      const auto cp = parse_char_ref(entity.substr(1));
      if (!cp) return std::nullopt;
      append_utf8(out, *cp);
    } else {
      return std::nullopt;
    }
    i = semi;
  }
  return out;
}

}  // namespace drdrill::storage
