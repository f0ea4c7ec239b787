#pragma once
// The scenario format as data: every object, its fields, their types, defaults, descriptions and
// dr-parameters sources. One table drives the checks of the loader (spec_validator), the binding of
// values into the Scenario structs (object_reader), the JSON Schema and the field reference
// (scenario_schema), so none of them can accept or document a field the others do not know.
//
// Internal to drdrill::sim.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/enum_names.h"

namespace drdrill::sim::spec {

// A named check for strings: the loader runs `check`, the schema publishes `pattern` (ECMA-262),
// and a test keeps the two in agreement on sample values.
struct StringFormat {
  std::string_view name;      // "storage account name"
  std::string_view expected;  // "3-24 lower-case letters and digits"
  std::string_view pattern;   // for the JSON Schema
  bool (*check)(std::string_view value);
};

enum class TypeKind {
  kString,        // optionally with a StringFormat
  kEnum,          // one of `values` (strings)
  kIntEnum,       // one of `int_values`
  kBool,
  kInteger,       // within [min, max]
  kNumber,        // within min/max, either bound exclusive
  kDuration,      // "90s"; `positive`: > 0
  kEnd,           // a duration offset or "never"
  kTimestamp,     // "2026-01-01T00:00:00Z"
  kDistribution,  // of durations or of positive numbers
  kObject,
  kTagged,        // an object whose fields depend on a tag field ("kind")
  kArray,
  kMap,           // an object with free keys and values of one type
};

enum class Quantity { kDuration, kPositiveNumber };

struct ObjectSpec;
struct TaggedSpec;

struct Type {
  TypeKind kind = TypeKind::kString;
  const StringFormat* format = nullptr;  // kString: the value's format; kMap: the keys' format
  std::vector<std::string> values;
  std::vector<std::int64_t> int_values;
  double min = 0;
  double max = 0;
  bool has_min = false;
  bool has_max = false;
  bool exclusive_min = false;
  bool positive = false;  // kDuration
  Quantity quantity = Quantity::kDuration;
  const ObjectSpec* object = nullptr;
  const TaggedSpec* tagged = nullptr;
  std::shared_ptr<const Type> items;  // kArray items, kMap values
  std::size_t min_items = 0;
};

struct Field {
  std::string key;
  Type type;
  bool required = false;
  std::optional<nlohmann::json> default_value;  // as a file would spell it
  std::string default_note;  // when the default is not a literal ("the primary region")
  std::string description;
  std::string source;  // dr-parameters row(s) ("S1"), "seed", "assumption", or empty

  Field&& require() && {
    required = true;
    return std::move(*this);
  }
  Field&& fallback(std::string_view json_literal) &&;
  Field&& fallback_note(std::string note) && {
    default_note = std::move(note);
    return std::move(*this);
  }
  Field&& from(std::string src) && {
    source = std::move(src);
    return std::move(*this);
  }
};

struct ObjectSpec {
  ObjectSpec(std::string name_, std::string description_, std::vector<Field> fields_,
             std::vector<std::vector<std::string>> exactly_one_of_ = {},
             std::vector<std::vector<std::string>> at_least_one_of_ = {})
      : name(std::move(name_)),
        description(std::move(description_)),
        fields(std::move(fields_)),
        exactly_one_of(std::move(exactly_one_of_)),
        at_least_one_of(std::move(at_least_one_of_)) {}

  std::string name;  // the $defs key and the heading in the field reference
  std::string description;
  std::vector<Field> fields;
  // Groups of keys of which exactly one must be present (`end` or `duration`).
  std::vector<std::vector<std::string>> exactly_one_of;
  // Groups of which at least one key must be present and non-empty (arrays).
  std::vector<std::vector<std::string>> at_least_one_of;

  const Field* find(std::string_view key) const;
};

struct Variant {
  std::string tag_value;
  const ObjectSpec* spec;  // the variant's own fields (besides the tag and the common ones)
};

struct TaggedSpec {
  std::string name;
  std::string description;
  std::string tag = "kind";
  std::optional<std::string> default_tag;  // when the tag may be left out
  std::string tag_description;
  std::vector<Field> common;
  std::vector<std::vector<std::string>> exactly_one_of;  // over the common fields
  std::vector<Variant> variants;
  // The tag as a field (an enum of the variants' tag values), made by seal().
  Field tag_field;

  // Completes the spec once its variants are set (every TaggedSpec of the table calls it).
  void seal();
  const Variant* variant(std::string_view tag_value) const;
};

// --- building types ---
Type string_type(const StringFormat* format = nullptr);
Type enum_type(std::vector<std::string> values);
template <NamedEnum E>
Type enum_type() {
  std::vector<std::string> values;
  for (std::string_view v : enum_spellings<E>()) values.emplace_back(v);
  return enum_type(std::move(values));
}
Type int_enum_type(std::vector<std::int64_t> values);
Type bool_type();
Type integer_type(double min, double max);
Type number_type(double min, bool exclusive_min, std::optional<double> max = std::nullopt);
Type duration_type(bool positive);
Type end_type();
Type timestamp_type();
Type distribution_type(Quantity quantity);
Type object_type(const ObjectSpec& spec);
Type tagged_type(const TaggedSpec& spec);
Type array_type(Type items, std::size_t min_items = 0);
// `key_format` checks the keys (null: any key).
Type map_type(Type values, const StringFormat* key_format = nullptr);

Field field(std::string key, Type type, std::string description);

// The root object of a scenario file.
const ObjectSpec& scenario_spec();

// Every ObjectSpec and TaggedSpec reachable from the root, each once, in a stable order (for the
// schema's $defs and the field reference).
struct SpecIndex {
  std::vector<const ObjectSpec*> objects;
  std::vector<const TaggedSpec*> tagged;
};
SpecIndex index_specs();

// Human wording of what a type accepts: "a duration like \"90s\" or \"15min\"".
std::string describe_expected(const Type& type);
// Short type name for the reference table: "duration > 0", "array of `table`".
std::string describe_type(const Type& type);

// --- the string formats ---
extern const StringFormat kNameFormat;
extern const StringFormat kRegionFormat;
extern const StringFormat kStorageAccountFormat;
extern const StringFormat kContainerFormat;
extern const StringFormat kSqlServerFormat;
extern const StringFormat kSqlDatabaseFormat;
extern const StringFormat kTableNameFormat;
extern const StringFormat kHiveIdentifierFormat;
extern const StringFormat kWorkspacePathFormat;
extern const StringFormat kMountPointFormat;
extern const StringFormat kNonEmptyFormat;
extern const StringFormat kSecretNameFormat;
extern const StringFormat kSecretPathFormat;
extern const StringFormat kAbfssFormat;
extern const StringFormat kTableLocationFormat;
extern const StringFormat kJdbcUrlFormat;
extern const StringFormat kRepointJdbcFormat;
extern const StringFormat kQuartzCronFormat;
std::vector<const StringFormat*> all_string_formats();

}  // namespace drdrill::sim::spec
