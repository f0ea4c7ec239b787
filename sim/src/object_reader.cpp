#include "object_reader.h"

#include <algorithm>

#include "sim/duration_text.h"

namespace drdrill::sim::spec {

namespace {

std::string_view kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::kString: return "string";
    case TypeKind::kEnum: return "enum";
    case TypeKind::kIntEnum: return "integer enum";
    case TypeKind::kBool: return "bool";
    case TypeKind::kInteger: return "integer";
    case TypeKind::kNumber: return "number";
    case TypeKind::kDuration: return "duration";
    case TypeKind::kEnd: return "end";
    case TypeKind::kTimestamp: return "timestamp";
    case TypeKind::kDistribution: return "distribution";
    case TypeKind::kObject: return "object";
    case TypeKind::kTagged: return "tagged object";
    case TypeKind::kArray: return "array";
    case TypeKind::kMap: return "map";
  }
  return "?";
}

}  // namespace

ObjectReader::ObjectReader(Problems& problems, const ObjectSpec& spec, const nlohmann::json* obj, std::string pointer)
    : problems_(problems),
      fields_(object_fields(spec)),
      obj_(obj != nullptr && obj->is_object() ? obj : nullptr),
      pointer_(std::move(pointer)) {}

ObjectReader::ObjectReader(Problems& problems, const TaggedSpec& spec, const nlohmann::json* obj, std::string pointer)
    : problems_(problems), obj_(obj != nullptr && obj->is_object() ? obj : nullptr), pointer_(std::move(pointer)) {
  if (obj_ != nullptr && obj_->contains(spec.tag)) {
    const nlohmann::json& tag = (*obj_)[spec.tag];
    if (tag.is_string() && spec.variant(tag.get_ref<const std::string&>()) != nullptr) tag_ = tag.get<std::string>();
  } else if (spec.default_tag) {
    tag_ = *spec.default_tag;
  }
  fields_ = tagged_fields(spec, tag_);
  if (!fields_.empty()) read_.push_back(spec.tag);
}

ObjectReader::~ObjectReader() {
  if (obj_ == nullptr || problems_.invalid(pointer_)) return;
  for (const auto& item : obj_->items()) {
    // A named reference rather than a structured binding: clang 14 (the fuzz preset) cannot capture
    // a structured binding in the lambda below.
    const std::string& key = item.key();
    const bool in_spec = std::any_of(fields_.begin(), fields_.end(), [&](const Field* f) { return f->key == key; });
    const bool was_read = std::find(read_.begin(), read_.end(), key) != read_.end();
    if (in_spec && !was_read && !problems_.invalid(member_pointer(key))) {
      problems_.internal(member_pointer(key), "the schema accepts \"" + key + "\" but the loader ignores it");
    }
  }
}

bool ObjectReader::present(std::string_view key) const {
  return obj_ != nullptr && obj_->contains(key) && !problems_.invalid(member_pointer(key));
}

const Field* ObjectReader::find_field(std::string_view key) {
  const auto it = std::find_if(fields_.begin(), fields_.end(), [&](const Field* f) { return f->key == key; });
  if (it == fields_.end()) {
    if (!fields_.empty()) {
      problems_.internal(member_pointer(key), "the loader reads \"" + std::string(key) + "\", which the schema lacks");
    }
    return nullptr;
  }
  return *it;
}

const nlohmann::json* ObjectReader::member(std::string_view key, TypeKind kind, bool even_if_invalid) {
  const Field* f = find_field(key);
  if (f == nullptr) return nullptr;
  read_.emplace_back(key);
  if (f->type.kind != kind && !(kind == TypeKind::kObject && f->type.kind == TypeKind::kTagged) &&
      !(kind == TypeKind::kDuration && f->type.kind == TypeKind::kEnd) &&
      !(kind == TypeKind::kString && f->type.kind == TypeKind::kEnum) &&
      !(kind == TypeKind::kInteger && f->type.kind == TypeKind::kIntEnum)) {
    problems_.internal(member_pointer(key), "\"" + std::string(key) + "\" is a " + std::string(kind_name(f->type.kind)) +
                                                " in the schema but read as a " + std::string(kind_name(kind)));
    return nullptr;
  }
  if (obj_ == nullptr || !obj_->contains(key)) return nullptr;
  if (!even_if_invalid && problems_.invalid(member_pointer(key))) return nullptr;
  return &(*obj_)[std::string(key)];
}

void ObjectReader::read(std::string_view key, std::string& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kString)) out = v->get<std::string>();
}

void ObjectReader::read(std::string_view key, bool& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kBool)) out = v->get<bool>();
}

void ObjectReader::read(std::string_view key, int& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kInteger)) out = v->get<int>();
}

void ObjectReader::read(std::string_view key, std::int64_t& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kInteger)) out = v->get<std::int64_t>();
}

void ObjectReader::read(std::string_view key, std::uint64_t& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kInteger)) out = v->get<std::uint64_t>();
}

void ObjectReader::read(std::string_view key, double& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kNumber)) out = v->get<double>();
}

void ObjectReader::read(std::string_view key, Duration& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kDuration)) {
    if (const auto d = parse_duration_text(v->get<std::string>())) out = *d;
  }
}

void ObjectReader::read(std::string_view key, std::optional<Duration>& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kDuration)) {
    const std::string& text = v->get_ref<const std::string&>();
    if (text == "never") {
      out.reset();
    } else if (const auto d = parse_duration_text(text)) {
      out = *d;
    }
  }
}

void ObjectReader::read(std::string_view key, TimePoint& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kTimestamp)) {
    if (const auto t = parse_timestamp_text(v->get<std::string>())) out = *t;
  }
}

void ObjectReader::read(std::string_view key, Distribution& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kDistribution)) {
    const Field* f = find_field(key);
    if (const auto d = read_distribution(*v, f->type.quantity, member_pointer(key), nullptr)) out = *d;
  }
}

void ObjectReader::read(std::string_view key, std::optional<std::string>& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kString)) out = v->get<std::string>();
}

void ObjectReader::read(std::string_view key, std::optional<std::int64_t>& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kInteger)) out = v->get<std::int64_t>();
}

void ObjectReader::read(std::string_view key, std::vector<std::string>& out) {
  // Every element is kept (a bad one as ""), so element i is the file's element i.
  if (const nlohmann::json* v = member(key, TypeKind::kArray, /*even_if_invalid=*/true); v != nullptr && v->is_array()) {
    out.clear();
    for (const auto& item : *v) out.push_back(item.is_string() ? item.get<std::string>() : std::string());
  }
}

void ObjectReader::read(std::string_view key, std::map<std::string, std::string>& out) {
  if (const nlohmann::json* v = member(key, TypeKind::kMap)) {
    out.clear();
    for (const auto& [k, item] : v->items()) {
      if (item.is_string()) out[k] = item.get<std::string>();
    }
  }
}

ObjectReader ObjectReader::object(std::string_view key) {
  const Field* f = find_field(key);
  const nlohmann::json* v = member(key, TypeKind::kObject);
  const std::string ptr = member_pointer(key);
  if (f != nullptr && f->type.kind == TypeKind::kTagged) return ObjectReader(problems_, *f->type.tagged, v, ptr);
  if (f != nullptr && f->type.kind == TypeKind::kObject) return ObjectReader(problems_, *f->type.object, v, ptr);
  return ObjectReader(problems_, scenario_spec(), nullptr, ptr);  // already reported as internal
}

}  // namespace drdrill::sim::spec
