#pragma once
// ObjectReader: binds one validated JSON object of a scenario file into the Scenario structs.
//
// Each read names a key of the object's spec (spec.h); the field's type says how to convert. A key
// that is absent, or whose value the validator reported bad, leaves the C++ default in place, so a
// struct's defaults (which cite dr-parameters) apply only where the file says nothing. Two
// consistency checks keep the binder and the spec table honest, reported as internal errors rather
// than crashes: reading a key the spec does not list, and leaving a present, valid key unread.
// Internal to drdrill::sim.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/distribution.h"
#include "core/time.h"
#include "sim/enum_names.h"
#include "spec.h"
#include "spec_validator.h"

namespace drdrill::sim::spec {

class ObjectReader {
 public:
  // An object of an ObjectSpec; `obj` may be null (absent or not an object: every read is a no-op).
  ObjectReader(Problems& problems, const ObjectSpec& spec, const nlohmann::json* obj, std::string pointer);
  // An object of a TaggedSpec: its fields are those of the variant its tag (or the default tag) names.
  ObjectReader(Problems& problems, const TaggedSpec& spec, const nlohmann::json* obj, std::string pointer);
  ~ObjectReader();
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;

  const std::string& pointer() const { return pointer_; }
  std::string member_pointer(std::string_view key) const { return pointer_append(pointer_, key); }
  // The tag value of a tagged object ("" when unknown or absent without a default).
  const std::string& tag() const { return tag_; }
  // Whether the key is present with a valid value.
  bool present(std::string_view key) const;

  void read(std::string_view key, std::string& out);
  void read(std::string_view key, bool& out);
  void read(std::string_view key, int& out);
  void read(std::string_view key, std::int64_t& out);
  void read(std::string_view key, std::uint64_t& out);
  void read(std::string_view key, double& out);
  void read(std::string_view key, Duration& out);
  // A duration field (set when present) or an end field ("never": nullopt).
  void read(std::string_view key, std::optional<Duration>& out);
  void read(std::string_view key, TimePoint& out);
  void read(std::string_view key, Distribution& out);
  void read(std::string_view key, std::optional<std::string>& out);
  void read(std::string_view key, std::optional<std::int64_t>& out);
  void read(std::string_view key, std::vector<std::string>& out);
  void read(std::string_view key, std::map<std::string, std::string>& out);

  template <NamedEnum E>
  void read(std::string_view key, E& out) {
    if (const nlohmann::json* v = member(key, TypeKind::kEnum)) {
      if (const auto e = parse_enum<E>(v->get<std::string>())) out = *e;
    }
  }
  template <NamedEnum E>
  void read(std::string_view key, std::vector<E>& out) {
    if (const nlohmann::json* v = member(key, TypeKind::kArray)) {
      out.clear();
      for (const auto& item : *v) {
        if (item.is_string()) {
          if (const auto e = parse_enum<E>(item.get<std::string>())) out.push_back(*e);
        }
      }
    }
  }

  // A nested object or tagged object (absent: a reader with defaults).
  ObjectReader object(std::string_view key);
  // Calls fn(ObjectReader& item, std::size_t index) for every element of an array of objects, bad
  // ones included (with what could be read), so element i of the result is element i of the file.
  template <typename Fn>
  void each(std::string_view key, Fn&& fn) {
    const nlohmann::json* array = member(key, TypeKind::kArray, /*even_if_invalid=*/true);
    if (array == nullptr || !array->is_array()) return;
    const Field* f = find_field(key);
    for (std::size_t i = 0; i < array->size(); ++i) {
      const nlohmann::json* item = &(*array)[i];
      const std::string item_pointer = pointer_append(member_pointer(key), i);
      if (f->type.items->kind == TypeKind::kTagged) {
        ObjectReader reader(problems_, *f->type.items->tagged, item, item_pointer);
        fn(reader, i);
      } else if (f->type.items->kind == TypeKind::kObject) {
        ObjectReader reader(problems_, *f->type.items->object, item, item_pointer);
        fn(reader, i);
      } else {
        problems_.internal(item_pointer, "\"" + std::string(key) + "\" is not an array of objects");
        return;
      }
    }
  }

 private:
  const Field* find_field(std::string_view key);
  // The member's value when present and valid, checking the field's type is `kind`; marks it read.
  const nlohmann::json* member(std::string_view key, TypeKind kind, bool even_if_invalid = false);

  Problems& problems_;
  std::vector<const Field*> fields_;
  const nlohmann::json* obj_;
  std::string pointer_;
  std::string tag_;
  std::vector<std::string> read_;
};

}  // namespace drdrill::sim::spec
