#pragma once
// The Delta transaction log, as files: one commit per version at
// <table>/_delta_log/<20-digit version>.json, each a JSON line per action (Delta protocol, "Delta
// Log Entries"):
//   {"commitInfo":{"operation":"WRITE","readVersion":3,"timestamp":...,...}}
//   {"protocol":{"minReaderVersion":1,"minWriterVersion":2}}
//   {"metaData":{"id":"...","schemaString":"{\"type\":\"struct\",\"fields\":[...]}",...}}
//   {"remove":{"path":"part-...json","deletionTimestamp":...,"dataChange":true}}
//   {"add":{"path":"part-...json","size":123,"modificationTime":...,"dataChange":true,"stats":"{\"numRecords\":2}"}}
// Data files are JSON lines too (one object per row) rather than Parquet, so format.provider is
// "json"; everything else follows the protocol. No checkpoints: a reader replays every version.
//
// A table's state at a version (a snapshot) is the replay of versions 0..v: the last protocol and
// metaData, and the files added and not removed since.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lakehouse/data_error.h"
#include "lakehouse/data_type.h"

namespace drdrill::lakehouse {

struct DeltaField {
  std::string name;
  DataType type = DataType::kString;
  bool nullable = true;
  std::string comment;  // metadata.comment
  friend bool operator==(const DeltaField&, const DeltaField&) = default;
};

// {"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}}, ...]}
std::string schema_string(const std::vector<DeltaField>& fields);
DataResult<std::vector<DeltaField>> parse_schema_string(std::string_view text);

struct DeltaProtocol {
  int min_reader_version = 1;
  int min_writer_version = 2;
};

struct DeltaMetadata {
  std::string id;  // the table's identity, fixed at creation
  std::vector<DeltaField> schema;
  std::int64_t created_time_ms = 0;
  std::map<std::string, std::string> configuration;
};

struct DeltaAddFile {
  std::string path;  // relative to the table root
  std::int64_t size_bytes = 0;
  std::int64_t modification_time_ms = 0;
  bool data_change = true;
  std::int64_t num_records = 0;    // from stats
  std::int64_t added_in_version = -1;  // not serialised: which version added it (known when replayed)
};

struct DeltaRemoveFile {
  std::string path;
  std::int64_t deletion_timestamp_ms = 0;
  bool data_change = true;
};

struct DeltaCommitInfo {
  std::int64_t timestamp_ms = 0;
  std::string operation;  // WRITE, CREATE TABLE, ADD COLUMNS
  std::map<std::string, std::string> operation_parameters;
  std::optional<std::int64_t> read_version;
  bool is_blind_append = false;
  std::map<std::string, std::string> operation_metrics;
  std::string cluster_id;
  std::string engine_info = "drdrill";
};

// One version's actions.
struct DeltaCommit {
  std::int64_t version = 0;
  std::optional<DeltaCommitInfo> commit_info;
  std::optional<DeltaProtocol> protocol;
  std::optional<DeltaMetadata> metadata;
  std::vector<DeltaRemoveFile> removes;
  std::vector<DeltaAddFile> adds;
};

// The commit as its log file holds it (JSON lines, each ending in '\n').
std::string encode_commit(const DeltaCommit& commit);
// Parses a log file; kCorruptLog naming the file when a line is not a known action.
DataResult<DeltaCommit> parse_commit(std::int64_t version, std::string_view text, std::string_view file_name);

// "00000000000000000007.json"
std::string log_file_name(std::int64_t version);
// The version of a log file name ("00000000000000000007.json" -> 7); nullopt for anything else
// (checkpoints, .crc files, temporary files).
std::optional<std::int64_t> parse_log_file_name(std::string_view name);

struct DeltaSnapshot {
  std::int64_t version = -1;
  DeltaProtocol protocol;
  DeltaMetadata metadata;
  std::map<std::string, DeltaAddFile> files;  // by path; changed only by apply()

  // Applies the next commit (commit.version must be version + 1).
  void apply(const DeltaCommit& commit);
  // The sum of the files' num_records, kept by apply() (every insert asks for it, and a table with
  // a write every 30 s names thousands of files by the end of a drill).
  std::int64_t num_records() const { return record_count; }

  std::int64_t record_count = 0;  // see num_records()
};

}  // namespace drdrill::lakehouse
