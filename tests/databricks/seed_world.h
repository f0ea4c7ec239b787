#pragma once
// Test helper: the seed's two-region world (shared/reference/seed-dr-strategy-hive-external-metastore.txt)
// in simulated time.
//
//   eastus (primary)                                westus (secondary)
//   workspace "primary", cluster -> hms-east        workspace "secondary", cluster -> hms-west (TERMINATED)
//   /mnt/raw -> abfss://data@lake.dfs...            /mnt/raw -> abfss://data@lake-secondary.dfs...
//   SQL server hms-east, database hms  ==active geo-replication==>  hms-west (readable, read-only)
//   storage account lake (RA-GRS)      ==geo-replication (seeded lag, or held by the test)==> -secondary
//
// One LakehouseDataPlane serves both workspaces; each cluster's Spark conf decides what it reaches.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "api_test_client.h"
#include "core/random.h"
#include "core/simulated_scheduler.h"
#include "databricks/rest_api.h"
#include "databricks/workspace.h"
#include "lake_storage.h"
#include "lakehouse/lakehouse_data_plane.h"
#include "sql/geo_replication.h"
#include "sql/metastore_schema.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"
#include "storage/geo_replication.h"

namespace drdrill::testing {

inline constexpr const char* kEastUrl = "jdbc:sqlserver://hms-east.database.windows.net:1433;database=hms;encrypt=true;"
                                        "trustServerCertificate=false;loginTimeout=30;";
inline constexpr const char* kWestUrl = "jdbc:sqlserver://hms-west.database.windows.net:1433;database=hms;encrypt=true;"
                                        "trustServerCertificate=false;loginTimeout=30;";

enum class StorageLink { kGeoReplication, kHeldByTheTest };

class SeedWorld {
 public:
  explicit SeedWorld(StorageLink link = StorageLink::kGeoReplication, std::uint64_t seed = 2026)
      : random_(seed),
        primary_(primary_config(), scheduler_, random_),
        secondary_(secondary_config(), scheduler_, random_),
        primary_api_(primary_),
        secondary_api_(secondary_),
        primary_async_(databricks::make_async_rest_api(primary_)),
        secondary_async_(databricks::make_async_rest_api(secondary_)) {
    // Storage: the RA-GRS account and its container, then the replication link.
    storage::AccountConfig account;
    account.name = kLakeAccount;
    account.key1 = kLakeKey;
    account.key2 = kLakeKey;
    account.primary_location = "eastus";
    account.secondary_location = "westus";
    lake_ = storage_.add_account(account).value();
    create_container("data");
    if (link == StorageLink::kGeoReplication) {
      storage_geo_ = &storage::enable_geo_replication(*lake_, scheduler_, random_);
    } else {
      auto held = std::make_unique<HeldReplication>(lake_->secondary_for_replication());
      held_ = held.get();
      lake_->set_replication_link(std::move(held));
    }

    // SQL: the metastore on hms-east, geo-replicated to hms-west (the logins exist on both).
    for (const auto& [name, region] : {std::pair{"hms-east", "eastus"}, std::pair{"hms-west", "westus"}}) {
      auto server = sql_.create_server({name, region, "sqladmin", "Adm1n!"});
      EXPECT_TRUE(server.ok());
      EXPECT_TRUE((*server)->add_login("hive", "h1ve").ok());
    }
    EXPECT_TRUE(sql_.server("hms-east")->create_database("hms").ok());
    sql::SqlClient admin_client(sql_, scheduler_);
    auto admin = admin_client.connect(kEastUrl, "sqladmin", "Adm1n!");
    EXPECT_TRUE(admin.ok());
    EXPECT_TRUE(sql::install_metastore_schema(*admin).ok());
    sql_geo_.emplace(sql_, scheduler_, random_);
    auto link_id = sql_geo_->create_link("hms-east", "hms", "hms-west");
    EXPECT_TRUE(link_id.ok());
    sql_link_ = *link_id;
    run_for(1min);  // seeding a small database

    // The workspaces, deployed alike by CI/CD but pointed at their own region's endpoints.
    for (databricks::Workspace* ws : {&primary_, &secondary_}) {
      ws->set_data_plane(&plane_);
      databricks::ClusterTimings timings;
      timings.start_s = Distribution::constant(300);
      ws->clusters().set_timings(timings);
      databricks::StatementTimings statements;
      statements.execution_s = Distribution::constant(2);
      ws->statements().set_timings(statements);
    }
    mount(primary_api_, "abfss://data@lake.dfs.core.windows.net/tables");
    mount(secondary_api_, "abfss://data@lake-secondary.dfs.core.windows.net/tables");
    primary_cluster_ = create_cluster(primary_api_, kEastUrl);
    secondary_cluster_ = create_cluster(secondary_api_, kWestUrl);
    // The passive cluster is defined but TERMINATED.
    EXPECT_EQ(secondary_api_.post("/api/2.1/clusters/delete", R"({"cluster_id":")" + secondary_cluster_ + R"("})").status,
              200);
    run_for(10min);
  }

  // Creates an etl cluster pointing at `jdbc_url`; extra Spark conf entries as JSON members (",\"k\":\"v\"").
  std::string create_cluster(databricks::testing::ApiTestClient& api, const std::string& jdbc_url,
                             const std::string& extra_conf = "") {
    const auto r = api.post(
        "/api/2.1/clusters/create",
        R"({"cluster_name":"etl","spark_version":"13.3.x-scala2.12","node_type_id":"Standard_DS3_v2","num_workers":2,)"
        R"("spark_conf":{"spark.hadoop.javax.jdo.option.ConnectionURL":")" +
            jdbc_url +
            R"(","spark.hadoop.javax.jdo.option.ConnectionUserName":"hive",)"
            R"("spark.hadoop.javax.jdo.option.ConnectionPassword":"h1ve",)"
            R"("spark.hadoop.javax.jdo.option.ConnectionDriverName":"com.microsoft.sqlserver.jdbc.SQLServerDriver",)"
            R"("spark.sql.hive.metastore.jars":"builtin","spark.sql.hive.metastore.version":"2.3.7",)"
            R"("fs.azure.account.key.lake.dfs.core.windows.net":")" +
            kLakeKey + "\"" + extra_conf + "}}");
    EXPECT_EQ(r.status, 200) << r.body;
    return databricks::Json::parse(r.body).value("cluster_id", "");
  }

  // Runs `sql` on `warehouse` through `front` (the Statement API, waiting up to 50 s per call) and
  // polls until it has finished; returns the final StatementResponse.
  databricks::Json statement(databricks::AsyncHandler& front, databricks::testing::ApiTestClient& api,
                             const std::string& warehouse, const std::string& sql) {
    http::Request request;
    request.method = http::Method::kPost;
    request.target = "/api/2.0/sql/statements";
    request.headers.add("Authorization", std::string("Bearer ") + databricks::testing::kToken);
    request.body = databricks::Json{{"warehouse_id", warehouse}, {"statement", sql}, {"wait_timeout", "50s"}}.dump();
    auto answer = std::make_shared<std::optional<http::Response>>();
    front(request, [answer](http::Response r) { *answer = std::move(r); });
    for (int i = 0; i < 60 && !answer->has_value(); ++i) run_for(10s);
    if (!answer->has_value()) {
      ADD_FAILURE() << "no answer to " << sql;
      return {};
    }
    databricks::Json body = databricks::Json::parse((*answer)->body, nullptr, false);
    const std::string id = body.value("statement_id", "");
    // Poll as the SDKs' ExecuteAndWait does, for at most an hour of simulated time.
    for (int i = 0; i < 360; ++i) {
      const std::string state = body["status"].value("state", "");
      if (state != "PENDING" && state != "RUNNING") return body;
      run_for(10s);
      body = databricks::Json::parse(api.get("/api/2.0/sql/statements/" + id).body, nullptr, false);
    }
    ADD_FAILURE() << "statement never finished: " << sql;
    return body;
  }
  databricks::Json on_primary(const std::string& sql) {
    return statement(primary_async_, primary_api_, primary_cluster_, sql);
  }
  databricks::Json on_secondary(const std::string& sql, const std::string& warehouse = "") {
    return statement(secondary_async_, secondary_api_, warehouse.empty() ? secondary_cluster_ : warehouse, sql);
  }

  void run_for(Duration d) {
    const Status s = scheduler_.run(RunBounds{.max_events = 10'000'000, .until = scheduler_.now() + d});
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  SimulatedScheduler& scheduler() { return scheduler_; }
  storage::Account& lake() { return *lake_; }
  storage::GeoReplication* storage_geo() { return storage_geo_; }
  HeldReplication* held() { return held_; }
  sql::SqlService& sql() { return sql_; }
  sql::GeoReplication& sql_geo() { return *sql_geo_; }
  const std::string& sql_link() const { return sql_link_; }
  lakehouse::LakehouseDataPlane& plane() { return plane_; }
  databricks::Workspace& primary() { return primary_; }
  databricks::Workspace& secondary() { return secondary_; }
  databricks::testing::ApiTestClient& secondary_api() { return secondary_api_; }
  const std::string& primary_cluster() const { return primary_cluster_; }
  const std::string& secondary_cluster() const { return secondary_cluster_; }

 private:
  static databricks::WorkspaceConfig primary_config() { return {}; }
  static databricks::WorkspaceConfig secondary_config() {
    databricks::WorkspaceConfig c;
    c.name = "secondary";
    c.region = "westus";
    c.host = "adb-2000000000000002.2.azuredatabricks.net";
    c.workspace_id = 2000000000000002;
    c.first_object_id = 5000;
    return c;
  }

  void create_container(const std::string& name) {
    http::Request r;
    r.method = http::Method::kPut;
    r.target = "/" + name + "?restype=container";
    r.headers.add("Host", "lake.blob.core.windows.net");
    r.headers.add("x-ms-version", "2025-11-05");
    r.headers.add("x-ms-date", format_rfc1123(scheduler_.now()));
    r.headers.add("Content-Length", "0");
    storage::sign_shared_key(r, kLakeAccount, lake_->signing_keys()[0]);
    ASSERT_EQ(blob_.handle(r).status, 201);
  }

  static void mount(databricks::testing::ApiTestClient& api, const std::string& source) {
    EXPECT_EQ(api.post("/api/2.0/drdrill/mounts/create", R"({"mount_point":"/mnt/raw","source":")" + source + R"("})")
                  .status,
              200);
  }

  SimulatedScheduler scheduler_;
  Random random_;
  storage::StorageState storage_;
  storage::BlobService blob_{storage_, scheduler_};
  storage::Account* lake_ = nullptr;
  storage::GeoReplication* storage_geo_ = nullptr;
  HeldReplication* held_ = nullptr;
  sql::SqlService sql_{scheduler_};
  std::optional<sql::GeoReplication> sql_geo_;
  std::string sql_link_;
  lakehouse::LakehouseDataPlane plane_{[this](const http::Request& r) { return blob_.handle(r); }, sql_, scheduler_};
  databricks::Workspace primary_;
  databricks::Workspace secondary_;
  databricks::testing::ApiTestClient primary_api_;
  databricks::testing::ApiTestClient secondary_api_;
  databricks::AsyncHandler primary_async_;
  databricks::AsyncHandler secondary_async_;
  std::string primary_cluster_;
  std::string secondary_cluster_;
};

}  // namespace drdrill::testing
