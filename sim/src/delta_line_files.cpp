#include "delta_line_files.h"

#include <cstddef>
#include <utility>

#include <nlohmann/json.hpp>

namespace drdrill::sim {
namespace {

using Json = nlohmann::json;

// Follows the depth of the line's containers and keeps only the top object's add/remove objects'
// "path" strings. Every event returns true: only a syntax error stops the parse (as it stops the
// DOM parser, whose line would then be discarded).
class ActionPathHandler final : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return scalar(); }
  bool boolean(bool /*value*/) override { return scalar(); }
  bool number_integer(number_integer_t /*value*/) override { return scalar(); }
  bool number_unsigned(number_unsigned_t /*value*/) override { return scalar(); }
  bool number_float(number_float_t /*value*/, const string_t& /*raw*/) override { return scalar(); }
  bool string(string_t& value) override {
    if (at_path_value()) action_->path = std::move(value);
    return true;
  }
  bool binary(binary_t& /*value*/) override { return scalar(); }  // never produced by the JSON parser

  bool start_object(std::size_t /*elements*/) override {
    if (depth_ == 0) top_is_object_ = true;
    if (depth_ == 1 && kind_ != nullptr) {
      kind_->is_object = true;
      action_ = kind_;
    }
    return open();
  }
  bool start_array(std::size_t /*elements*/) override { return open(); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    if (depth_ == 1) {
      kind_ = name == "add" ? &add_ : name == "remove" ? &remove_ : nullptr;
      if (kind_ != nullptr) *kind_ = Action{};  // a repeated key: its last value counts
    } else if (depth_ == 2 && action_ != nullptr) {
      path_key_ = name == "path";
    }
    return true;
  }

  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& /*ex*/) override {
    return false;
  }

  DeltaLineFiles files() && {
    DeltaLineFiles out;
    if (!top_is_object_) return out;
    if (add_.is_object) out.added = std::move(add_.path);
    if (remove_.is_object) out.removed = std::move(remove_.path);
    return out;
  }

 private:
  struct Action {
    bool is_object = false;
    std::string path;  // empty unless "path" is a string
  };

  bool at_path_value() const { return depth_ == 2 && action_ != nullptr && path_key_; }
  // A value other than a string where a path is expected names no path.
  bool scalar() {
    if (at_path_value()) action_->path.clear();
    return true;
  }
  bool open() {
    scalar();
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    if (depth_ == 1) action_ = nullptr;
    return true;
  }

  std::size_t depth_ = 0;  // containers open
  bool top_is_object_ = false;
  Action add_;
  Action remove_;
  Action* kind_ = nullptr;    // the action the current top-level key names, if add or remove
  Action* action_ = nullptr;  // the add or remove object being read
  bool path_key_ = false;     // the current key of that object is "path"
};

}  // namespace

DeltaLineFiles delta_line_files(std::string_view line) {
  // A line that cannot hold an "add" or "remove" key names no file, whether it parses or not, so
  // it is not parsed (a commit's commitInfo line is its longest). Such a key appears as "add" or
  // "remove" in quotes unless an escape spells it, and an escape needs a backslash.
  if (line.find('\\') == std::string_view::npos && line.find("\"add\"") == std::string_view::npos &&
      line.find("\"remove\"") == std::string_view::npos) {
    return {};
  }
  ActionPathHandler handler;
  const bool ok = Json::sax_parse(line, &handler, Json::input_format_t::json, /*strict=*/true,
                                  /*ignore_comments=*/false);
  if (!ok) return {};
  return std::move(handler).files();
}

}  // namespace drdrill::sim
