#pragma once
// Headers: an ordered list of HTTP header fields with case-insensitive names.
//
// Order and the sender's spelling are kept because some protocols sign them (Azure SharedKey
// canonicalises every x-ms-* header) and because byte-exact response tests compare them.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drdrill::http {

bool iequals(std::string_view a, std::string_view b);

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  Headers() = default;
  Headers(std::initializer_list<Field> fields) : fields_(fields) {}

  // Appends a field, keeping any existing fields of the same name.
  void add(std::string name, std::string value);
  // Replaces every field of this name by one field (appended if absent).
  void set(std::string name, std::string value);
  void remove(std::string_view name);

  // The first field of this name.
  std::optional<std::string_view> get(std::string_view name) const;
  std::string get_or(std::string_view name, std::string_view fallback) const;
  bool has(std::string_view name) const { return get(name).has_value(); }

  const std::vector<Field>& fields() const { return fields_; }
  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }
  std::size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }

  friend bool operator==(const Headers&, const Headers&) = default;

 private:
  std::vector<Field> fields_;
};

}  // namespace drdrill::http
