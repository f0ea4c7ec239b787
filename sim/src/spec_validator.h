#pragma once
// Checks a parsed scenario document against the spec table (spec.h): types, formats, ranges, enum
// values, durations, distributions, unknown and missing keys. Reports every problem it finds and
// remembers which values were bad, so the binder keeps the defaults there and the reference checks
// stay quiet about them (one mistake, one error). Internal to drdrill::sim.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/distribution.h"
#include "core/time.h"
#include "sim/diagnostic.h"
#include "sim/located_json.h"
#include "spec.h"

namespace drdrill::sim::spec {

class Problems {
 public:
  Problems(const LocatedJson& doc, std::string file) : doc_(doc), file_(std::move(file)) {}

  // An error about the value at `pointer` (positioned at the value, or its nearest ancestor).
  void at_value(std::string_view pointer, std::string message);
  // An error about a member's key (positioned at the key).
  void at_key(std::string_view pointer, std::string message);
  // An error at an explicit position (what the parser found).
  void at_position(SourcePosition at, std::string_view pointer, std::string message) {
    add(at, pointer, std::move(message));
  }
  // An error of drdrill itself (a spec/binder mismatch), reported rather than crashing.
  void internal(std::string_view pointer, std::string message);

  void mark_invalid(std::string_view pointer) { invalid_.emplace(pointer); }
  // Whether the value at `pointer` or any value containing it was reported bad.
  bool invalid(std::string_view pointer) const;

  const LocatedJson& doc() const { return doc_; }
  std::vector<Diagnostic> take() { return std::move(diagnostics_); }
  bool empty() const { return diagnostics_.empty(); }

 private:
  void add(SourcePosition at, std::string_view pointer, std::string message);

  const LocatedJson& doc_;
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  std::set<std::string, std::less<>> invalid_;
};

// Checks the whole document against scenario_spec().
void validate_document(Problems& problems);

// The fields an object of a tagged type has for `tag_value` (the tag itself, the common fields, the
// variant's). Empty if the variant is unknown.
std::vector<const Field*> tagged_fields(const TaggedSpec& spec, std::string_view tag_value);
std::vector<const Field*> object_fields(const ObjectSpec& spec);

// Converters shared by the validator and the binder. With `problems` they report what is wrong
// (at `pointer`); without, they only convert. nullopt when the value is not valid.
std::optional<Duration> read_duration(const nlohmann::json& value, const Type& type, std::string_view pointer,
                                      Problems* problems);
std::optional<Distribution> read_distribution(const nlohmann::json& value, Quantity quantity,
                                              std::string_view pointer, Problems* problems);

// "-5", "\"abc\"", "an object": how a bad value is quoted in messages.
std::string describe_got(const nlohmann::json& value);

}  // namespace drdrill::sim::spec
