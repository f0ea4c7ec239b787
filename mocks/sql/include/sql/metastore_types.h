#pragma once
// The Hive metastore's objects as its Thrift API (hive_metastore.thrift, 2.3) shapes them:
// Database, Table, Partition, StorageDescriptor, SerDeInfo, FieldSchema. Plain values; the
// MetastoreClient maps them to and from the metastore tables (DBS, TBLS, SDS, ...).
//
// Times are seconds since the Unix epoch, as the metastore stores them (CREATE_TIME int).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace drdrill::sql {

using Parameters = std::map<std::string, std::string>;

struct FieldSchema {
  std::string name;
  std::string type;  // Hive type name: "string", "bigint", "decimal(10,2)", "array<int>"
  std::string comment;
  friend bool operator==(const FieldSchema&, const FieldSchema&) = default;
};

struct SerDeInfo {
  std::string name;
  std::string serialization_lib;  // e.g. org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe
  Parameters parameters;
  friend bool operator==(const SerDeInfo&, const SerDeInfo&) = default;
};

struct StorageDescriptor {
  std::vector<FieldSchema> cols;  // in column order
  std::string location;           // e.g. abfss://data@acct.dfs.core.windows.net/warehouse/sales
  std::string input_format;
  std::string output_format;
  bool compressed = false;
  int num_buckets = -1;
  SerDeInfo serde_info;
  Parameters parameters;
  bool stored_as_sub_directories = false;
  friend bool operator==(const StorageDescriptor&, const StorageDescriptor&) = default;
};

struct HiveDatabase {
  std::string name;
  std::string description;
  std::string location_uri;
  Parameters parameters;
  std::string owner_name;
  std::string owner_type = "USER";  // USER | ROLE | GROUP
  friend bool operator==(const HiveDatabase&, const HiveDatabase&) = default;
};

inline constexpr const char* kManagedTable = "MANAGED_TABLE";
inline constexpr const char* kExternalTable = "EXTERNAL_TABLE";
inline constexpr const char* kVirtualView = "VIRTUAL_VIEW";

struct HiveTable {
  std::string db_name;
  std::string table_name;
  std::string owner;
  std::int64_t create_time = 0;       // set by the metastore on create
  std::int64_t last_access_time = 0;
  int retention = 0;
  StorageDescriptor sd;
  std::vector<FieldSchema> partition_keys;
  Parameters parameters;              // includes transient_lastDdlTime once stored
  std::string table_type = kManagedTable;
  std::string view_original_text;
  std::string view_expanded_text;
  bool rewrite_enabled = false;
  friend bool operator==(const HiveTable&, const HiveTable&) = default;
};

struct HivePartition {
  std::vector<std::string> values;  // one per partition key, in key order
  std::string db_name;
  std::string table_name;
  std::int64_t create_time = 0;
  std::int64_t last_access_time = 0;
  StorageDescriptor sd;  // empty cols/location: the table's columns, <table location>/<name>
  Parameters parameters;
  friend bool operator==(const HivePartition&, const HivePartition&) = default;
};

// The partition's name as the metastore stores it (PART_NAME) and uses as its directory:
// "ds=2024-01-01/country=DE", with path-unsafe characters %-escaped as Hive's
// FileUtils.escapePathName does ('/' → "%2F", '=' → "%3D", ':' → "%3A", ...).
std::string make_partition_name(const std::vector<FieldSchema>& keys, const std::vector<std::string>& values);
std::string escape_path_name(const std::string& text);

}  // namespace drdrill::sql
