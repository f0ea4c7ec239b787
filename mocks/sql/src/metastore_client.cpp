#include "sql/metastore_client.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <utility>

#include "core/ascii_case.h"
#include "sql/jdbc_url.h"
#include "sql/sql_client.h"
#include "sql/sqlite_statement.h"

namespace drdrill::sql {
namespace {

// DataNucleus keeps one SEQUENCE_TABLE row per persistent class.
constexpr const char* kDatabaseSequence = "org.apache.hadoop.hive.metastore.model.MDatabase";
constexpr const char* kTableSequence = "org.apache.hadoop.hive.metastore.model.MTable";
constexpr const char* kStorageSequence = "org.apache.hadoop.hive.metastore.model.MStorageDescriptor";
constexpr const char* kColumnsSequence = "org.apache.hadoop.hive.metastore.model.MColumnDescriptor";
constexpr const char* kSerDeSequence = "org.apache.hadoop.hive.metastore.model.MSerDeInfo";
constexpr const char* kPartitionSequence = "org.apache.hadoop.hive.metastore.model.MPartition";

// hive_metastoreConstants.DDL_TIME
constexpr const char* kDdlTime = "transient_lastDdlTime";

// MetaStoreUtils.validateName: word characters only.
bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return false;
  }
  return true;
}

std::int64_t int_at(const Row& row, std::size_t i) {
  const auto* v = std::get_if<std::int64_t>(&row.at(i));
  return v != nullptr ? *v : 0;
}

std::string text_at(const Row& row, std::size_t i) {
  const auto* v = std::get_if<std::string>(&row.at(i));
  return v != nullptr ? *v : std::string();
}

// The same reads on a row as it comes from the statement: 0 / "" unless the value is stored as
// an integer / as text, as the SqlValue conversion would give.
std::int64_t int_at(const SqliteStatement& row, int i) {
  return row.column_type(i) == SqliteStatement::ColumnType::kInteger ? row.column_int64(i) : 0;
}

std::string text_at(const SqliteStatement& row, int i) {
  return row.column_type(i) == SqliteStatement::ColumnType::kText ? row.column_text(i) : std::string();
}

// The SDS columns INPUT_FORMAT, IS_COMPRESSED, IS_STOREDASSUBDIRECTORIES, LOCATION, NUM_BUCKETS and
// OUTPUT_FORMAT, selected in that order from column `first` of a query's row or a statement's.
template <typename RowLike>
void read_sd_columns(const RowLike& row, int first, StorageDescriptor& sd) {
  sd.input_format = text_at(row, first);
  sd.compressed = int_at(row, first + 1) != 0;
  sd.stored_as_sub_directories = int_at(row, first + 2) != 0;
  sd.location = text_at(row, first + 3);
  sd.num_buckets = static_cast<int>(int_at(row, first + 4));
  sd.output_format = text_at(row, first + 5);
}

// The metastore stores absent strings as NULL.
SqlValue nullable(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

std::string join_values(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i > 0 ? ", " : "") + values[i];
  return out + "]";
}

// A sentinel that makes SqlConnection::transact roll back when the body failed with a
// MetastoreError (kept aside by run()).
SqlError abort_marker() { return SqlError::client_misuse("metastore operation failed; rolled back"); }

struct TableRow {
  std::int64_t tbl_id = 0;
  std::int64_t db_id = 0;
  std::int64_t sd_id = 0;
};

}  // namespace

// One metastore operation's transaction, with the queries the operations share.
class MetastoreClient::Session {
 public:
  Session(SqlTransaction& tx, std::int64_t now_s) : tx_(tx), now_s_(now_s) {}

  std::int64_t now_s() const { return now_s_; }

  MetastoreResult<QueryResult> query(const char* sql, std::vector<SqlValue> params = {}) {
    auto r = tx_.execute({sql, std::move(params)});
    if (!r.ok()) return MetastoreError::from_sql(std::move(r).error());
    return std::move(r).value();
  }

  // A query whose rows go to `on_row` as they come, for reads on the per-statement path.
  MetastoreStatus each_row(const char* sql, std::vector<SqlValue> params, const RowSink& on_row) {
    auto r = tx_.query({sql, std::move(params)}, on_row);
    if (!r.ok()) return MetastoreError::from_sql(std::move(r).error());
    return {};
  }

  MetastoreStatus exec(const char* sql, std::vector<SqlValue> params = {}) {
    auto r = query(sql, std::move(params));
    if (!r.ok()) return std::move(r).error();
    return {};
  }

  // DataNucleus "increment" value generation: read NEXT_VAL, hand it out, store the next one.
  MetastoreResult<std::int64_t> next_id(const char* sequence) {
    auto r = query("SELECT NEXT_VAL FROM SEQUENCE_TABLE WHERE SEQUENCE_NAME = ?", {sequence});
    if (!r.ok()) return std::move(r).error();
    if (r->rows.empty()) {
      DRDRILL_RETURN_IF_FAILED(exec("INSERT INTO SEQUENCE_TABLE (SEQUENCE_NAME, NEXT_VAL) VALUES (?, ?)", {sequence, 2}));
      return std::int64_t{1};
    }
    const std::int64_t id = int_at(r->rows[0], 0);
    DRDRILL_RETURN_IF_FAILED(exec("UPDATE SEQUENCE_TABLE SET NEXT_VAL = ? WHERE SEQUENCE_NAME = ?", {id + 1, sequence}));
    return id;
  }

  MetastoreResult<std::optional<std::int64_t>> find_db_id(const std::string& name) {
    auto r = query("SELECT DB_ID FROM DBS WHERE \"NAME\" = ?", {name});
    if (!r.ok()) return std::move(r).error();
    if (r->rows.empty()) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{int_at(r->rows[0], 0)};
  }

  MetastoreResult<std::optional<TableRow>> find_table(const std::string& db, const std::string& name) {
    auto r = query(
        "SELECT t.TBL_ID, t.DB_ID, t.SD_ID FROM TBLS t JOIN DBS d ON t.DB_ID = d.DB_ID "
        "WHERE d.\"NAME\" = ? AND t.TBL_NAME = ?",
        {db, name});
    if (!r.ok()) return std::move(r).error();
    if (r->rows.empty()) return std::optional<TableRow>{};
    const Row& row = r->rows[0];
    return std::optional<TableRow>{TableRow{int_at(row, 0), int_at(row, 1), int_at(row, 2)}};
  }

  MetastoreResult<TableRow> require_table(const std::string& db, const std::string& name) {
    auto t = find_table(db, name);
    if (!t.ok()) return std::move(t).error();
    if (!t->has_value()) return MetastoreError::no_such_object(db + "." + name + " table not found");
    return **t;
  }

  // `table` and `id_column` are fixed identifiers from this file, never caller input.
  MetastoreStatus write_params(const char* insert_sql, std::int64_t id, const Parameters& params) {
    for (const auto& [key, value] : params) DRDRILL_RETURN_IF_FAILED(exec(insert_sql, {id, key, nullable(value)}));
    return {};
  }

  MetastoreResult<Parameters> read_params(const char* select_sql, std::int64_t id) {
    auto r = query(select_sql, {id});
    if (!r.ok()) return std::move(r).error();
    Parameters out;
    for (const Row& row : r->rows) out[text_at(row, 0)] = text_at(row, 1);
    return out;
  }

  MetastoreResult<std::int64_t> insert_columns(const std::vector<FieldSchema>& cols) {
    auto cd_id = next_id(kColumnsSequence);
    if (!cd_id.ok()) return cd_id;
    DRDRILL_RETURN_IF_FAILED(exec("INSERT INTO CDS (CD_ID) VALUES (?)", {*cd_id}));
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].name.empty() || cols[i].type.empty()) {
        return MetastoreError::invalid_object("column " + std::to_string(i) + " needs a name and a type");
      }
      DRDRILL_RETURN_IF_FAILED(exec(
          "INSERT INTO COLUMNS_V2 (CD_ID, COMMENT, \"COLUMN_NAME\", TYPE_NAME, INTEGER_IDX) VALUES (?, ?, ?, ?, ?)",
          {*cd_id, nullable(cols[i].comment), ascii_lower(cols[i].name), cols[i].type, static_cast<std::int64_t>(i)}));
    }
    return cd_id;
  }

  MetastoreResult<std::vector<FieldSchema>> read_columns(std::int64_t cd_id) {
    auto r = query("SELECT \"COLUMN_NAME\", TYPE_NAME, COMMENT FROM COLUMNS_V2 WHERE CD_ID = ? ORDER BY INTEGER_IDX",
                   {cd_id});
    if (!r.ok()) return std::move(r).error();
    std::vector<FieldSchema> cols;
    for (const Row& row : r->rows) cols.push_back({text_at(row, 0), text_at(row, 1), text_at(row, 2)});
    return cols;
  }

  MetastoreResult<std::int64_t> insert_serde(const SerDeInfo& serde) {
    auto id = next_id(kSerDeSequence);
    if (!id.ok()) return id;
    DRDRILL_RETURN_IF_FAILED(exec("INSERT INTO SERDES (SERDE_ID, \"NAME\", SLIB) VALUES (?, ?, ?)",
                                  {*id, nullable(serde.name), nullable(serde.serialization_lib)}));
    DRDRILL_RETURN_IF_FAILED(
        write_params("INSERT INTO SERDE_PARAMS (SERDE_ID, PARAM_KEY, PARAM_VALUE) VALUES (?, ?, ?)", *id, serde.parameters));
    return id;
  }

  // A storage descriptor row using column descriptor `cd_id`.
  MetastoreResult<std::int64_t> insert_sd(const StorageDescriptor& sd, std::int64_t cd_id) {
    auto serde_id = insert_serde(sd.serde_info);
    if (!serde_id.ok()) return serde_id;
    auto sd_id = next_id(kStorageSequence);
    if (!sd_id.ok()) return sd_id;
    DRDRILL_RETURN_IF_FAILED(exec(
        "INSERT INTO SDS (SD_ID, CD_ID, INPUT_FORMAT, IS_COMPRESSED, IS_STOREDASSUBDIRECTORIES, LOCATION, NUM_BUCKETS, "
        "OUTPUT_FORMAT, SERDE_ID) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {*sd_id, cd_id, nullable(sd.input_format), std::int64_t{sd.compressed ? 1 : 0},
         std::int64_t{sd.stored_as_sub_directories ? 1 : 0}, nullable(sd.location), std::int64_t{sd.num_buckets},
         nullable(sd.output_format), *serde_id}));
    DRDRILL_RETURN_IF_FAILED(
        write_params("INSERT INTO SD_PARAMS (SD_ID, PARAM_KEY, PARAM_VALUE) VALUES (?, ?, ?)", *sd_id, sd.parameters));
    return sd_id;
  }

  struct SdRow {
    StorageDescriptor sd;
    std::int64_t cd_id = 0;
    std::int64_t serde_id = 0;
  };

  MetastoreResult<SdRow> read_sd(std::int64_t sd_id) {
    auto r = query(
        "SELECT CD_ID, INPUT_FORMAT, IS_COMPRESSED, IS_STOREDASSUBDIRECTORIES, LOCATION, NUM_BUCKETS, OUTPUT_FORMAT, "
        "SERDE_ID FROM SDS WHERE SD_ID = ?",
        {sd_id});
    if (!r.ok()) return std::move(r).error();
    if (r->rows.empty()) return MetastoreError::meta("storage descriptor " + std::to_string(sd_id) + " is missing");
    const Row& row = r->rows[0];
    SdRow out;
    out.cd_id = int_at(row, 0);
    read_sd_columns(row, 1, out.sd);
    out.serde_id = int_at(row, 7);
    auto cols = read_columns(out.cd_id);
    if (!cols.ok()) return std::move(cols).error();
    out.sd.cols = std::move(cols).value();
    auto serde = query("SELECT \"NAME\", SLIB FROM SERDES WHERE SERDE_ID = ?", {out.serde_id});
    if (!serde.ok()) return std::move(serde).error();
    if (!serde->rows.empty()) {
      out.sd.serde_info.name = text_at(serde->rows[0], 0);
      out.sd.serde_info.serialization_lib = text_at(serde->rows[0], 1);
    }
    auto serde_params = read_params("SELECT PARAM_KEY, PARAM_VALUE FROM SERDE_PARAMS WHERE SERDE_ID = ?", out.serde_id);
    if (!serde_params.ok()) return std::move(serde_params).error();
    out.sd.serde_info.parameters = std::move(serde_params).value();
    auto sd_params = read_params("SELECT PARAM_KEY, PARAM_VALUE FROM SD_PARAMS WHERE SD_ID = ?", sd_id);
    if (!sd_params.ok()) return std::move(sd_params).error();
    out.sd.parameters = std::move(sd_params).value();
    return out;
  }

  // Deletes a column descriptor nobody references any more (ObjectStore.removeUnusedColumnDescriptor).
  MetastoreStatus drop_columns_if_unused(std::int64_t cd_id) {
    auto users = query("SELECT COUNT(*) FROM SDS WHERE CD_ID = ?", {cd_id});
    if (!users.ok()) return std::move(users).error();
    if (int_at(users->rows[0], 0) > 0) return {};
    DRDRILL_RETURN_IF_FAILED(exec("DELETE FROM COLUMNS_V2 WHERE CD_ID = ?", {cd_id}));
    return exec("DELETE FROM CDS WHERE CD_ID = ?", {cd_id});
  }

  // Deletes a storage descriptor, its serde, and its columns unless still shared.
  MetastoreStatus drop_sd(std::int64_t sd_id) {
    auto r = query("SELECT CD_ID, SERDE_ID FROM SDS WHERE SD_ID = ?", {sd_id});
    if (!r.ok()) return std::move(r).error();
    if (r->rows.empty()) return {};
    const std::int64_t cd_id = int_at(r->rows[0], 0);
    const std::int64_t serde_id = int_at(r->rows[0], 1);
    for (const char* sql : {"DELETE FROM SD_PARAMS WHERE SD_ID = ?", "DELETE FROM BUCKETING_COLS WHERE SD_ID = ?",
                            "DELETE FROM SORT_COLS WHERE SD_ID = ?", "DELETE FROM SKEWED_COL_NAMES WHERE SD_ID = ?",
                            "DELETE FROM SKEWED_COL_VALUE_LOC_MAP WHERE SD_ID = ?",
                            "DELETE FROM SKEWED_VALUES WHERE SD_ID_OID = ?", "DELETE FROM SDS WHERE SD_ID = ?"}) {
      DRDRILL_RETURN_IF_FAILED(exec(sql, {sd_id}));
    }
    DRDRILL_RETURN_IF_FAILED(exec("DELETE FROM SERDE_PARAMS WHERE SERDE_ID = ?", {serde_id}));
    DRDRILL_RETURN_IF_FAILED(exec("DELETE FROM SERDES WHERE SERDE_ID = ?", {serde_id}));
    return drop_columns_if_unused(cd_id);
  }

  MetastoreResult<std::vector<FieldSchema>> read_partition_keys(std::int64_t tbl_id) {
    auto r = query("SELECT PKEY_NAME, PKEY_TYPE, PKEY_COMMENT FROM PARTITION_KEYS WHERE TBL_ID = ? ORDER BY INTEGER_IDX",
                   {tbl_id});
    if (!r.ok()) return std::move(r).error();
    std::vector<FieldSchema> keys;
    for (const Row& row : r->rows) keys.push_back({text_at(row, 0), text_at(row, 1), text_at(row, 2)});
    return keys;
  }

  // The row `select` ("... FROM PARTITIONS WHERE TBL_ID = ? AND PART_NAME = ?") finds for the
  // partition of db.table with `values`; NoSuchObjectException when there is none.
  MetastoreResult<Row> partition_row(const std::string& db, const std::string& table,
                                     const std::vector<std::string>& values, const char* select) {
    auto t = require_table(db, table);
    if (!t.ok()) return std::move(t).error();
    auto keys = read_partition_keys(t->tbl_id);
    if (!keys.ok()) return std::move(keys).error();
    auto r = query(select, {t->tbl_id, make_partition_name(*keys, values)});
    if (!r.ok()) return std::move(r).error();
    if (keys->size() != values.size() || r->rows.empty()) {
      return MetastoreError::no_such_object("partition values=" + join_values(values));
    }
    return std::move(r->rows[0]);
  }

  // get_table in two queries rather than nine (every Spark statement resolves its table through
  // here): the table with its storage descriptor and serde, then its columns, partition keys and
  // the three parameter lists together. The same answer as finding the table and reading each part
  // on its own, the same errors ("table not found", "storage descriptor N is missing").
  MetastoreResult<HiveTable> read_named_table(const std::string& db, const std::string& name) {
    bool found = false;
    bool sd_missing = false;
    std::int64_t tbl_id = 0;
    std::int64_t sd_id = 0;
    std::int64_t cd_id = 0;
    std::int64_t serde_id = 0;
    HiveTable table;
    StorageDescriptor& sd = table.sd;
    const RowSink read_table = [&](const SqliteStatement& row) {
      if (found) return;  // one row: (database name, table name) is unique
      found = true;
      tbl_id = int_at(row, 0);
      sd_id = int_at(row, 1);
      if (row.column_is_null(11)) {
        sd_missing = true;
        return;
      }
      table.table_name = text_at(row, 2);
      table.owner = text_at(row, 3);
      table.create_time = int_at(row, 4);
      table.last_access_time = int_at(row, 5);
      table.retention = static_cast<int>(int_at(row, 6));
      table.table_type = text_at(row, 7);
      table.view_original_text = text_at(row, 8);
      table.view_expanded_text = text_at(row, 9);
      table.rewrite_enabled = int_at(row, 10) != 0;
      cd_id = int_at(row, 12);
      read_sd_columns(row, 13, sd);
      serde_id = int_at(row, 19);
      sd.serde_info.name = text_at(row, 20);
      sd.serde_info.serialization_lib = text_at(row, 21);
    };
    DRDRILL_RETURN_IF_FAILED(each_row(
        "SELECT t.TBL_ID, t.SD_ID, t.TBL_NAME, t.OWNER, t.CREATE_TIME, t.LAST_ACCESS_TIME, t.RETENTION, t.TBL_TYPE, "
        "t.VIEW_ORIGINAL_TEXT, t.VIEW_EXPANDED_TEXT, t.IS_REWRITE_ENABLED, s.SD_ID, s.CD_ID, s.INPUT_FORMAT, "
        "s.IS_COMPRESSED, s.IS_STOREDASSUBDIRECTORIES, s.LOCATION, s.NUM_BUCKETS, s.OUTPUT_FORMAT, s.SERDE_ID, "
        "se.\"NAME\", se.SLIB "
        "FROM TBLS t JOIN DBS d ON t.DB_ID = d.DB_ID LEFT JOIN SDS s ON s.SD_ID = t.SD_ID "
        "LEFT JOIN SERDES se ON se.SERDE_ID = s.SERDE_ID WHERE d.\"NAME\" = ? AND t.TBL_NAME = ?",
        {db, name}, read_table));
    if (!found) return MetastoreError::no_such_object(db + "." + name + " table not found");
    if (sd_missing) return MetastoreError::meta("storage descriptor " + std::to_string(sd_id) + " is missing");
    table.db_name = db;

    // No ORDER BY: on a compound SELECT SQLite would sort each arm separately (five sorters per
    // lookup); columns and keys are put in INTEGER_IDX order here instead.
    enum Kind : std::int64_t { kColumn, kPartitionKey, kSerDeParam, kSdParam, kTableParam };
    std::vector<std::pair<std::int64_t, FieldSchema>> cols;
    std::vector<std::pair<std::int64_t, FieldSchema>> keys;
    const RowSink read_lists = [&](const SqliteStatement& item) {
      switch (int_at(item, 0)) {
        case kColumn: cols.emplace_back(int_at(item, 4), FieldSchema{text_at(item, 1), text_at(item, 2), text_at(item, 3)}); break;
        case kPartitionKey: keys.emplace_back(int_at(item, 4), FieldSchema{text_at(item, 1), text_at(item, 2), text_at(item, 3)}); break;
        case kSerDeParam: sd.serde_info.parameters[text_at(item, 1)] = text_at(item, 2); break;
        case kSdParam: sd.parameters[text_at(item, 1)] = text_at(item, 2); break;
        case kTableParam: table.parameters[text_at(item, 1)] = text_at(item, 2); break;
        default: break;
      }
    };
    DRDRILL_RETURN_IF_FAILED(each_row(
        "SELECT 0, \"COLUMN_NAME\", TYPE_NAME, COMMENT, INTEGER_IDX FROM COLUMNS_V2 WHERE CD_ID = ? "
        "UNION ALL SELECT 1, PKEY_NAME, PKEY_TYPE, PKEY_COMMENT, INTEGER_IDX FROM PARTITION_KEYS WHERE TBL_ID = ? "
        "UNION ALL SELECT 2, PARAM_KEY, PARAM_VALUE, NULL, 0 FROM SERDE_PARAMS WHERE SERDE_ID = ? "
        "UNION ALL SELECT 3, PARAM_KEY, PARAM_VALUE, NULL, 0 FROM SD_PARAMS WHERE SD_ID = ? "
        "UNION ALL SELECT 4, PARAM_KEY, PARAM_VALUE, NULL, 0 FROM TABLE_PARAMS WHERE TBL_ID = ?",
        {cd_id, tbl_id, serde_id, sd_id, tbl_id}, read_lists));
    const auto by_index = [](const auto& a, const auto& b) { return a.first < b.first; };
    std::stable_sort(cols.begin(), cols.end(), by_index);
    std::stable_sort(keys.begin(), keys.end(), by_index);
    for (auto& c : cols) sd.cols.push_back(std::move(c.second));
    for (auto& k : keys) table.partition_keys.push_back(std::move(k.second));
    return table;
  }

  MetastoreStatus drop_partition_rows(std::int64_t part_id, std::int64_t sd_id) {
    for (const char* sql : {"DELETE FROM PARTITION_KEY_VALS WHERE PART_ID = ?", "DELETE FROM PARTITION_PARAMS WHERE PART_ID = ?",
                            "DELETE FROM PART_PRIVS WHERE PART_ID = ?", "DELETE FROM PART_COL_PRIVS WHERE PART_ID = ?",
                            "DELETE FROM PART_COL_STATS WHERE PART_ID = ?", "DELETE FROM PARTITIONS WHERE PART_ID = ?"}) {
      DRDRILL_RETURN_IF_FAILED(exec(sql, {part_id}));
    }
    return drop_sd(sd_id);
  }

  MetastoreStatus drop_table_rows(const TableRow& t) {
    auto parts = query("SELECT PART_ID, SD_ID FROM PARTITIONS WHERE TBL_ID = ? ORDER BY PART_ID", {t.tbl_id});
    if (!parts.ok()) return std::move(parts).error();
    for (const Row& row : parts->rows) DRDRILL_RETURN_IF_FAILED(drop_partition_rows(int_at(row, 0), int_at(row, 1)));
    for (const char* sql : {"DELETE FROM PARTITION_KEYS WHERE TBL_ID = ?", "DELETE FROM TABLE_PARAMS WHERE TBL_ID = ?",
                            "DELETE FROM TBL_PRIVS WHERE TBL_ID = ?", "DELETE FROM TBL_COL_PRIVS WHERE TBL_ID = ?",
                            "DELETE FROM TAB_COL_STATS WHERE TBL_ID = ?", "DELETE FROM TBLS WHERE TBL_ID = ?"}) {
      DRDRILL_RETURN_IF_FAILED(exec(sql, {t.tbl_id}));
    }
    return drop_sd(t.sd_id);
  }

  MetastoreResult<HivePartition> read_partition(const std::string& db, const std::string& table, const Row& row) {
    // row: PART_ID, CREATE_TIME, LAST_ACCESS_TIME, SD_ID
    const std::int64_t part_id = int_at(row, 0);
    HivePartition p;
    p.db_name = db;
    p.table_name = table;
    p.create_time = int_at(row, 1);
    p.last_access_time = int_at(row, 2);
    auto values = query("SELECT PART_KEY_VAL FROM PARTITION_KEY_VALS WHERE PART_ID = ? ORDER BY INTEGER_IDX", {part_id});
    if (!values.ok()) return std::move(values).error();
    for (const Row& v : values->rows) p.values.push_back(text_at(v, 0));
    auto sd = read_sd(int_at(row, 3));
    if (!sd.ok()) return std::move(sd).error();
    p.sd = std::move(sd->sd);
    auto params = read_params("SELECT PARAM_KEY, PARAM_VALUE FROM PARTITION_PARAMS WHERE PART_ID = ?", part_id);
    if (!params.ok()) return std::move(params).error();
    p.parameters = std::move(params).value();
    return p;
  }

 private:
  SqlTransaction& tx_;
  std::int64_t now_s_;
};

MetastoreClient::MetastoreClient(ConnectionFactory connect, std::string target, std::string user, const Clock& clock,
                                 MetastoreOptions options)
    : connect_(std::move(connect)), target_(std::move(target)), user_(std::move(user)), clock_(clock),
      options_(std::move(options)) {}

MetastoreResult<MetastoreClient> MetastoreClient::for_jdbc_url(SqlClient& client, std::string_view jdbc_url,
                                                               std::string user, std::string password,
                                                               const Clock& clock, MetastoreOptions options) {
  auto url = parse_jdbc_url(jdbc_url);
  if (!url.ok()) return MetastoreError::meta(url.status().message());
  ConnectionFactory connect = [&client, parsed = *url, user, password]() {
    return client.connect(parsed, user, password);
  };
  return MetastoreClient(std::move(connect), url->to_string(), std::move(user), clock, std::move(options));
}

template <typename T>
MetastoreResult<T> MetastoreClient::read(const std::function<MetastoreResult<T>(Session&)>& body) {
  return run<T>(body, TransactionMode::kRead);
}

template <typename T>
MetastoreResult<T> MetastoreClient::run(const std::function<MetastoreResult<T>(Session&)>& body, TransactionMode mode) {
  auto connection = connect_();
  if (!connection.ok()) return MetastoreError::cannot_connect(target_, user_, std::move(connection).error());
  const std::int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  std::optional<MetastoreResult<T>> out;
  SqlStatus status = connection->transact([&](SqlTransaction& tx) -> SqlStatus {
    Session session(tx, now_s);
    out.emplace(body(session));
    if (!out->ok()) return abort_marker();
    return {};
  }, mode);
  if (out.has_value() && !out->ok()) return std::move(*out);
  if (!status.ok()) return MetastoreError::from_sql(std::move(status).error());
  return std::move(*out);
}

MetastoreStatus MetastoreClient::run_status(const std::function<MetastoreStatus(Session&)>& body) {
  auto r = run<bool>(
      [&](Session& s) -> MetastoreResult<bool> {
        auto st = body(s);
        if (!st.ok()) return std::move(st).error();
        return true;
      },
      TransactionMode::kReadWrite);
  if (!r.ok()) return std::move(r).error();
  return {};
}

// --- databases ---

MetastoreStatus MetastoreClient::create_database(const HiveDatabase& database) {
  const std::string name = ascii_lower(database.name);
  if (!valid_name(name)) return MetastoreError::invalid_object(database.name + " is not a valid database name");
  std::string location = database.location_uri;
  if (location.empty()) {
    location = name == kDefaultDatabaseName ? options_.warehouse_dir : options_.warehouse_dir + "/" + name + ".db";
  }
  return run_status([&](Session& s) -> MetastoreStatus {
    auto existing = s.find_db_id(name);
    if (!existing.ok()) return std::move(existing).error();
    if (existing->has_value()) return MetastoreError::already_exists("Database " + name + " already exists");
    auto id = s.next_id(kDatabaseSequence);
    if (!id.ok()) return std::move(id).error();
    DRDRILL_RETURN_IF_FAILED(s.exec(
        "INSERT INTO DBS (DB_ID, \"DESC\", DB_LOCATION_URI, \"NAME\", OWNER_NAME, OWNER_TYPE) VALUES (?, ?, ?, ?, ?, ?)",
        {*id, nullable(database.description), location, name, nullable(database.owner_name),
         nullable(database.owner_type)}));
    return s.write_params("INSERT INTO DATABASE_PARAMS (DB_ID, PARAM_KEY, PARAM_VALUE) VALUES (?, ?, ?)", *id,
                          database.parameters);
  });
}

MetastoreResult<HiveDatabase> MetastoreClient::get_database(std::string_view name_in) {
  const std::string name = ascii_lower(name_in);
  return read<HiveDatabase>([&](Session& s) -> MetastoreResult<HiveDatabase> {
    auto r = s.query("SELECT DB_ID, \"DESC\", DB_LOCATION_URI, \"NAME\", OWNER_NAME, OWNER_TYPE FROM DBS WHERE \"NAME\" = ?",
                     {name});
    if (!r.ok()) return std::move(r).error();
    if (r->rows.empty()) return MetastoreError::no_such_object("There is no database named " + name);
    const Row& row = r->rows[0];
    HiveDatabase db;
    db.description = text_at(row, 1);
    db.location_uri = text_at(row, 2);
    db.name = text_at(row, 3);
    db.owner_name = text_at(row, 4);
    db.owner_type = text_at(row, 5);
    auto params = s.read_params("SELECT PARAM_KEY, PARAM_VALUE FROM DATABASE_PARAMS WHERE DB_ID = ?", int_at(row, 0));
    if (!params.ok()) return std::move(params).error();
    db.parameters = std::move(params).value();
    return db;
  });
}

MetastoreResult<std::vector<std::string>> MetastoreClient::get_all_databases() {
  return read<std::vector<std::string>>([&](Session& s) -> MetastoreResult<std::vector<std::string>> {
    auto r = s.query("SELECT \"NAME\" FROM DBS ORDER BY \"NAME\"");
    if (!r.ok()) return std::move(r).error();
    std::vector<std::string> names;
    for (const Row& row : r->rows) names.push_back(text_at(row, 0));
    return names;
  });
}

MetastoreStatus MetastoreClient::alter_database(std::string_view name_in, const HiveDatabase& database) {
  const std::string name = ascii_lower(name_in);
  return run_status([&](Session& s) -> MetastoreStatus {
    auto id = s.find_db_id(name);
    if (!id.ok()) return std::move(id).error();
    if (!id->has_value()) return MetastoreError::no_such_object("There is no database named " + name);
    const std::int64_t db_id = **id;
    auto current = s.query("SELECT DB_LOCATION_URI FROM DBS WHERE DB_ID = ?", {db_id});
    if (!current.ok()) return std::move(current).error();
    const std::string location = database.location_uri.empty() ? text_at(current->rows[0], 0) : database.location_uri;
    DRDRILL_RETURN_IF_FAILED(
        s.exec("UPDATE DBS SET \"DESC\" = ?, DB_LOCATION_URI = ?, OWNER_NAME = ?, OWNER_TYPE = ? WHERE DB_ID = ?",
               {nullable(database.description), location, nullable(database.owner_name),
                nullable(database.owner_type), db_id}));
    DRDRILL_RETURN_IF_FAILED(s.exec("DELETE FROM DATABASE_PARAMS WHERE DB_ID = ?", {db_id}));
    return s.write_params("INSERT INTO DATABASE_PARAMS (DB_ID, PARAM_KEY, PARAM_VALUE) VALUES (?, ?, ?)", db_id,
                          database.parameters);
  });
}

MetastoreStatus MetastoreClient::drop_database(std::string_view name_in, bool cascade) {
  const std::string name = ascii_lower(name_in);
  if (name == kDefaultDatabaseName) return MetastoreError::meta("Can not drop default database");
  return run_status([&](Session& s) -> MetastoreStatus {
    auto id = s.find_db_id(name);
    if (!id.ok()) return std::move(id).error();
    if (!id->has_value()) return MetastoreError::no_such_object("There is no database named " + name);
    const std::int64_t db_id = **id;
    auto tables = s.query("SELECT TBL_ID, SD_ID FROM TBLS WHERE DB_ID = ? ORDER BY TBL_ID", {db_id});
    if (!tables.ok()) return std::move(tables).error();
    if (!tables->rows.empty() && !cascade) {
      return MetastoreError::invalid_operation("Database " + name + " is not empty. One or more tables exist.");
    }
    for (const Row& row : tables->rows) {
      DRDRILL_RETURN_IF_FAILED(s.drop_table_rows(TableRow{int_at(row, 0), db_id, int_at(row, 1)}));
    }
    DRDRILL_RETURN_IF_FAILED(s.exec("DELETE FROM FUNC_RU WHERE FUNC_ID IN (SELECT FUNC_ID FROM FUNCS WHERE DB_ID = ?)", {db_id}));
    for (const char* sql : {"DELETE FROM FUNCS WHERE DB_ID = ?", "DELETE FROM DB_PRIVS WHERE DB_ID = ?",
                            "DELETE FROM DATABASE_PARAMS WHERE DB_ID = ?", "DELETE FROM DBS WHERE DB_ID = ?"}) {
      DRDRILL_RETURN_IF_FAILED(s.exec(sql, {db_id}));
    }
    return {};
  });
}

MetastoreStatus MetastoreClient::ensure_default_database() {
  return run_status([&](Session& s) -> MetastoreStatus {
    auto id = s.find_db_id(kDefaultDatabaseName);
    if (!id.ok()) return std::move(id).error();
    if (id->has_value()) return {};
    auto new_id = s.next_id(kDatabaseSequence);
    if (!new_id.ok()) return std::move(new_id).error();
    return s.exec(
        "INSERT INTO DBS (DB_ID, \"DESC\", DB_LOCATION_URI, \"NAME\", OWNER_NAME, OWNER_TYPE) VALUES (?, ?, ?, ?, ?, ?)",
        {*new_id, "Default Hive database", options_.warehouse_dir, kDefaultDatabaseName, "public", "ROLE"});
  });
}

// --- tables ---

MetastoreStatus MetastoreClient::create_table(const HiveTable& table_in) {
  HiveTable table = table_in;
  table.db_name = ascii_lower(table.db_name);
  table.table_name = ascii_lower(table.table_name);
  if (!valid_name(table.table_name)) return MetastoreError::invalid_object(table_in.table_name + " is not a valid object name");
  for (const auto& key : table.partition_keys) {
    for (const auto& col : table.sd.cols) {
      if (ascii_lower(col.name) == ascii_lower(key.name)) {
        return MetastoreError::invalid_object("Partition column name " + key.name + " conflicts with table columns.");
      }
    }
  }
  return run_status([&](Session& s) -> MetastoreStatus {
    auto db = s.query("SELECT DB_ID, DB_LOCATION_URI FROM DBS WHERE \"NAME\" = ?", {table.db_name});
    if (!db.ok()) return std::move(db).error();
    if (db->rows.empty()) return MetastoreError::no_such_object("There is no database named " + table.db_name);
    const std::int64_t db_id = int_at(db->rows[0], 0);
    auto existing = s.find_table(table.db_name, table.table_name);
    if (!existing.ok()) return std::move(existing).error();
    if (existing->has_value()) return MetastoreError::already_exists("Table " + table.table_name + " already exists");

    if (table.sd.location.empty() && table.table_type != kVirtualView) {
      table.sd.location = text_at(db->rows[0], 1) + "/" + table.table_name;
    }
    if (!table.parameters.contains(kDdlTime)) table.parameters[kDdlTime] = std::to_string(s.now_s());

    auto cd_id = s.insert_columns(table.sd.cols);
    if (!cd_id.ok()) return std::move(cd_id).error();
    auto sd_id = s.insert_sd(table.sd, *cd_id);
    if (!sd_id.ok()) return std::move(sd_id).error();
    auto tbl_id = s.next_id(kTableSequence);
    if (!tbl_id.ok()) return std::move(tbl_id).error();
    DRDRILL_RETURN_IF_FAILED(s.exec(
        "INSERT INTO TBLS (TBL_ID, CREATE_TIME, DB_ID, LAST_ACCESS_TIME, OWNER, RETENTION, SD_ID, TBL_NAME, TBL_TYPE, "
        "VIEW_EXPANDED_TEXT, VIEW_ORIGINAL_TEXT, IS_REWRITE_ENABLED) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {*tbl_id, s.now_s(), db_id, table.last_access_time, nullable(table.owner), std::int64_t{table.retention}, *sd_id,
         table.table_name, table.table_type, nullable(table.view_expanded_text), nullable(table.view_original_text),
         std::int64_t{table.rewrite_enabled ? 1 : 0}}));
    for (std::size_t i = 0; i < table.partition_keys.size(); ++i) {
      const FieldSchema& key = table.partition_keys[i];
      DRDRILL_RETURN_IF_FAILED(s.exec(
          "INSERT INTO PARTITION_KEYS (TBL_ID, PKEY_COMMENT, PKEY_NAME, PKEY_TYPE, INTEGER_IDX) VALUES (?, ?, ?, ?, ?)",
          {*tbl_id, nullable(key.comment), ascii_lower(key.name), key.type, static_cast<std::int64_t>(i)}));
    }
    return s.write_params("INSERT INTO TABLE_PARAMS (TBL_ID, PARAM_KEY, PARAM_VALUE) VALUES (?, ?, ?)", *tbl_id,
                          table.parameters);
  });
}

MetastoreResult<HiveTable> MetastoreClient::get_table(std::string_view db_in, std::string_view name_in) {
  const std::string db = ascii_lower(db_in);
  const std::string name = ascii_lower(name_in);
  return read<HiveTable>([&](Session& s) -> MetastoreResult<HiveTable> { return s.read_named_table(db, name); });
}

MetastoreResult<std::vector<std::string>> MetastoreClient::get_tables(std::string_view db_in) {
  const std::string db = ascii_lower(db_in);
  return read<std::vector<std::string>>([&](Session& s) -> MetastoreResult<std::vector<std::string>> {
    auto r = s.query("SELECT t.TBL_NAME FROM TBLS t JOIN DBS d ON t.DB_ID = d.DB_ID WHERE d.\"NAME\" = ? ORDER BY t.TBL_NAME",
                     {db});
    if (!r.ok()) return std::move(r).error();
    std::vector<std::string> names;
    for (const Row& row : r->rows) names.push_back(text_at(row, 0));
    return names;
  });
}

MetastoreResult<std::string> MetastoreClient::get_table_location(std::string_view db_in, std::string_view name_in) {
  const std::string db = ascii_lower(db_in);
  const std::string name = ascii_lower(name_in);
  return read<std::string>([&](Session& s) -> MetastoreResult<std::string> {
    auto t = s.require_table(db, name);
    if (!t.ok()) return std::move(t).error();
    auto r = s.query("SELECT LOCATION FROM SDS WHERE SD_ID = ?", {t->sd_id});
    if (!r.ok()) return std::move(r).error();
    if (r->rows.empty()) return MetastoreError::meta(db + "." + name + " has no storage descriptor");
    return text_at(r->rows[0], 0);
  });
}

MetastoreStatus MetastoreClient::alter_table(std::string_view db_in, std::string_view name_in, const HiveTable& table_in) {
  const std::string db = ascii_lower(db_in);
  const std::string name = ascii_lower(name_in);
  HiveTable table = table_in;
  table.db_name = ascii_lower(table.db_name.empty() ? db : table.db_name);
  table.table_name = ascii_lower(table.table_name.empty() ? name : table.table_name);
  if (!valid_name(table.table_name)) return MetastoreError::invalid_object(table_in.table_name + " is not a valid object name");
  return run_status([&](Session& s) -> MetastoreStatus {
    auto old = s.find_table(db, name);
    if (!old.ok()) return std::move(old).error();
    if (!old->has_value()) return MetastoreError::invalid_operation("table " + db + "." + name + " doesn't exist");
    const TableRow t = **old;

    std::int64_t target_db_id = t.db_id;
    if (table.db_name != db || table.table_name != name) {
      auto new_db = s.find_db_id(table.db_name);
      if (!new_db.ok()) return std::move(new_db).error();
      if (!new_db->has_value()) return MetastoreError::invalid_operation("Unable to change partition or table. Database " + table.db_name + " does not exist");
      target_db_id = **new_db;
      auto clash = s.find_table(table.db_name, table.table_name);
      if (!clash.ok()) return std::move(clash).error();
      if (clash->has_value()) {
        return MetastoreError::invalid_operation("new table " + table.db_name + "." + table.table_name + " already exists");
      }
    }
    auto keys = s.read_partition_keys(t.tbl_id);
    if (!keys.ok()) return std::move(keys).error();
    std::vector<FieldSchema> new_keys = table.partition_keys;
    for (auto& k : new_keys) k.name = ascii_lower(k.name);
    if (*keys != new_keys) return MetastoreError::invalid_operation("partition keys can not be changed.");

    auto old_sd = s.read_sd(t.sd_id);
    if (!old_sd.ok()) return std::move(old_sd).error();
    std::vector<FieldSchema> new_cols = table.sd.cols;
    for (auto& c : new_cols) c.name = ascii_lower(c.name);
    std::int64_t cd_id = old_sd->cd_id;
    if (old_sd->sd.cols != new_cols) {
      // New columns get a new descriptor; partitions keep theirs (alter without CASCADE).
      auto new_cd = s.insert_columns(new_cols);
      if (!new_cd.ok()) return std::move(new_cd).error();
      cd_id = *new_cd;
    }
    const std::string location = table.sd.location.empty() ? old_sd->sd.location : table.sd.location;
    DRDRILL_RETURN_IF_FAILED(s.exec(
        "UPDATE SDS SET CD_ID = ?, INPUT_FORMAT = ?, IS_COMPRESSED = ?, IS_STOREDASSUBDIRECTORIES = ?, LOCATION = ?, "
        "NUM_BUCKETS = ?, OUTPUT_FORMAT = ? WHERE SD_ID = ?",
        {cd_id, nullable(table.sd.input_format), std::int64_t{table.sd.compressed ? 1 : 0},
         std::int64_t{table.sd.stored_as_sub_directories ? 1 : 0}, nullable(location),
         std::int64_t{table.sd.num_buckets}, nullable(table.sd.output_format), t.sd_id}));
    if (cd_id != old_sd->cd_id) DRDRILL_RETURN_IF_FAILED(s.drop_columns_if_unused(old_sd->cd_id));
    DRDRILL_RETURN_IF_FAILED(s.exec("UPDATE SERDES SET \"NAME\" = ?, SLIB = ? WHERE SERDE_ID = ?",
                                    {nullable(table.sd.serde_info.name),
                                     nullable(table.sd.serde_info.serialization_lib), old_sd->serde_id}));
    DRDRILL_RETURN_IF_FAILED(s.exec("DELETE FROM SERDE_PARAMS WHERE SERDE_ID = ?", {old_sd->serde_id}));
    DRDRILL_RETURN_IF_FAILED(s.write_params("INSERT INTO SERDE_PARAMS (SERDE_ID, PARAM_KEY, PARAM_VALUE) VALUES (?, ?, ?)",
                                            old_sd->serde_id, table.sd.serde_info.parameters));
    DRDRILL_RETURN_IF_FAILED(s.exec("DELETE FROM SD_PARAMS WHERE SD_ID = ?", {t.sd_id}));
    DRDRILL_RETURN_IF_FAILED(s.write_params("INSERT INTO SD_PARAMS (SD_ID, PARAM_KEY, PARAM_VALUE) VALUES (?, ?, ?)",
                                            t.sd_id, table.sd.parameters));
    DRDRILL_RETURN_IF_FAILED(s.exec(
        "UPDATE TBLS SET DB_ID = ?, TBL_NAME = ?, OWNER = ?, TBL_TYPE = ?, RETENTION = ?, LAST_ACCESS_TIME = ?, "
        "VIEW_ORIGINAL_TEXT = ?, VIEW_EXPANDED_TEXT = ?, IS_REWRITE_ENABLED = ? WHERE TBL_ID = ?",
        {target_db_id, table.table_name, nullable(table.owner), table.table_type, std::int64_t{table.retention},
         table.last_access_time, nullable(table.view_original_text), nullable(table.view_expanded_text),
         std::int64_t{table.rewrite_enabled ? 1 : 0}, t.tbl_id}));
    Parameters params = table.parameters;
    if (!params.contains(kDdlTime)) params[kDdlTime] = std::to_string(s.now_s());
    DRDRILL_RETURN_IF_FAILED(s.exec("DELETE FROM TABLE_PARAMS WHERE TBL_ID = ?", {t.tbl_id}));
    return s.write_params("INSERT INTO TABLE_PARAMS (TBL_ID, PARAM_KEY, PARAM_VALUE) VALUES (?, ?, ?)", t.tbl_id, params);
  });
}

MetastoreStatus MetastoreClient::drop_table(std::string_view db_in, std::string_view name_in) {
  const std::string db = ascii_lower(db_in);
  const std::string name = ascii_lower(name_in);
  return run_status([&](Session& s) -> MetastoreStatus {
    auto t = s.require_table(db, name);
    if (!t.ok()) return std::move(t).error();
    return s.drop_table_rows(*t);
  });
}

// --- partitions ---

MetastoreStatus MetastoreClient::add_partition(const HivePartition& partition) { return add_partitions({partition}); }

MetastoreStatus MetastoreClient::add_partitions(const std::vector<HivePartition>& partitions) {
  return run_status([&](Session& s) -> MetastoreStatus {
    for (const HivePartition& p : partitions) {
      const std::string db = ascii_lower(p.db_name);
      const std::string table_name = ascii_lower(p.table_name);
      auto t = s.find_table(db, table_name);
      if (!t.ok()) return std::move(t).error();
      if (!t->has_value()) {
        return MetastoreError::invalid_object("Unable to add partition because table or database do not exist");
      }
      const TableRow table = **t;
      auto keys = s.read_partition_keys(table.tbl_id);
      if (!keys.ok()) return std::move(keys).error();
      if (keys->empty() || keys->size() != p.values.size()) {
        return MetastoreError::meta("Invalid partition key & values; table " + db + "." + table_name + " has " +
                                    std::to_string(keys->size()) + " partition keys, values " + join_values(p.values));
      }
      const std::string part_name = make_partition_name(*keys, p.values);
      auto existing = s.query("SELECT PART_ID FROM PARTITIONS WHERE TBL_ID = ? AND PART_NAME = ?", {table.tbl_id, part_name});
      if (!existing.ok()) return std::move(existing).error();
      if (!existing->rows.empty()) {
        return MetastoreError::already_exists("Partition already exists: " + db + "." + table_name + "/" + part_name);
      }

      auto table_sd = s.read_sd(table.sd_id);
      if (!table_sd.ok()) return std::move(table_sd).error();
      StorageDescriptor sd = p.sd;
      std::int64_t cd_id = table_sd->cd_id;
      if (!sd.cols.empty() && sd.cols != table_sd->sd.cols) {
        auto own = s.insert_columns(sd.cols);
        if (!own.ok()) return std::move(own).error();
        cd_id = *own;
      }
      if (sd.location.empty()) sd.location = table_sd->sd.location + "/" + part_name;
      if (sd.input_format.empty()) sd.input_format = table_sd->sd.input_format;
      if (sd.output_format.empty()) sd.output_format = table_sd->sd.output_format;
      if (sd.serde_info.serialization_lib.empty()) sd.serde_info = table_sd->sd.serde_info;
      auto sd_id = s.insert_sd(sd, cd_id);
      if (!sd_id.ok()) return std::move(sd_id).error();
      auto part_id = s.next_id(kPartitionSequence);
      if (!part_id.ok()) return std::move(part_id).error();
      DRDRILL_RETURN_IF_FAILED(s.exec(
          "INSERT INTO PARTITIONS (PART_ID, CREATE_TIME, LAST_ACCESS_TIME, PART_NAME, SD_ID, TBL_ID) VALUES (?, ?, ?, ?, ?, ?)",
          {*part_id, s.now_s(), p.last_access_time, part_name, *sd_id, table.tbl_id}));
      for (std::size_t i = 0; i < p.values.size(); ++i) {
        DRDRILL_RETURN_IF_FAILED(
            s.exec("INSERT INTO PARTITION_KEY_VALS (PART_ID, PART_KEY_VAL, INTEGER_IDX) VALUES (?, ?, ?)",
                   {*part_id, p.values[i], static_cast<std::int64_t>(i)}));
      }
      Parameters params = p.parameters;
      if (!params.contains(kDdlTime)) params[kDdlTime] = std::to_string(s.now_s());
      DRDRILL_RETURN_IF_FAILED(s.write_params(
          "INSERT INTO PARTITION_PARAMS (PART_ID, PARAM_KEY, PARAM_VALUE) VALUES (?, ?, ?)", *part_id, params));
    }
    return {};
  });
}

MetastoreResult<HivePartition> MetastoreClient::get_partition(std::string_view db_in, std::string_view table_in,
                                                             const std::vector<std::string>& values) {
  const std::string db = ascii_lower(db_in);
  const std::string table_name = ascii_lower(table_in);
  return read<HivePartition>([&](Session& s) -> MetastoreResult<HivePartition> {
    auto row = s.partition_row(
        db, table_name, values,
        "SELECT PART_ID, CREATE_TIME, LAST_ACCESS_TIME, SD_ID FROM PARTITIONS WHERE TBL_ID = ? AND PART_NAME = ?");
    if (!row.ok()) return std::move(row).error();
    return s.read_partition(db, table_name, *row);
  });
}

MetastoreResult<std::vector<HivePartition>> MetastoreClient::list_partitions(std::string_view db_in,
                                                                             std::string_view table_in, int max) {
  const std::string db = ascii_lower(db_in);
  const std::string table_name = ascii_lower(table_in);
  return read<std::vector<HivePartition>>([&](Session& s) -> MetastoreResult<std::vector<HivePartition>> {
    auto t = s.require_table(db, table_name);
    if (!t.ok()) return std::move(t).error();
    auto r = s.query(
        "SELECT PART_ID, CREATE_TIME, LAST_ACCESS_TIME, SD_ID FROM PARTITIONS WHERE TBL_ID = ? ORDER BY PART_NAME LIMIT ?",
        {t->tbl_id, std::int64_t{max}});
    if (!r.ok()) return std::move(r).error();
    std::vector<HivePartition> out;
    for (const Row& row : r->rows) {
      auto p = s.read_partition(db, table_name, row);
      if (!p.ok()) return std::move(p).error();
      out.push_back(std::move(p).value());
    }
    return out;
  });
}

MetastoreResult<std::vector<std::string>> MetastoreClient::list_partition_names(std::string_view db_in,
                                                                                std::string_view table_in) {
  const std::string db = ascii_lower(db_in);
  const std::string table_name = ascii_lower(table_in);
  return read<std::vector<std::string>>([&](Session& s) -> MetastoreResult<std::vector<std::string>> {
    auto t = s.require_table(db, table_name);
    if (!t.ok()) return std::move(t).error();
    auto r = s.query("SELECT PART_NAME FROM PARTITIONS WHERE TBL_ID = ? ORDER BY PART_NAME", {t->tbl_id});
    if (!r.ok()) return std::move(r).error();
    std::vector<std::string> names;
    for (const Row& row : r->rows) names.push_back(text_at(row, 0));
    return names;
  });
}

MetastoreStatus MetastoreClient::drop_partition(std::string_view db_in, std::string_view table_in,
                                                const std::vector<std::string>& values) {
  const std::string db = ascii_lower(db_in);
  const std::string table_name = ascii_lower(table_in);
  return run_status([&](Session& s) -> MetastoreStatus {
    auto row = s.partition_row(db, table_name, values,
                               "SELECT PART_ID, SD_ID FROM PARTITIONS WHERE TBL_ID = ? AND PART_NAME = ?");
    if (!row.ok()) return std::move(row).error();
    return s.drop_partition_rows(int_at(*row, 0), int_at(*row, 1));
  });
}

MetastoreResult<std::string> MetastoreClient::schema_version() {
  return read<std::string>([&](Session& s) -> MetastoreResult<std::string> {
    auto r = s.query("SELECT SCHEMA_VERSION FROM VERSION WHERE VER_ID = ?", {1});
    if (!r.ok()) return std::move(r).error();
    if (r->rows.empty()) return MetastoreError::meta("Version information not found in metastore.");
    return text_at(r->rows[0], 0);
  });
}

}  // namespace drdrill::sql
