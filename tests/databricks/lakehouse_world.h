#pragma once
// Test helper: one workspace whose clusters reach a real metastore (the SQL fake, Hive 2.3 schema on
// "hms-east") and real storage (the "lake" account of LakeStorage) through a LakehouseDataPlane, on
// a simulated scheduler.

#include <gtest/gtest.h>

#include <string>

#include "api_test_client.h"
#include "core/random.h"
#include "core/simulated_scheduler.h"
#include "databricks/workspace.h"
#include "lake_storage.h"
#include "lakehouse/lakehouse_data_plane.h"
#include "sql/metastore_schema.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"

namespace drdrill::testing {

inline constexpr const char* kHmsUrl = "jdbc:sqlserver://hms-east.database.windows.net:1433;database=hms;encrypt=true;";

// Spark conf JSON of a cluster using the metastore and the lake account, as the seed configures it.
inline std::string lake_spark_conf(const std::string& jdbc_url = kHmsUrl) {
  return std::string(R"({"spark.hadoop.javax.jdo.option.ConnectionURL":")") + jdbc_url +
         R"(","spark.hadoop.javax.jdo.option.ConnectionUserName":"hive",)"
         R"("spark.hadoop.javax.jdo.option.ConnectionPassword":"h1ve",)"
         R"("spark.hadoop.javax.jdo.option.ConnectionDriverName":"com.microsoft.sqlserver.jdbc.SQLServerDriver",)"
         R"("spark.sql.hive.metastore.version":"2.3.7","spark.sql.hive.metastore.jars":"builtin",)"
         R"("fs.azure.account.key.lake.dfs.core.windows.net":")" +
         std::string(kLakeKey) + R"("})";
}

class LakehouseWorld {
 public:
  explicit LakehouseWorld(std::uint64_t seed = 11)
      : random_(seed), workspace_(databricks::WorkspaceConfig{}, scheduler_, random_), api_(workspace_) {
    auto server = sql_.create_server({"hms-east", "eastus", "sqladmin", "Adm1n!"});
    EXPECT_TRUE(server.ok());
    EXPECT_TRUE((*server)->add_login("hive", "h1ve").ok());
    EXPECT_TRUE((*server)->create_database("hms").ok());
    sql::SqlClient admin_client(sql_, scheduler_);
    auto admin = admin_client.connect(kHmsUrl, "sqladmin", "Adm1n!");
    EXPECT_TRUE(admin.ok());
    EXPECT_TRUE(sql::install_metastore_schema(*admin).ok());
    workspace_.set_data_plane(&plane_);
    databricks::ClusterTimings timings;
    timings.start_s = Distribution::constant(300);
    workspace_.clusters().set_timings(timings);
  }

  // Creates a cluster with the lake Spark conf and returns its id (PENDING; RUNNING after 300 s).
  std::string create_cluster() {
    const auto response = api_.post("/api/2.1/clusters/create",
                                    R"({"cluster_name":"sql","spark_version":"13.3.x-scala2.12",)"
                                    R"("node_type_id":"Standard_DS3_v2","num_workers":1,"spark_conf":)" +
                                        lake_spark_conf() + "}");
    EXPECT_EQ(response.status, 200) << response.body;
    return databricks::Json::parse(response.body).value("cluster_id", "");
  }

  void run_for(Duration d) {
    const Status s = scheduler_.run(RunBounds{.max_events = 1000000, .until = scheduler_.now() + d});
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  SimulatedScheduler& scheduler() { return scheduler_; }
  databricks::Workspace& workspace() { return workspace_; }
  databricks::testing::ApiTestClient& api() { return api_; }
  lakehouse::LakehouseDataPlane& plane() { return plane_; }
  LakeStorage& lake() { return lake_; }
  sql::SqlService& sql() { return sql_; }

 private:
  SimulatedScheduler scheduler_;
  Random random_;
  LakeStorage lake_{scheduler_};
  sql::SqlService sql_{scheduler_};
  lakehouse::LakehouseDataPlane plane_{lake_.handler(), sql_, scheduler_};
  databricks::Workspace workspace_;
  databricks::testing::ApiTestClient api_;
};

}  // namespace drdrill::testing
