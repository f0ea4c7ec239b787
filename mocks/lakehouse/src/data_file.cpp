#include "lakehouse/json_lines.h"
#include "lakehouse/data_file.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "lakehouse/json_writer.h"

namespace drdrill::lakehouse {
namespace {

using Json = nlohmann::json;

Value from_json(const Json& j, DataType type) {
  if (j.is_null()) return Value{};
  switch (type) {
    case DataType::kBoolean: return j.is_boolean() ? Value(j.get<bool>()) : Value{};
    case DataType::kInt:
    case DataType::kBigint: return j.is_number_integer() ? Value(j.get<std::int64_t>()) : Value{};
    case DataType::kFloat:
    case DataType::kDouble: return j.is_number() ? Value(j.get<double>()) : Value{};
    default: return j.is_string() ? Value(j.get<std::string>()) : Value{};
  }
}

void append_json_value(std::string& out, const Value& v) {
  struct Visitor {
    std::string& out;
    void operator()(std::monostate) const { out += "null"; }
    void operator()(bool b) const { append_json_bool(out, b); }
    void operator()(std::int64_t i) const { append_json_int(out, i); }
    void operator()(double d) const { append_json_double(out, d); }
    void operator()(const std::string& s) const { append_json_string(out, s); }
  };
  std::visit(Visitor{out}, v);
}

// The fields in key order (names ascending, as nlohmann's object sorted them), in runs sharing a
// name, each field's key spelled once: `"name":`.
struct SpelledKey {
  std::size_t field;
  std::string spelled;
};
std::vector<std::vector<SpelledKey>> key_groups(const std::vector<DeltaField>& schema) {
  std::vector<std::size_t> order(schema.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return schema[a].name < schema[b].name; });
  std::vector<std::vector<SpelledKey>> groups;
  for (std::size_t k = 0; k < order.size(); ++k) {
    std::string spelled;
    append_json_string(spelled, schema[order[k]].name);
    spelled += ':';
    if (k == 0 || schema[order[k]].name != schema[order[k - 1]].name) groups.emplace_back();
    groups.back().push_back(SpelledKey{order[k], std::move(spelled)});
  }
  return groups;
}

}  // namespace

// JSON lines, one object per row, nulls left out (as Spark's JSON writer does). The bytes are
// those of a nlohmann object per row (keys in name order; of two fields with one name, the later
// non-null value), written directly: a job writes 1,000 rows per insert.
std::string encode_data_file(const std::vector<DeltaField>& schema, const std::vector<std::vector<Value>>& rows) {
  const std::vector<std::vector<SpelledKey>> groups = key_groups(schema);
  std::string out;
  for (const auto& row : rows) {
    JsonObjectWriter object(out);
    for (const auto& group : groups) {
      const SpelledKey* chosen = nullptr;
      for (const SpelledKey& key : group) {
        if (key.field < row.size() && !is_null(row[key.field])) chosen = &key;
      }
      if (chosen != nullptr) append_json_value(object.spelled_key(chosen->spelled), row[chosen->field]);
    }
    object.end();
    out += '\n';
  }
  return out;
}

DataFileRowWriter::DataFileRowWriter(const std::vector<DeltaField>& schema) {
  for (auto& group : key_groups(schema)) keys_.push_back(Key{group.back().field, std::move(group.back().spelled)});
}

DataResult<std::vector<std::vector<Value>>> decode_data_file(const std::vector<DeltaField>& schema,
                                                             std::string_view text, const std::string& file_url) {
  std::vector<std::vector<Value>> rows;
  JsonLines lines(text);
  while (const auto line = lines.next()) {
    const Json j = Json::parse(*line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return DataError::make(DataErrorKind::kCorruptLog, "FAILED_READ_FILE", "KD001",
                             "[FAILED_READ_FILE] Error while reading file " + file_url + ": a line is not a JSON object");
    }
    std::vector<Value> row;
    row.reserve(schema.size());
    for (const DeltaField& f : schema) {
      const auto it = j.find(f.name);
      row.push_back(it == j.end() ? Value{} : from_json(*it, f.type));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace drdrill::lakehouse
