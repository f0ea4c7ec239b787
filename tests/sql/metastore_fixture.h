#pragma once
// A metastore on one logical server, reached through a JDBC URL as Hive's client would.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/clock.h"
#include "sql/metastore_client.h"
#include "sql/metastore_schema.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"

namespace drdrill::sql::testing {

inline constexpr const char* kMetastoreUrl =
    "jdbc:sqlserver://hms-weu.database.windows.net:1433;database=hms;encrypt=true;loginTimeout=30";

class MetastoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(kDefaultEpoch + 3600s);
    auto server = service_.create_server({"hms-weu", "westeurope", "sqladmin", "Adm1n!"});
    ASSERT_TRUE(server.ok());
    ASSERT_TRUE((*server)->add_login("hive", "h1ve").ok());
    ASSERT_TRUE((*server)->create_database("hms").ok());
    auto admin = sql_client_.connect(kMetastoreUrl, "sqladmin", "Adm1n!");
    ASSERT_TRUE(admin.ok());
    SqlStatus installed = install_metastore_schema(*admin);
    ASSERT_TRUE(installed.ok()) << installed.error().to_string();
    auto client = MetastoreClient::for_jdbc_url(sql_client_, kMetastoreUrl, "hive", "h1ve", clock_);
    ASSERT_TRUE(client.ok());
    client_.emplace(std::move(client).value());
  }

  MetastoreClient& hms() { return *client_; }
  Database& database() { return *service_.database("hms-weu", "hms"); }

  std::int64_t count(const std::string& table) {
    auto r = database().storage().prepare("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(*r->step());
    return r->column_int64(0);
  }

  static HiveTable sales_table() {
    HiveTable t;
    t.db_name = "default";
    t.table_name = "Sales";
    t.owner = "etl";
    t.table_type = kExternalTable;
    t.sd.cols = {{"order_id", "bigint", "primary"}, {"amount", "decimal(10,2)", ""}, {"customer", "string", ""}};
    t.sd.location = "abfss://data@lake.dfs.core.windows.net/sales";
    t.sd.input_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    t.sd.output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    t.sd.serde_info.serialization_lib = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    t.sd.serde_info.parameters = {{"serialization.format", "1"}};
    t.partition_keys = {{"ds", "string", ""}, {"country", "string", ""}};
    t.parameters = {{"EXTERNAL", "TRUE"}, {"spark.sql.sources.provider", "parquet"}};
    return t;
  }

  ManualClock clock_;
  SqlService service_{clock_};
  SqlClient sql_client_{service_, clock_};
  std::optional<MetastoreClient> client_;
};

}  // namespace drdrill::sql::testing
