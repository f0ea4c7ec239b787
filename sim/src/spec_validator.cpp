#include "spec_validator.h"

#include <array>
#include <cmath>
#include <limits>

#include "sim/duration_text.h"
#include "suggest.h"

namespace drdrill::sim::spec {

namespace {

constexpr std::array<std::string_view, 5> kDistributionKinds{"constant", "uniform", "exponential", "lognormal",
                                                             "triangular"};

std::vector<std::string> to_strings(const auto& views) {
  std::vector<std::string> out;
  for (const auto& v : views) out.emplace_back(v);
  return out;
}

// The parameters each distribution takes, in the order Distribution::make_* wants them.
std::vector<std::string> distribution_params(std::string_view kind) {
  if (kind == "uniform") return {"lo", "hi"};
  if (kind == "exponential") return {"mean"};
  if (kind == "lognormal") return {"median", "p99"};
  if (kind == "triangular") return {"lo", "mode", "hi"};
  return {};
}

// A hint for the duration spellings people reach for first.
std::string duration_hint(const nlohmann::json& value) {
  if (value.is_number()) return " (durations are strings with a unit, like \"90s\")";
  if (!value.is_string()) return "";
  const std::string& text = value.get_ref<const std::string&>();
  if (text.size() > 1 && text.back() == 'm' && std::isdigit(static_cast<unsigned char>(text[text.size() - 2]))) {
    return " (minutes are \"min\": \"" + text + "in\")";
  }
  for (std::string_view unit : {"sec", "secs", "mins", "minute", "minutes", "hour", "hours", "day", "days", "hr"}) {
    if (text.size() > unit.size() && text.ends_with(unit)) return " (units are ms, s, min, h, d)";
  }
  if (text.find(' ') != std::string::npos) return " (no space between number and unit)";
  if (!text.empty() && text[0] == '-') return " (durations cannot be negative)";
  return "";
}

bool is_integer(const nlohmann::json& value) { return value.is_number_integer() || value.is_number_unsigned(); }

std::optional<std::int64_t> as_int64(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  return std::nullopt;
}

double as_double(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return static_cast<double>(value.get<std::uint64_t>());
  if (value.is_number_integer()) return static_cast<double>(value.get<std::int64_t>());
  return value.get<double>();
}

class Validator {
 public:
  explicit Validator(Problems& problems) : p_(problems) {}

  void value(const Type& type, const nlohmann::json& v, const std::string& ptr) {
    switch (type.kind) {
      case TypeKind::kString:
        if (!v.is_string()) return fail(ptr, type, v);
        if (type.format != nullptr && !type.format->check(v.get_ref<const std::string&>())) return fail(ptr, type, v);
        return;
      case TypeKind::kEnum: {
        if (!v.is_string()) return fail(ptr, type, v);
        const auto& s = v.get_ref<const std::string&>();
        if (std::find(type.values.begin(), type.values.end(), s) == type.values.end()) {
          return fail(ptr, type, v, did_you_mean(s, type.values));
        }
        return;
      }
      case TypeKind::kIntEnum: {
        const auto x = as_int64(v);
        if (!x || std::find(type.int_values.begin(), type.int_values.end(), *x) == type.int_values.end()) {
          return fail(ptr, type, v);
        }
        return;
      }
      case TypeKind::kBool:
        if (!v.is_boolean()) return fail(ptr, type, v);
        return;
      case TypeKind::kInteger:
        if (!is_integer(v) || as_double(v) < type.min || as_double(v) > type.max) return fail(ptr, type, v);
        return;
      case TypeKind::kNumber: {
        if (!v.is_number()) return fail(ptr, type, v);
        const double x = as_double(v);
        if (!std::isfinite(x) || (type.has_min && (type.exclusive_min ? x <= type.min : x < type.min)) ||
            (type.has_max && x > type.max)) {
          return fail(ptr, type, v);
        }
        return;
      }
      case TypeKind::kDuration:
        read_duration(v, type, ptr, &p_);
        return;
      case TypeKind::kEnd:
        if (v.is_string() && v.get_ref<const std::string&>() == "never") return;
        if (!v.is_string() || !parse_duration_text(v.get_ref<const std::string&>())) {
          return fail(ptr, type, v, duration_hint(v));
        }
        return;
      case TypeKind::kTimestamp:
        if (!v.is_string() || !parse_timestamp_text(v.get_ref<const std::string&>())) return fail(ptr, type, v);
        return;
      case TypeKind::kDistribution:
        read_distribution(v, type.quantity, ptr, &p_);
        return;
      case TypeKind::kObject:
        if (!v.is_object()) return fail(ptr, type, v);
        return fields(object_fields(*type.object), type.object->exactly_one_of, type.object->at_least_one_of, v, ptr);
      case TypeKind::kTagged:
        if (!v.is_object()) return fail(ptr, type, v);
        return tagged(*type.tagged, v, ptr);
      case TypeKind::kArray:
        if (!v.is_array()) return fail(ptr, type, v);
        if (v.size() < type.min_items) {
          p_.at_value(ptr, "expected at least " + std::to_string(type.min_items) + " item" +
                               (type.min_items == 1 ? "" : "s") + ", got " + std::to_string(v.size()));
          p_.mark_invalid(ptr);
        }
        for (std::size_t i = 0; i < v.size(); ++i) value(*type.items, v[i], pointer_append(ptr, i));
        return;
      case TypeKind::kMap:
        if (!v.is_object()) return fail(ptr, type, v);
        for (const auto& [key, item] : v.items()) {
          const std::string item_ptr = pointer_append(ptr, key);
          if (type.format != nullptr && !type.format->check(key)) {
            p_.at_key(item_ptr, "expected a key that is a " + std::string(type.format->name) + " (" +
                                    std::string(type.format->expected) + "), got \"" + key + "\"");
            p_.mark_invalid(item_ptr);
          }
          value(*type.items, item, item_ptr);
        }
        return;
    }
  }

  void fields(const std::vector<const Field*>& fs, const std::vector<std::vector<std::string>>& exactly_one_of,
              const std::vector<std::vector<std::string>>& at_least_one_of, const nlohmann::json& obj,
              const std::string& ptr) {
    std::vector<std::string> known;
    for (const Field* f : fs) known.push_back(f->key);
    for (const auto& item : obj.items()) {
      // Named references rather than a structured binding: clang 14 (the fuzz preset) cannot
      // capture a structured binding in the lambda below.
      const std::string& key = item.key();
      const nlohmann::json& member = item.value();
      const std::string member_ptr = pointer_append(ptr, key);
      const auto it = std::find_if(fs.begin(), fs.end(), [&](const Field* f) { return f->key == key; });
      if (it == fs.end()) {
        const std::string suggestion = did_you_mean(key, known);
        p_.at_key(member_ptr, "unknown key \"" + key + "\"" +
                                  (suggestion.empty() ? "; expected one of " + quote_list(known) : suggestion));
        p_.mark_invalid(member_ptr);
        continue;
      }
      value((*it)->type, member, member_ptr);
    }
    for (const Field* f : fs) {
      if (f->required && !obj.contains(f->key)) {
        // Named by the missing member's pointer, positioned at the object that lacks it.
        const std::string member_ptr = pointer_append(ptr, f->key);
        p_.at_value(member_ptr, "missing required field \"" + f->key + "\" (" + describe_expected(f->type) + ")");
        p_.mark_invalid(member_ptr);
      }
    }
    for (const auto& group : exactly_one_of) {
      std::vector<std::string> present;
      for (const std::string& key : group) {
        if (obj.contains(key)) present.push_back(key);
      }
      if (present.empty()) {
        p_.at_value(ptr, "missing " + quote_list(group) + ": give exactly one of them");
        p_.mark_invalid(ptr);
      } else if (present.size() > 1) {
        p_.at_key(pointer_append(ptr, present[1]),
                  "give exactly one of " + quote_list(group) + ", not " + quote_list(present));
        p_.mark_invalid(ptr);
      }
    }
    for (const auto& group : at_least_one_of) {
      const bool any = std::any_of(group.begin(), group.end(), [&](const std::string& key) {
        return obj.contains(key) && !(obj[key].is_array() && obj[key].empty());
      });
      if (!any) {
        p_.at_value(ptr, "list something in at least one of " + quote_list(group));
        p_.mark_invalid(ptr);
      }
    }
  }

  void tagged(const TaggedSpec& spec, const nlohmann::json& obj, const std::string& ptr) {
    std::vector<std::string> tags;
    for (const Variant& v : spec.variants) tags.push_back(v.tag_value);
    const std::string tag_ptr = pointer_append(ptr, spec.tag);
    std::string tag_value;
    if (!obj.contains(spec.tag)) {
      if (!spec.default_tag) {
        p_.at_value(tag_ptr, "missing required field \"" + spec.tag + "\" (one of " + quote_list(tags) + ")");
        p_.mark_invalid(ptr);
        return;
      }
      tag_value = *spec.default_tag;
    } else if (const auto& tag = obj[spec.tag]; !tag.is_string() || !spec.variant(tag.get_ref<const std::string&>())) {
      const std::string suggestion = tag.is_string() ? did_you_mean(tag.get_ref<const std::string&>(), tags) : "";
      p_.at_value(tag_ptr, "expected one of " + quote_list(tags) + ", got " + describe_got(tag) + suggestion);
      p_.mark_invalid(ptr);  // its other fields depend on the tag: nothing more can be checked
      return;
    } else {
      tag_value = tag.get_ref<const std::string&>();
    }
    const Variant* variant = spec.variant(tag_value);
    fields(tagged_fields(spec, tag_value), spec.exactly_one_of, variant->spec->at_least_one_of, obj, ptr);
  }

 private:
  void fail(const std::string& ptr, const Type& type, const nlohmann::json& v, const std::string& hint = "") {
    p_.at_value(ptr, "expected " + describe_expected(type) + ", got " + describe_got(v) + hint);
    p_.mark_invalid(ptr);
  }

  Problems& p_;
};

// One distribution parameter in seconds (durations) or as a positive number.
std::optional<double> read_param(const nlohmann::json& value, Quantity quantity, std::string_view ptr,
                                 Problems* problems) {
  if (quantity == Quantity::kDuration) {
    const Type t = duration_type(false);
    const auto d = read_duration(value, t, ptr, problems);
    if (!d) return std::nullopt;
    return to_seconds(*d);
  }
  if (value.is_number() && std::isfinite(as_double(value)) && as_double(value) > 0) return as_double(value);
  if (problems != nullptr) {
    problems->at_value(ptr, "expected a number greater than 0, got " + describe_got(value));
    problems->mark_invalid(ptr);
  }
  return std::nullopt;
}

}  // namespace

void Problems::add(SourcePosition at, std::string_view pointer, std::string message) {
  diagnostics_.push_back(Diagnostic{file_, at.line, at.column, std::string(pointer), std::move(message)});
}

void Problems::at_value(std::string_view pointer, std::string message) {
  add(doc_.value_position(pointer), pointer, std::move(message));
}

void Problems::at_key(std::string_view pointer, std::string message) {
  add(doc_.key_position(pointer), pointer, std::move(message));
}

void Problems::internal(std::string_view pointer, std::string message) {
  add(doc_.value_position(pointer), pointer, "internal error in drdrill: " + std::move(message));
}

bool Problems::invalid(std::string_view pointer) const {
  while (true) {
    if (invalid_.find(pointer) != invalid_.end()) return true;
    if (pointer.empty()) return false;
    pointer = pointer_parent(pointer);
  }
}

std::vector<const Field*> object_fields(const ObjectSpec& spec) {
  std::vector<const Field*> out;
  for (const Field& f : spec.fields) out.push_back(&f);
  return out;
}

std::vector<const Field*> tagged_fields(const TaggedSpec& spec, std::string_view tag_value) {
  const Variant* variant = spec.variant(tag_value);
  if (variant == nullptr) return {};
  // The tag is a field too, so that it is "known" and never reported as an unknown key.
  std::vector<const Field*> out{&spec.tag_field};
  for (const Field& f : spec.common) out.push_back(&f);
  for (const Field& f : variant->spec->fields) out.push_back(&f);
  return out;
}

std::optional<Duration> read_duration(const nlohmann::json& value, const Type& type, std::string_view ptr,
                                      Problems* problems) {
  std::optional<Duration> d;
  if (value.is_string()) d = parse_duration_text(value.get_ref<const std::string&>());
  if (d && !(type.positive && *d == Duration::zero())) return d;
  if (problems != nullptr) {
    problems->at_value(ptr, "expected " + describe_expected(type) + ", got " + describe_got(value) +
                                (d ? "" : duration_hint(value)));
    problems->mark_invalid(ptr);
  }
  return std::nullopt;
}

std::optional<Distribution> read_distribution(const nlohmann::json& value, Quantity quantity, std::string_view ptr,
                                              Problems* problems) {
  auto fail = [&](std::string_view at, std::string message) -> std::optional<Distribution> {
    if (problems != nullptr) {
      problems->at_value(at, std::move(message));
      problems->mark_invalid(at);
    }
    return std::nullopt;
  };
  const std::string expected = describe_expected(distribution_type(quantity));

  // Shorthand: a bare value is a constant.
  if (value.is_string() || value.is_number()) {
    if (quantity == Quantity::kDuration && !value.is_string()) {
      return fail(ptr, "expected " + expected + ", got " + describe_got(value) + duration_hint(value));
    }
    if (quantity == Quantity::kPositiveNumber && !value.is_number()) {
      return fail(ptr, "expected " + expected + ", got " + describe_got(value));
    }
    const auto x = read_param(value, quantity, ptr, problems);
    if (!x) return std::nullopt;
    return Distribution::constant(*x);
  }
  if (!value.is_object() || value.size() != 1) {
    std::string got = describe_got(value);
    if (value.is_object()) {
      std::vector<std::string> keys;
      for (const auto& [k, unused] : value.items()) keys.push_back(k);
      got = keys.empty() ? "an empty object" : "keys " + quote_list(keys);
    }
    return fail(ptr, "expected " + expected + ", got " + got);
  }

  // (Not a structured binding of *items().begin(): that proxy is a temporary.)
  const auto first = value.begin();
  const std::string kind = first.key();
  const nlohmann::json& params = first.value();
  const std::string kind_ptr = pointer_append(ptr, kind);
  const std::vector<std::string> kinds = to_strings(kDistributionKinds);
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    if (problems != nullptr) {
      problems->at_key(kind_ptr, "unknown distribution \"" + kind + "\"; expected one of " + quote_list(kinds) +
                                     did_you_mean(kind, kinds));
      problems->mark_invalid(ptr);
    }
    return std::nullopt;
  }

  if (kind == "constant") {
    const auto x = read_param(params, quantity, kind_ptr, problems);
    if (!x) return std::nullopt;
    return Distribution::constant(*x);
  }

  const std::vector<std::string> names = distribution_params(kind);
  if (!params.is_object()) {
    return fail(kind_ptr, "expected an object with " + quote_list(names) + ", got " + describe_got(params));
  }
  bool ok = true;
  for (const auto& [key, unused] : params.items()) {
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      if (problems != nullptr) {
        const std::string suggestion = did_you_mean(key, names);
        problems->at_key(pointer_append(kind_ptr, key),
                         "unknown key \"" + key + "\"" +
                             (suggestion.empty() ? "; " + kind + " takes " + quote_list(names) : suggestion));
        problems->mark_invalid(pointer_append(kind_ptr, key));
      }
      ok = false;
    }
  }
  std::vector<double> x;
  for (const std::string& name : names) {
    if (!params.contains(name)) {
      if (problems != nullptr) {
        problems->at_value(pointer_append(kind_ptr, name), "missing required field \"" + name + "\" (" + kind +
                                                               " takes " + quote_list(names) + ")");
        problems->mark_invalid(pointer_append(kind_ptr, name));
      }
      ok = false;
      continue;
    }
    const auto v = read_param(params[name], quantity, pointer_append(kind_ptr, name), problems);
    if (!v) {
      ok = false;
      continue;
    }
    x.push_back(*v);
  }
  if (!ok) return std::nullopt;

  // Relations between parameters, reported in the file's own spellings.
  auto got_params = [&] {
    std::string out;
    for (const std::string& name : names) {
      if (!out.empty()) out += ", ";
      out += name + " " + describe_got(params[name]);
    }
    return out;
  };
  Result<Distribution> made = Status::InvalidArgument("unknown distribution");
  if (kind == "uniform") {
    if (x[0] > x[1]) return fail(kind_ptr, "uniform needs lo <= hi, got " + got_params());
    made = Distribution::make_uniform(x[0], x[1]);
  } else if (kind == "exponential") {
    if (x[0] <= 0) return fail(kind_ptr, "exponential needs a mean greater than 0, got " + got_params());
    made = Distribution::make_exponential(x[0]);
  } else if (kind == "lognormal") {
    if (x[0] <= 0 || x[0] > x[1]) return fail(kind_ptr, "lognormal needs 0 < median <= p99, got " + got_params());
    made = Distribution::make_lognormal(x[0], x[1]);
  } else if (kind == "triangular") {
    if (x[0] > x[1] || x[1] > x[2]) return fail(kind_ptr, "triangular needs lo <= mode <= hi, got " + got_params());
    made = Distribution::make_triangular(x[0], x[1], x[2]);
  }
  if (!made.ok()) return fail(kind_ptr, made.status().message());
  return made.value();
}

std::string describe_got(const nlohmann::json& value) {
  if (value.is_object()) return value.empty() ? "an empty object" : "an object";
  if (value.is_array()) return value.empty() ? "an empty array" : "an array";
  std::string text = value.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

void validate_document(Problems& problems) {
  Validator validator(problems);
  const nlohmann::json& root = problems.doc().root();
  validator.value(object_type(scenario_spec()), root, "");
}

}  // namespace drdrill::sim::spec
