// SQL on a cluster's data session (LakehouseDataPlane): statements reach the Hive metastore through
// the SQL fake and the table data through the storage fake, as the cluster's Spark conf says, and
// every failure comes back with its cause.

#include <gtest/gtest.h>

#include "lake_storage.h"
#include "lakehouse/data_file.h"
#include "lakehouse/lakehouse_data_plane.h"
#include "sql/metastore_client.h"
#include "sql/metastore_schema.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"

namespace drdrill::lakehouse {
namespace {

using databricks::ClusterDataConfig;
using databricks::ClusterDataSession;
using databricks::SqlOutcome;
using databricks::SqlRequest;
using testing::LakeStorage;

constexpr const char* kJdbcUrl =
    "jdbc:sqlserver://hms-east.database.windows.net:1433;database=hms;encrypt=true;loginTimeout=30;";
constexpr const char* kSalesLocation = "abfss://data@lake.dfs.core.windows.net/tables/sales";

class SqlOnAClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = sql_.create_server({"hms-east", "eastus", "sqladmin", "Adm1n!"});
    ASSERT_TRUE(server.ok());
    ASSERT_TRUE((*server)->add_login("hive", "h1ve").ok());
    ASSERT_TRUE((*server)->create_database("hms").ok());
    sql::SqlClient admin_client(sql_, clock_);
    auto admin = admin_client.connect(kJdbcUrl, "sqladmin", "Adm1n!");
    ASSERT_TRUE(admin.ok());
    ASSERT_TRUE(sql::install_metastore_schema(*admin).ok());
    session_ = plane_.open_session(config());
  }

  // The seed's Spark conf: the metastore over JDBC, the storage account key.
  ClusterDataConfig config(std::map<std::string, std::string> extra = {}) {
    std::map<std::string, std::string> conf = {
        {"spark.hadoop.javax.jdo.option.ConnectionURL", kJdbcUrl},
        {"spark.hadoop.javax.jdo.option.ConnectionUserName", "hive"},
        {"spark.hadoop.javax.jdo.option.ConnectionPassword", "h1ve"},
        {"spark.hadoop.javax.jdo.option.ConnectionDriverName", "com.microsoft.sqlserver.jdbc.SQLServerDriver"},
        {"spark.sql.hive.metastore.version", "2.3.7"},
        {"spark.sql.hive.metastore.jars", "builtin"},
        {"fs.azure.account.key.lake.dfs.core.windows.net", testing::kLakeKey}};
    for (auto& [k, v] : extra) conf[k] = v;
    ClusterDataConfig c = ClusterDataConfig::from_spark_conf(conf);
    c.workspace = "primary";
    c.cluster_id = "0101-000000-abcdefgh";
    EXPECT_TRUE(c.mounts.mount("/mnt/raw", "abfss://data@lake.dfs.core.windows.net/tables").ok());
    return c;
  }

  SqlOutcome run(const std::string& sql, std::shared_ptr<ClusterDataSession> session = nullptr) {
    SqlRequest request;
    request.text = sql;
    SqlOutcome out = (session ? session : session_)->execute_sql(request);
    return out;
  }
  void ok(const std::string& sql) {
    const SqlOutcome out = run(sql);
    EXPECT_FALSE(out.failure) << sql << "\n" << (out.failure ? out.failure->message : "");
  }
  // The single value of a one-row, one-column result.
  std::string value(const std::string& sql) {
    const SqlOutcome out = run(sql);
    if (out.failure) {
      ADD_FAILURE() << out.failure->message;
      return "";
    }
    if (out.result.rows.size() != 1 || out.result.rows[0].size() != 1) {
      ADD_FAILURE() << "not a single value: " << sql;
      return "";
    }
    return out.result.rows[0][0].value_or("NULL");
  }
  sql::HiveTable metastore_table(const std::string& db, const std::string& table) {
    auto hms = sql::MetastoreClient::for_jdbc_url(probe_client_, kJdbcUrl, "hive", "h1ve", clock_);
    EXPECT_TRUE(hms.ok());
    auto t = hms->get_table(db, table);
    EXPECT_TRUE(t.ok());
    return t.ok() ? *t : sql::HiveTable{};
  }
  void create_sales() {
    ok(std::string("CREATE TABLE sales (id BIGINT, name STRING, amount DOUBLE) USING DELTA LOCATION '") + kSalesLocation +
       "'");
  }

  ManualClock clock_{kDefaultEpoch + 2h};
  LakeStorage lake_{clock_};
  sql::SqlService sql_{clock_};
  sql::SqlClient probe_client_{sql_, clock_};
  LakehouseDataPlane plane_{lake_.handler(), sql_, clock_};
  std::shared_ptr<ClusterDataSession> session_;
};

TEST_F(SqlOnAClusterTest, CreatesAnExternalDeltaTableWhoseSchemaAndLocationAreInTheMetastore) {
  create_sales();
  const sql::HiveTable t = metastore_table("default", "sales");
  EXPECT_EQ(t.table_type, sql::kExternalTable);
  EXPECT_EQ(t.sd.location, kSalesLocation);
  ASSERT_EQ(t.sd.cols.size(), 3u);
  EXPECT_EQ(t.sd.cols[0], (sql::FieldSchema{"id", "bigint", ""}));
  EXPECT_EQ(t.parameters.at("spark.sql.sources.provider"), "delta");
  EXPECT_NE(lake_.blob("data", "tables/sales/_delta_log/00000000000000000000.json"), nullptr);
  EXPECT_EQ(value("SELECT count(*) FROM sales"), "0");
}

TEST_F(SqlOnAClusterTest, InsertsRowsAndSelectsThemBackWithProjectionFilterAndLimit) {
  create_sales();
  const SqlOutcome inserted = run("INSERT INTO sales VALUES (1, 'ann', 10.5), (2, 'bob', NULL), (3, NULL, 1e20)");
  ASSERT_FALSE(inserted.failure) << inserted.failure->message;
  ASSERT_EQ(inserted.result.columns.size(), 2u);
  EXPECT_EQ(inserted.result.columns[0].name, "num_affected_rows");
  EXPECT_EQ(inserted.result.columns[0].type_name, "LONG");
  EXPECT_EQ(inserted.result.rows[0][1], "3");
  ok("INSERT INTO default.sales (name, id) VALUES ('cy', 4)");

  const SqlOutcome all = run("SELECT * FROM sales");
  ASSERT_FALSE(all.failure);
  ASSERT_EQ(all.result.rows.size(), 4u);
  EXPECT_EQ(all.result.columns[2].type_text, "DOUBLE");
  EXPECT_EQ(all.result.rows[0], (std::vector<std::optional<std::string>>{"1", "ann", "10.5"}));
  EXPECT_EQ(all.result.rows[1][2], std::nullopt);
  EXPECT_EQ(all.result.rows[2][2], "1.0E20");
  EXPECT_EQ(all.result.rows[3], (std::vector<std::optional<std::string>>{"4", "cy", std::nullopt}));

  const SqlOutcome filtered = run("SELECT name AS who, id FROM sales WHERE id >= 2 AND name IS NOT NULL LIMIT 1");
  ASSERT_FALSE(filtered.failure) << filtered.failure->message;
  EXPECT_EQ(filtered.result.columns[0].name, "who");
  EXPECT_EQ(filtered.result.rows, (std::vector<std::vector<std::optional<std::string>>>{{"bob", "2"}}));
  EXPECT_EQ(value("SELECT count(*) FROM sales WHERE amount > 5"), "2");
  EXPECT_EQ(value("SELECT count(*) FROM sales"), "4");
}

TEST_F(SqlOnAClusterTest, ResolvesMountPathsThroughTheWorkspaceMountsAndStoresThemAsDbfsPaths) {
  ok("CREATE TABLE orders (id INT) LOCATION '/mnt/raw/orders'");
  EXPECT_EQ(metastore_table("default", "orders").sd.location, "dbfs:/mnt/raw/orders");
  ok("INSERT INTO orders VALUES (7)");
  EXPECT_NE(lake_.blob("data", "tables/orders/_delta_log/00000000000000000001.json"), nullptr);
  EXPECT_EQ(value("SELECT id FROM orders"), "7");
}

TEST_F(SqlOnAClusterTest, AddsColumnsToTheMetastoreAndTheDeltaLogAndReadsOldRowsAsNull) {
  create_sales();
  ok("INSERT INTO sales VALUES (1, 'ann', 1.0)");
  ok("ALTER TABLE sales ADD COLUMNS (region STRING COMMENT 'where', seen DATE)");
  EXPECT_EQ(metastore_table("default", "sales").sd.cols.size(), 5u);
  ok("INSERT INTO sales VALUES (2, 'bob', 2.0, 'eu', '2026-01-01')");
  const SqlOutcome rows = run("SELECT region, seen FROM sales");
  ASSERT_FALSE(rows.failure);
  EXPECT_EQ(rows.result.rows[0], (std::vector<std::optional<std::string>>{std::nullopt, std::nullopt}));
  EXPECT_EQ(rows.result.rows[1], (std::vector<std::optional<std::string>>{"eu", "2026-01-01"}));
  const SqlOutcome described = run("DESCRIBE TABLE sales");
  ASSERT_EQ(described.result.rows.size(), 5u);
  EXPECT_EQ(described.result.rows[3], (std::vector<std::optional<std::string>>{"region", "string", "where"}));
  EXPECT_EQ(run("ALTER TABLE sales ADD COLUMNS (id INT)").failure->error_class, "FIELDS_ALREADY_EXISTS");
}

TEST_F(SqlOnAClusterTest, ShowsTablesAndRunsScriptsWithUse) {
  SqlRequest script;
  script.allow_multiple_statements = true;
  script.text =
      "CREATE DATABASE ops LOCATION '/mnt/raw/ops';\n"
      "USE ops;\n"
      "CREATE TABLE events (id INT);\n"
      "CREATE TABLE errors (id INT);\n"
      "SHOW TABLES LIKE 'ev*|x'";
  const SqlOutcome out = session_->execute_sql(script);
  ASSERT_FALSE(out.failure) << out.failure->message;
  EXPECT_EQ(out.current_database, "ops");
  EXPECT_EQ(out.result.rows, (std::vector<std::vector<std::optional<std::string>>>{{"ops", "events", "false"}}));
  EXPECT_EQ(metastore_table("ops", "errors").sd.location, "dbfs:/mnt/raw/ops/errors");
  EXPECT_EQ(out.writes.size(), 3u);
}

TEST_F(SqlOnAClusterTest, RefusesBadStatementsWithSparksErrorClasses) {
  create_sales();
  const auto failure = [&](const std::string& sql) {
    const SqlOutcome out = run(sql);
    EXPECT_TRUE(out.failure) << sql;
    return out.failure.value_or(databricks::SqlFailure{});
  };
  EXPECT_EQ(failure("SELECT * FROM nope").error_class, "TABLE_OR_VIEW_NOT_FOUND");
  EXPECT_EQ(failure("SELECT * FROM nope").error_code, "NOT_FOUND");
  EXPECT_EQ(failure("SELECT nope FROM sales").error_class, "UNRESOLVED_COLUMN.WITH_SUGGESTION");
  EXPECT_EQ(failure("INSERT INTO sales VALUES ('x', 'y', 1.0)").error_class,
            "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST");
  EXPECT_EQ(failure("INSERT INTO sales VALUES (1, 'y')").error_class, "INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS");
  EXPECT_EQ(failure(std::string("CREATE TABLE sales (a INT) LOCATION '") + kSalesLocation + "'").error_code, "ALREADY_EXISTS");
  EXPECT_EQ(failure("SELECT id, count(*) FROM sales").error_class, "MISSING_GROUP_BY");
  EXPECT_EQ(failure("SELEC 1").cause, "parse");
  EXPECT_EQ(failure("CREATE TABLE t2 (a INT)").cause, "unsupported");  // DBFS root location
  ok(std::string("CREATE TABLE IF NOT EXISTS sales (a INT) LOCATION '") + kSalesLocation + "'");
  EXPECT_EQ(plane_.failures(DataErrorKind::kTableNotFound), 2u);
}

TEST_F(SqlOnAClusterTest, RegistersAnExistingDeltaLogAndRefusesADifferentSchemaForIt) {
  create_sales();
  ok("INSERT INTO sales VALUES (1, 'a', 1.0)");
  ok(std::string("CREATE TABLE sales_again LOCATION '") + kSalesLocation + "'");
  EXPECT_EQ(value("SELECT count(*) FROM sales_again"), "1");
  const SqlOutcome other = run(std::string("CREATE TABLE sales_wrong (x INT) LOCATION '") + kSalesLocation + "'");
  ASSERT_TRUE(other.failure);
  EXPECT_EQ(other.failure->error_class, "DELTA_CREATE_TABLE_SCHEME_MISMATCH");
}

TEST_F(SqlOnAClusterTest, BindsNamedParameterMarkers) {
  create_sales();
  ok("INSERT INTO sales VALUES (1, 'a', 1.0), (2, 'b', 2.0)");
  SqlRequest request;
  request.text = "SELECT name FROM sales WHERE id = :id";
  request.parameters = {{"id", "2", "INT"}};
  const SqlOutcome out = session_->execute_sql(request);
  ASSERT_FALSE(out.failure) << out.failure->message;
  EXPECT_EQ(out.result.rows.at(0).at(0), "b");
  request.parameters.clear();
  EXPECT_EQ(session_->execute_sql(request).failure->error_class, "UNBOUND_SQL_PARAMETER");
}

TEST_F(SqlOnAClusterTest, RecordsEachAcknowledgedWriteWithTheStorageAndSqlWritesUnderneath) {
  create_sales();
  clock_.advance(5s);
  const SqlOutcome inserted = run("INSERT INTO sales VALUES (1, 'a', 1.0), (2, 'b', 2.0)");
  ASSERT_EQ(inserted.writes.size(), 1u);
  const auto& entries = plane_.ledger().entries();
  ASSERT_EQ(entries.size(), 2u);

  const DeltaLedgerEntry& create = entries[0];
  EXPECT_EQ(create.sequence, 1u);
  EXPECT_EQ(create.table, "default.sales");
  EXPECT_EQ(create.location, kSalesLocation);
  EXPECT_EQ(create.write.operation, "CREATE TABLE");
  EXPECT_EQ(create.write.delta_version, 0);
  ASSERT_EQ(create.write.underlying.size(), 2u);
  EXPECT_EQ(create.write.underlying[0].store, "storage:lake");
  EXPECT_EQ(create.write.underlying[0].target, "data/tables/sales/_delta_log/00000000000000000000.json");
  EXPECT_EQ(create.write.underlying[1].store, "sql:hms-east/hms");

  const DeltaLedgerEntry& insert = entries[1];
  EXPECT_EQ(insert.write.kind, "delta_commit");
  EXPECT_EQ(insert.write.operation, "WRITE");
  EXPECT_EQ(insert.write.delta_version, 1);
  EXPECT_EQ(insert.write.rows, 2);
  EXPECT_EQ(insert.write.acknowledged_at, kDefaultEpoch + 2h + 5s);
  ASSERT_EQ(insert.write.underlying.size(), 2u);
  EXPECT_TRUE(insert.write.underlying[0].target.starts_with("data/tables/sales/part-00000-"));
  EXPECT_EQ(insert.write.underlying[1].target, "data/tables/sales/_delta_log/00000000000000000001.json");
  EXPECT_EQ(insert.write.bytes, insert.write.underlying[0].bytes + insert.write.underlying[1].bytes);
  EXPECT_EQ(plane_.ledger().rows_acknowledged("default.sales"), 2);
}

TEST_F(SqlOnAClusterTest, RunsTheDeclaredWorkloadOfInsertingGeneratedRows) {
  create_sales();
  auto first = session_->insert_rows("sales", 3);
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(first->rows, 3);
  EXPECT_EQ(first->delta_version, 1);
  ASSERT_TRUE(session_->insert_rows("default.sales", 2).ok());
  EXPECT_EQ(*session_->count_rows("sales"), 5);
  EXPECT_EQ(value("SELECT name FROM sales WHERE id = 5"), "row-5");
  EXPECT_TRUE(session_->insert_rows("nope", 1).status().is_not_found());
}

TEST_F(SqlOnAClusterTest, WritesGeneratedRowsOfEveryTypeAsTheDataFileEncoderWritesThem) {
  ok("CREATE TABLE every_type (c_flag BOOLEAN, c_int INT, c_id BIGINT, c_float FLOAT, c_double DOUBLE, "
     "c_name STRING, c_day DATE, c_at TIMESTAMP) USING DELTA LOCATION "
     "'abfss://data@lake.dfs.core.windows.net/tables/every_type'");
  ASSERT_TRUE(session_->insert_rows("every_type", 8).ok());  // rows 1..8
  auto second = session_->insert_rows("every_type", 3);      // rows 9..11: the numbers gain a digit
  ASSERT_TRUE(second.ok()) << second.status().to_string();
  ASSERT_FALSE(second->underlying.empty());
  const std::string target = second->underlying[0].target;  // "data/tables/every_type/part-..."
  ASSERT_TRUE(target.starts_with("data/"));
  const storage::Blob* file = lake_.blob("data", target.substr(5));
  ASSERT_NE(file, nullptr);

  const std::string now = format_iso8601(clock_.now());
  const std::string day = now.substr(0, 10);
  const std::string at = day + " " + now.substr(11, 8);
  std::vector<DeltaField> schema;
  for (const auto& [name, type] : std::vector<std::pair<std::string, DataType>>{
           {"c_flag", DataType::kBoolean}, {"c_int", DataType::kInt}, {"c_id", DataType::kBigint},
           {"c_float", DataType::kFloat}, {"c_double", DataType::kDouble}, {"c_name", DataType::kString},
           {"c_day", DataType::kDate}, {"c_at", DataType::kTimestamp}}) {
    DeltaField field;
    field.name = name;
    field.type = type;
    schema.push_back(field);
  }
  std::vector<std::vector<Value>> rows;
  for (std::int64_t n = 9; n <= 11; ++n) {
    rows.push_back({n % 2 == 0, n, n, static_cast<double>(n), static_cast<double>(n), "row-" + std::to_string(n), day, at});
  }
  EXPECT_EQ(file->content.bytes(), encode_data_file(schema, rows));
}

TEST_F(SqlOnAClusterTest, AMissingLoginIsTheMetastoreLoginFailure18456) {
  auto session = plane_.open_session(config({{"spark.hadoop.javax.jdo.option.ConnectionUserName", "nobody"}}));
  const SqlOutcome out = run("SHOW TABLES", session);
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->cause, "metastore.login_failed");
  EXPECT_EQ(out.failure->error_code, "INTERNAL_ERROR");
  EXPECT_NE(out.failure->message.find("Msg 18456"), std::string::npos) << out.failure->message;
}

TEST_F(SqlOnAClusterTest, AnUnreachableMetastoreIsTemporarilyUnavailable) {
  sql_.set_server_reachability("hms-east", sql::Reachability::kRefused);
  const SqlOutcome out = run("SHOW TABLES");
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->cause, "metastore.unavailable");
  EXPECT_EQ(out.failure->error_code, "TEMPORARILY_UNAVAILABLE");
  sql_.set_server_reachability("hms-east", sql::Reachability::kReachable);
  EXPECT_FALSE(run("SHOW TABLES").failure);
}

TEST_F(SqlOnAClusterTest, AClusterWithoutAnExternalMetastoreOrWithAnotherVersionSaysSo) {
  ClusterDataConfig bare = ClusterDataConfig::from_spark_conf({});
  EXPECT_EQ(run("SHOW TABLES", plane_.open_session(bare)).failure->cause, "metastore.not_configured");
  auto hive3 = plane_.open_session(config({{"spark.sql.hive.metastore.version", "3.1.0"}}));
  const SqlOutcome out = run("SHOW TABLES", hive3);
  EXPECT_NE(out.failure->message.find("Hive metastore 2.3"), std::string::npos);
}

TEST_F(SqlOnAClusterTest, AnotherClustersWritesAreSeenByTheNextRead) {
  create_sales();
  auto other = plane_.open_session(config());
  ok("INSERT INTO sales VALUES (1, 'a', 1.0)");
  EXPECT_EQ(run("SELECT count(*) FROM sales", other).result.rows.at(0).at(0), "1");
  ASSERT_FALSE(run("INSERT INTO sales VALUES (2, 'b', 2.0)", other).failure);
  EXPECT_EQ(value("SELECT count(*) FROM sales"), "2");
}

}  // namespace
}  // namespace drdrill::lakehouse
