#include "sim/scenario_schema.h"

#include <nlohmann/json.hpp>

#include "spec.h"
#include "spec_validator.h"

namespace drdrill::sim {

namespace {

using spec::Field;
using spec::ObjectSpec;
using spec::Quantity;
using spec::TaggedSpec;
using spec::Type;
using spec::TypeKind;
using ojson = nlohmann::ordered_json;

constexpr const char* kDurationPattern = "^[0-9]{1,15}(\\.[0-9]{1,9})?(ms|s|min|h|d)$";
constexpr const char* kZeroDurationPattern = "^0{1,15}(\\.0{1,9})?(ms|s|min|h|d)$";
constexpr const char* kTimestampPattern =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?Z$";

ojson ref(const std::string& name) { return ojson{{"$ref", "#/$defs/" + name}}; }

ojson number_value(double x) {
  if (x == static_cast<double>(static_cast<std::int64_t>(x))) return ojson(static_cast<std::int64_t>(x));
  return ojson(x);
}

ojson type_schema(const Type& type) {
  switch (type.kind) {
    case TypeKind::kString: {
      ojson s{{"type", "string"}};
      if (type.format != nullptr) s["pattern"] = type.format->pattern;
      return s;
    }
    case TypeKind::kEnum:
      return ojson{{"enum", type.values}};
    case TypeKind::kIntEnum:
      return ojson{{"enum", type.int_values}};
    case TypeKind::kBool:
      return ojson{{"type", "boolean"}};
    case TypeKind::kInteger:
    case TypeKind::kNumber: {
      ojson s{{"type", type.kind == TypeKind::kInteger ? "integer" : "number"}};
      if (type.has_min) s[type.exclusive_min ? "exclusiveMinimum" : "minimum"] = number_value(type.min);
      if (type.has_max) s["maximum"] = number_value(type.max);
      return s;
    }
    case TypeKind::kDuration:
      return ref(type.positive ? "positive_duration" : "duration");
    case TypeKind::kEnd:
      return ref("end_time");
    case TypeKind::kTimestamp:
      return ref("timestamp");
    case TypeKind::kDistribution:
      return ref(type.quantity == Quantity::kDuration ? "duration_distribution" : "number_distribution");
    case TypeKind::kObject:
      return ref(type.object->name);
    case TypeKind::kTagged:
      return ref(type.tagged->name);
    case TypeKind::kArray: {
      ojson s{{"type", "array"}, {"items", type_schema(*type.items)}};
      if (type.min_items > 0) s["minItems"] = type.min_items;
      return s;
    }
    case TypeKind::kMap: {
      ojson s{{"type", "object"}};
      if (type.format != nullptr) s["propertyNames"] = ojson{{"pattern", type.format->pattern}};
      s["additionalProperties"] = type_schema(*type.items);
      return s;
    }
  }
  return ojson::object();
}

std::string field_description(const Field& f) {
  std::string text = f.description;
  if (!f.source.empty()) text += " Source: " + f.source + ".";
  if (!f.default_note.empty() && !f.default_value) text += " Default: " + f.default_note + ".";
  return text;
}

ojson field_schema(const Field& f) {
  ojson s = type_schema(f.type);
  s["description"] = field_description(f);
  if (f.default_value) s["default"] = ojson::parse(f.default_value->dump());
  return s;
}

void add_groups(ojson& s, const std::vector<std::vector<std::string>>& exactly_one_of,
                const std::vector<std::vector<std::string>>& at_least_one_of) {
  for (const auto& group : exactly_one_of) {
    ojson one_of = ojson::array();
    for (const std::string& key : group) one_of.push_back(ojson{{"required", {key}}});
    s["oneOf"] = one_of;
  }
  for (const auto& group : at_least_one_of) {
    ojson any_of = ojson::array();
    for (const std::string& key : group) {
      any_of.push_back(ojson{{"required", {key}}, {"properties", {{key, {{"minItems", 1}}}}}});
    }
    s["anyOf"] = any_of;
  }
}

ojson object_schema(const std::string& description, const std::vector<const Field*>& fields,
                    const std::vector<std::vector<std::string>>& exactly_one_of,
                    const std::vector<std::vector<std::string>>& at_least_one_of) {
  ojson s{{"type", "object"}, {"description", description}};
  ojson properties = ojson::object();
  ojson required = ojson::array();
  for (const Field* f : fields) {
    properties[f->key] = field_schema(*f);
    if (f->required) required.push_back(f->key);
  }
  s["properties"] = properties;
  if (!required.empty()) s["required"] = required;
  s["additionalProperties"] = false;
  add_groups(s, exactly_one_of, at_least_one_of);
  return s;
}

ojson distribution_schema(const ojson& value, const std::string& what) {
  auto params = [&](std::initializer_list<const char*> names) {
    ojson properties = ojson::object();
    ojson required = ojson::array();
    for (const char* n : names) {
      properties[n] = value;
      required.push_back(n);
    }
    return ojson{{"type", "object"}, {"properties", properties}, {"required", required}, {"additionalProperties", false}};
  };
  auto one = [&](const char* kind, ojson inner) {
    return ojson{{"type", "object"},
                 {"properties", {{kind, std::move(inner)}}},
                 {"required", {kind}},
                 {"additionalProperties", false}};
  };
  return ojson{
      {"description", "A distribution of " + what +
                          ": a bare value (constant), or an object with exactly one key naming the kind. lognormal's "
                          "p99 is its 99th percentile."},
      {"oneOf",
       {value, one("constant", value), one("uniform", params({"lo", "hi"})), one("exponential", params({"mean"})),
        one("lognormal", params({"median", "p99"})), one("triangular", params({"lo", "mode", "hi"}))}},
  };
}

ojson make_schema() {
  const ObjectSpec& root = spec::scenario_spec();
  const spec::SpecIndex index = spec::index_specs();

  ojson schema = ojson::object();
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["title"] = "drdrill scenario";
  ojson body = object_schema(root.description + " Reference: docs/scenarios.md.", spec::object_fields(root), {}, {});
  for (auto& [key, value] : body.items()) schema[key] = value;

  ojson defs = ojson::object();
  defs["duration"] = {{"type", "string"},
                      {"description", "A non-negative number and a unit (ms, s, min, h, d), no space: \"250ms\", "
                                      "\"90s\", \"1.5min\", \"6h\". At most 3650 days."},
                      {"pattern", kDurationPattern},
                      {"examples", {"90s", "15min", "6h"}}};
  defs["positive_duration"] = {{"description", "A duration greater than zero."},
                               {"allOf", {ref("duration"), {{"not", {{"pattern", kZeroDurationPattern}}}}}}};
  defs["end_time"] = {{"description", "A time since the drill's start, or \"never\"."},
                      {"anyOf", {ref("duration"), {{"const", "never"}}}}};
  defs["timestamp"] = {{"type", "string"},
                       {"description", "A UTC instant, RFC 3339 with a literal Z."},
                       {"pattern", kTimestampPattern},
                       {"examples", {"2026-01-01T00:00:00Z"}}};
  defs["duration_distribution"] = distribution_schema(ref("duration"), "durations");
  defs["number_distribution"] =
      distribution_schema(ojson{{"type", "number"}, {"exclusiveMinimum", 0}}, "positive numbers");

  for (const ObjectSpec* o : index.objects) {
    if (o == &root) continue;
    defs[o->name] = object_schema(o->description, spec::object_fields(*o), o->exactly_one_of, o->at_least_one_of);
  }
  for (const TaggedSpec* t : index.tagged) {
    ojson one_of = ojson::array();
    for (const spec::Variant& v : t->variants) {
      std::vector<const Field*> fields = spec::tagged_fields(*t, v.tag_value);
      ojson variant = object_schema(v.spec->description, fields, t->exactly_one_of, v.spec->at_least_one_of);
      ojson& tag = variant["properties"][t->tag];
      tag = ojson{{"const", v.tag_value}, {"description", t->tag_description}};
      ojson required = variant.contains("required") ? variant["required"] : ojson::array();
      const bool is_default = t->default_tag && *t->default_tag == v.tag_value;
      if (is_default) {
        tag["default"] = v.tag_value;
      } else if (std::find(required.begin(), required.end(), ojson(t->tag)) == required.end()) {
        required.insert(required.begin(), t->tag);
      }
      if (!required.empty()) variant["required"] = required;
      defs[v.spec->name] = variant;
      one_of.push_back(ref(v.spec->name));
    }
    defs[t->name] = {{"description", t->description}, {"type", "object"}, {"oneOf", one_of}};
  }
  schema["$defs"] = defs;
  return schema;
}

// --- field reference ---

std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string default_cell(const Field& f) {
  if (f.required) return "**required**";
  std::string out;
  if (f.default_value) out = "`" + f.default_value->dump() + "`";
  if (!f.default_note.empty()) out += (out.empty() ? "" : " ") + std::string("*") + f.default_note + "*";
  return out.empty() ? "*none*" : out;
}

std::string table(const std::vector<const Field*>& fields) {
  std::string out = "| Field | Type | Default | Source | Meaning |\n|---|---|---|---|---|\n";
  for (const Field* f : fields) {
    out += "| `" + f->key + "` | " + cell(spec::describe_type(f->type)) + " | " + cell(default_cell(*f)) + " | " +
           cell(f->source) + " | " + cell(f->description) + " |\n";
  }
  return out;
}

std::string groups_note(const std::vector<std::vector<std::string>>& exactly_one_of,
                        const std::vector<std::vector<std::string>>& at_least_one_of) {
  std::string out;
  auto list = [](const std::vector<std::string>& keys) {
    std::string s;
    for (std::size_t i = 0; i < keys.size(); ++i) s += (i == 0 ? "" : ", ") + std::string("`") + keys[i] + "`";
    return s;
  };
  for (const auto& g : exactly_one_of) out += "Exactly one of " + list(g) + " is required.\n\n";
  for (const auto& g : at_least_one_of) out += "At least one of " + list(g) + " must list something.\n\n";
  return out;
}

std::string make_reference() {
  const spec::SpecIndex index = spec::index_specs();
  std::string out =
      "<!-- Generated from the loader's field table by `drdrill validate --print-reference`; a test keeps it in "
      "step. Edit sim/src/scenario_spec.cpp, not this section. -->\n\n";
  for (const ObjectSpec* o : index.objects) {
    out += "### `" + o->name + "`\n\n" + o->description + "\n\n";
    out += groups_note(o->exactly_one_of, o->at_least_one_of);
    out += o->fields.empty() ? "No fields.\n\n" : table(spec::object_fields(*o)) + "\n";
  }
  for (const TaggedSpec* t : index.tagged) {
    out += "### `" + t->name + "`\n\n" + t->description + " The field `" + t->tag + "` says which kind";
    out += t->default_tag ? " (default `\"" + *t->default_tag + "\"`)" : std::string(" (required)");
    out += "; each kind adds its own fields.\n\n";
    out += groups_note(t->exactly_one_of, {});
    std::vector<const Field*> common;
    for (const Field& f : t->common) common.push_back(&f);
    if (!common.empty()) out += "Fields of every kind:\n\n" + table(common) + "\n";
    for (const spec::Variant& v : t->variants) {
      out += "#### " + t->name + " `" + t->tag + ": \"" + v.tag_value + "\"`\n\n" + v.spec->description + "\n\n";
      out += groups_note({}, v.spec->at_least_one_of);
      std::vector<const Field*> own;
      for (const Field& f : v.spec->fields) own.push_back(&f);
      out += own.empty() ? "No further fields.\n\n" : table(own) + "\n";
    }
  }
  return out;
}

}  // namespace

std::string scenario_json_schema_text() { return make_schema().dump(2) + "\n"; }

std::string scenario_field_reference_markdown() { return make_reference(); }

}  // namespace drdrill::sim
