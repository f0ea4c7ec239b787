#include "lakehouse/json_lines.h"
#include "lakehouse/delta_log.h"

#include <cstdint>
#include <cstdio>
#include <utility>

#include <nlohmann/json.hpp>

#include "lakehouse/json_writer.h"

namespace drdrill::lakehouse {
namespace {

using Json = nlohmann::json;

// Never throws: bytes that are not UTF-8 become U+FFFD (the log is written by drdrill, but values
// come from SQL text).
std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

DataError corrupt(std::string_view file_name, std::string_view why) {
  return DataError::make(DataErrorKind::kCorruptLog, "DELTA_STATE_RECOVER_ERROR", "XXKDS",
                         "[DELTA_STATE_RECOVER_ERROR] The log entry " + std::string(file_name) +
                             " of your Delta table could not be read: " + std::string(why));
}

std::map<std::string, std::string> string_map(const Json& j) {
  std::map<std::string, std::string> out;
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string()) out.emplace(k, v.get<std::string>());
  }
  return out;
}

std::int64_t int_or(const Json& j, const char* key, std::int64_t fallback) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

bool bool_or(const Json& j, const char* key, bool fallback) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::string string_or(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string schema_string(const std::vector<DeltaField>& fields) {
  Json list = Json::array();
  for (const DeltaField& f : fields) {
    Json metadata = Json::object();
    if (!f.comment.empty()) metadata["comment"] = f.comment;
    list.push_back(Json{{"name", f.name}, {"type", std::string(delta_name(f.type))}, {"nullable", f.nullable},
                        {"metadata", std::move(metadata)}});
  }
  return dump(Json{{"type", "struct"}, {"fields", std::move(list)}});
}

DataResult<std::vector<DeltaField>> parse_schema_string(std::string_view text) {
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("fields") || !j["fields"].is_array()) {
    return corrupt("metaData.schemaString", "not a struct schema");
  }
  std::vector<DeltaField> out;
  for (const Json& f : j["fields"]) {
    if (!f.is_object()) return corrupt("metaData.schemaString", "a field is not an object");
    const std::string type_name = string_or(f, "type");
    const auto type = data_type_from_delta(type_name);
    if (!type) return corrupt("metaData.schemaString", "unsupported field type '" + type_name + "'");
    DeltaField field;
    field.name = string_or(f, "name");
    field.type = *type;
    field.nullable = bool_or(f, "nullable", true);
    if (const auto m = f.find("metadata"); m != f.end() && m->is_object()) field.comment = string_or(*m, "comment");
    out.push_back(std::move(field));
  }
  return out;
}

// Written directly (an insert commits on every job run and every write probe) with the bytes the
// nlohmann objects this replaced wrote: each object's keys in ascending order.
std::string encode_commit(const DeltaCommit& commit) {
  std::string out;
  if (commit.commit_info) {
    const DeltaCommitInfo& ci = *commit.commit_info;
    JsonObjectWriter line(out);
    JsonObjectWriter info(line.key("commitInfo"));
    if (!ci.cluster_id.empty()) info.string_field("clusterId", ci.cluster_id);
    info.string_field("engineInfo", ci.engine_info);
    info.bool_field("isBlindAppend", ci.is_blind_append);
    info.string_field("operation", ci.operation);
    if (!ci.operation_metrics.empty()) info.string_map_field("operationMetrics", ci.operation_metrics);
    info.string_map_field("operationParameters", ci.operation_parameters);
    if (ci.read_version) info.int_field("readVersion", *ci.read_version);
    info.int_field("timestamp", ci.timestamp_ms);
    info.end();
    line.end();
    out += '\n';
  }
  if (commit.protocol) {
    JsonObjectWriter line(out);
    JsonObjectWriter protocol(line.key("protocol"));
    protocol.int_field("minReaderVersion", commit.protocol->min_reader_version);
    protocol.int_field("minWriterVersion", commit.protocol->min_writer_version);
    protocol.end();
    line.end();
    out += '\n';
  }
  if (commit.metadata) {
    const DeltaMetadata& m = *commit.metadata;
    JsonObjectWriter line(out);
    JsonObjectWriter metadata(line.key("metaData"));
    metadata.string_map_field("configuration", m.configuration);
    metadata.int_field("createdTime", m.created_time_ms);
    JsonObjectWriter format(metadata.key("format"));
    format.key("options") += "{}";
    format.string_field("provider", "json");
    format.end();
    metadata.string_field("id", m.id);
    metadata.key("partitionColumns") += "[]";
    metadata.string_field("schemaString", schema_string(m.schema));
    metadata.end();
    line.end();
    out += '\n';
  }
  for (const DeltaRemoveFile& r : commit.removes) {
    JsonObjectWriter line(out);
    JsonObjectWriter remove(line.key("remove"));
    remove.bool_field("dataChange", r.data_change);
    remove.int_field("deletionTimestamp", r.deletion_timestamp_ms);
    remove.string_field("path", r.path);
    remove.end();
    line.end();
    out += '\n';
  }
  for (const DeltaAddFile& a : commit.adds) {
    JsonObjectWriter line(out);
    JsonObjectWriter add(line.key("add"));
    add.bool_field("dataChange", a.data_change);
    add.int_field("modificationTime", a.modification_time_ms);
    add.key("partitionValues") += "{}";
    add.string_field("path", a.path);
    add.int_field("size", a.size_bytes);
    std::string stats;
    JsonObjectWriter stats_object(stats);
    stats_object.int_field("numRecords", a.num_records);
    stats_object.end();
    add.string_field("stats", stats);
    add.end();
    line.end();
    out += '\n';
  }
  return out;
}

DataResult<DeltaCommit> parse_commit(std::int64_t version, std::string_view text, std::string_view file_name) {
  DeltaCommit commit;
  commit.version = version;
  JsonLines lines(text);
  while (const auto line = lines.next()) {
    const Json j = Json::parse(*line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.size() != 1) return corrupt(file_name, "a line is not one JSON action");
    // Not `*j.items().begin()`: that binds to a temporary whose key() dangles (ASan caught it).
    const auto action = j.begin();
    const std::string& key = action.key();
    const Json& a = action.value();
    if (!a.is_object()) return corrupt(file_name, "action " + key + " is not an object");
    if (key == "commitInfo") {
      DeltaCommitInfo ci;
      ci.timestamp_ms = int_or(a, "timestamp", 0);
      ci.operation = string_or(a, "operation");
      if (const auto p = a.find("operationParameters"); p != a.end()) ci.operation_parameters = string_map(*p);
      if (a.contains("readVersion")) ci.read_version = int_or(a, "readVersion", -1);
      ci.is_blind_append = bool_or(a, "isBlindAppend", false);
      if (const auto m = a.find("operationMetrics"); m != a.end()) ci.operation_metrics = string_map(*m);
      ci.cluster_id = string_or(a, "clusterId");
      ci.engine_info = string_or(a, "engineInfo");
      commit.commit_info = std::move(ci);
    } else if (key == "protocol") {
      commit.protocol = DeltaProtocol{static_cast<int>(int_or(a, "minReaderVersion", 1)),
                                      static_cast<int>(int_or(a, "minWriterVersion", 2))};
    } else if (key == "metaData") {
      DeltaMetadata m;
      m.id = string_or(a, "id");
      auto schema = parse_schema_string(string_or(a, "schemaString"));
      if (!schema.ok()) return corrupt(file_name, std::move(schema).error().message);
      m.schema = std::move(*schema);
      m.created_time_ms = int_or(a, "createdTime", 0);
      if (const auto c = a.find("configuration"); c != a.end()) m.configuration = string_map(*c);
      commit.metadata = std::move(m);
    } else if (key == "add") {
      DeltaAddFile f;
      f.path = string_or(a, "path");
      if (f.path.empty()) return corrupt(file_name, "an add action has no path");
      f.size_bytes = int_or(a, "size", 0);
      f.modification_time_ms = int_or(a, "modificationTime", 0);
      f.data_change = bool_or(a, "dataChange", true);
      const Json stats = Json::parse(string_or(a, "stats"), nullptr, false);
      if (!stats.is_discarded() && stats.is_object()) f.num_records = int_or(stats, "numRecords", 0);
      f.added_in_version = version;
      commit.adds.push_back(std::move(f));
    } else if (key == "remove") {
      DeltaRemoveFile r;
      r.path = string_or(a, "path");
      r.deletion_timestamp_ms = int_or(a, "deletionTimestamp", 0);
      r.data_change = bool_or(a, "dataChange", true);
      commit.removes.push_back(std::move(r));
    }
    // Other actions (txn, cdc, domainMetadata) carry nothing drdrill reads.
  }
  return commit;
}

std::string log_file_name(std::int64_t version) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%020lld.json", static_cast<long long>(version));
  return buf;
}

std::optional<std::int64_t> parse_log_file_name(std::string_view name) {
  if (name.size() != 25 || name.substr(20) != ".json") return std::nullopt;
  std::int64_t v = 0;
  for (char c : name.substr(0, 20)) {
    if (c < '0' || c > '9') return std::nullopt;
    if (v > (INT64_MAX - (c - '0')) / 10) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

void DeltaSnapshot::apply(const DeltaCommit& commit) {
  version = commit.version;
  if (commit.protocol) protocol = *commit.protocol;
  if (commit.metadata) metadata = *commit.metadata;
  for (const DeltaRemoveFile& r : commit.removes) {
    if (const auto it = files.find(r.path); it != files.end()) {
      record_count -= it->second.num_records;
      files.erase(it);
    }
  }
  for (const DeltaAddFile& a : commit.adds) {
    DeltaAddFile f = a;
    f.added_in_version = commit.version;
    if (const auto it = files.find(f.path); it != files.end()) record_count -= it->second.num_records;
    record_count += f.num_records;
    files.insert_or_assign(f.path, std::move(f));
  }
}

}  // namespace drdrill::lakehouse
