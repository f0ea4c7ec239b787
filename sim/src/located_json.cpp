#include "sim/located_json.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <utility>

namespace drdrill::sim {

namespace {

// An input iterator over the text that counts how far the parser has read, so the SAX handler
// knows at each event where the token it just received ended.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* at, std::size_t* consumed) : at_(at), consumed_(consumed) {}

  reference operator*() const { return *at_; }
  CountingIterator& operator++() {
    ++at_;
    ++*consumed_;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  friend bool operator==(const CountingIterator& a, const CountingIterator& b) { return a.at_ == b.at_; }

 private:
  const char* at_;
  std::size_t* consumed_;
};

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// nlohmann's messages start "[json.exception.parse_error.101] parse error at line 1, column 2: ";
// the position is reported separately, so keep only what follows.
std::string strip_nlohmann_prefix(std::string message) {
  if (message.starts_with("[json.exception.")) {
    const std::size_t close = message.find("] ");
    if (close != std::string::npos) message.erase(0, close + 2);
  }
  if (message.starts_with("parse error")) {
    const std::size_t colon = message.find(": ");
    if (colon != std::string::npos) message.erase(0, colon + 2);
  }
  // "; last read: '...'" quotes everything since the previous string or number token, which
  // misleads more than it helps next to an exact position.
  if (const std::size_t last_read = message.find("; last read: "); last_read != std::string::npos) {
    message.erase(last_read);
  }
  return message;
}

}  // namespace

class LocatingHandler final : public nlohmann::json_sax<nlohmann::json> {
 public:
  LocatingHandler(LocatedJson& doc, const std::size_t& consumed) : doc_(doc), text_(doc.text_), consumed_(consumed) {}

  bool null() override { return scalar(nullptr, literal_start(4)); }
  bool boolean(bool value) override { return scalar(value, literal_start(value ? 4 : 5)); }
  bool number_integer(number_integer_t value) override { return scalar(value, number_start()); }
  bool number_unsigned(number_unsigned_t value) override { return scalar(value, number_start()); }
  bool number_float(number_float_t value, const string_t& /*raw*/) override { return scalar(value, number_start()); }
  bool string(string_t& value) override { return scalar(std::move(value), string_start()); }
  bool binary(binary_t& /*value*/) override { return false; }  // never produced by the JSON parser

  bool start_object(std::size_t /*elements*/) override { return open(nlohmann::json::object()); }
  bool start_array(std::size_t /*elements*/) override { return open(nlohmann::json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    Frame& top = stack_.back();
    const std::size_t offset = string_start();
    top.key = name;
    top.key_pointer = pointer_append(top.pointer, name);
    if (top.value->contains(name)) {
      const auto first = doc_.key_offsets_.find(top.key_pointer);
      std::string message = "duplicate key \"" + name + "\"";
      if (first != doc_.key_offsets_.end()) {
        const SourcePosition at = doc_.position_of(first->second);
        message += " (first at line " + std::to_string(at.line) + ", column " + std::to_string(at.column) + ")";
      }
      doc_.problems_.push_back({doc_.position_of(offset), top.key_pointer, std::move(message)});
    }
    doc_.key_offsets_[top.key_pointer] = offset;
    return true;
  }

  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) override {
    std::string message = strip_nlohmann_prefix(ex.what());
    const std::size_t offset = error_offset(message);
    std::string pointer;
    if (!stack_.empty()) {
      const Frame& top = stack_.back();
      pointer = top.value->is_object() && !top.key.empty() ? top.key_pointer : top.pointer;
    }
    syntax_error_ = JsonProblem{doc_.position_of(offset), std::move(pointer), std::move(message)};
    return false;
  }

  std::optional<JsonProblem> syntax_error() const { return syntax_error_; }

 private:
  struct Frame {
    nlohmann::json* value;
    std::string pointer;
    std::size_t next_index = 0;
    std::string key;          // the member being read (objects)
    std::string key_pointer;
  };

  // Places a value in its parent and records where it starts. Returns the stored value.
  nlohmann::json* place(nlohmann::json value, std::size_t offset, std::string& pointer) {
    nlohmann::json* target = nullptr;
    if (stack_.empty()) {
      pointer.clear();
      doc_.root_ = std::move(value);
      target = &doc_.root_;
    } else if (Frame& top = stack_.back(); top.value->is_object()) {
      pointer = top.key_pointer;
      target = &(*top.value)[top.key];
      *target = std::move(value);
      top.key.clear();
    } else {
      pointer = pointer_append(top.pointer, top.next_index++);
      top.value->push_back(std::move(value));
      target = &top.value->back();
    }
    doc_.value_offsets_[pointer] = offset;
    return target;
  }

  bool scalar(nlohmann::json value, std::size_t offset) {
    std::string pointer;
    place(std::move(value), offset, pointer);
    return true;
  }

  bool open(nlohmann::json container) {
    std::string pointer;
    nlohmann::json* target = place(std::move(container), consumed_ > 0 ? consumed_ - 1 : 0, pointer);
    // Pointers into the parent stay valid while this child is open: nothing else is added to the
    // parent until it closes (as in nlohmann's own DOM parser).
    stack_.push_back(Frame{target, std::move(pointer), 0, {}, {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  // Where the offending token starts. nlohmann reports only how far it read (and a "last read" text
  // that spans earlier tokens), so the start is recovered from the kind of error: the parser
  // rejects a whole token it has just scanned; the lexer stops at the character that broke one.
  std::size_t error_offset(std::string_view message) const {
    const std::size_t last = consumed_ > 0 ? std::min(consumed_, text_.size()) - 1 : 0;
    if (message.find("unexpected end of input") != std::string_view::npos) return text_.size();
    if (message.find("unexpected string literal") != std::string_view::npos) return string_start();
    if (message.find("unexpected number literal") != std::string_view::npos ||
        message.find("number overflow") != std::string_view::npos) {
      return number_start();
    }
    if (message.find("unexpected true literal") != std::string_view::npos) return literal_start(4);
    if (message.find("unexpected false literal") != std::string_view::npos) return literal_start(5);
    if (message.find("unexpected null literal") != std::string_view::npos) return literal_start(4);
    std::size_t start = last;
    if (message.find("invalid literal") != std::string_view::npos) {
      while (start > 0 && std::isalpha(static_cast<unsigned char>(text_[start - 1]))) --start;
    } else if (message.find("invalid number") != std::string_view::npos) {
      while (start > 0 && is_number_char(text_[start - 1])) --start;
    } else if (message.find("invalid string") != std::string_view::npos) {
      start = quote_before(last + 1);
    }
    return start;
  }

  // The nearest quote before `end` that is not escaped (preceded by an even number of backslashes).
  std::size_t quote_before(std::size_t end) const {
    for (std::size_t i = std::min(end, text_.size()); i-- > 0;) {
      if (text_[i] != '"') continue;
      std::size_t backslashes = 0;
      while (backslashes < i && text_[i - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return i;
    }
    return 0;
  }

  // Token starts, recovered from how far the parser has read (`consumed_` is one past the token,
  // plus one look-ahead character after a number).
  std::size_t literal_start(std::size_t length) const { return consumed_ >= length ? consumed_ - length : 0; }

  std::size_t number_start() const {
    std::size_t end = std::min(consumed_, text_.size());
    if (end > 0 && !is_number_char(text_[end - 1])) --end;  // the look-ahead character
    std::size_t start = end;
    while (start > 0 && is_number_char(text_[start - 1])) --start;
    return start;
  }

  std::size_t string_start() const {
    // consumed_ is one past the closing quote; the opening quote is the nearest unescaped one before.
    if (consumed_ < 2 || consumed_ > text_.size()) return 0;
    return quote_before(consumed_ - 1);
  }

  LocatedJson& doc_;
  const std::string& text_;
  const std::size_t& consumed_;
  std::vector<Frame> stack_;
  std::optional<JsonProblem> syntax_error_;
};

LocatedJson::LocatedJson(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::variant<LocatedJson, JsonProblem> LocatedJson::parse(std::string_view text) {
  LocatedJson doc(text);
  std::size_t consumed = 0;
  LocatingHandler handler(doc, consumed);
  const char* begin = doc.text_.data();
  const char* end = begin + doc.text_.size();
  const bool ok = nlohmann::json::sax_parse(CountingIterator(begin, &consumed), CountingIterator(end, &consumed),
                                            &handler, nlohmann::json::input_format_t::json, /*strict=*/true,
                                            /*ignore_comments=*/false);
  if (!ok) {
    if (auto error = handler.syntax_error()) return *error;
    return JsonProblem{doc.position_of(consumed), "", "the JSON parser stopped without saying why"};
  }
  return doc;
}

SourcePosition LocatedJson::position_of(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line_index = static_cast<std::size_t>(after - line_starts_.begin()) - 1;
  int column = 1;
  for (std::size_t i = line_starts_[line_index]; i < offset; ++i) {
    const auto byte = static_cast<unsigned char>(text_[i]);
    if ((byte & 0xC0) != 0x80) ++column;  // count UTF-8 lead bytes, not continuation bytes
  }
  return {static_cast<int>(line_index + 1), column};
}

SourcePosition LocatedJson::value_position(std::string_view pointer) const {
  std::string_view at = pointer;
  while (true) {
    if (const auto it = value_offsets_.find(at); it != value_offsets_.end()) return position_of(it->second);
    if (at.empty()) return {1, 1};
    at = pointer_parent(at);
  }
}

SourcePosition LocatedJson::key_position(std::string_view pointer) const {
  if (const auto it = key_offsets_.find(pointer); it != key_offsets_.end()) return position_of(it->second);
  return value_position(pointer);
}

std::string pointer_append(std::string_view base, std::string_view key) {
  std::string out(base);
  out += '/';
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_append(std::string_view base, std::size_t index) {
  return std::string(base) + "/" + std::to_string(index);
}

std::string_view pointer_parent(std::string_view pointer) {
  const std::size_t slash = pointer.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : pointer.substr(0, slash);
}

}  // namespace drdrill::sim
