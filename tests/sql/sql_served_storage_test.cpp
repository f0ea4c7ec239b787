// Served mode: databases are WAL files under a storage directory and survive a restart.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/clock.h"
#include "core/random.h"
#include "core/simulated_scheduler.h"
#include "sql/geo_replication.h"
#include "sql/metastore_client.h"
#include "sql/metastore_schema.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"

namespace drdrill::sql {
namespace {

constexpr const char* kUrl = "jdbc:sqlserver://hms-weu.database.windows.net;database=hms";

class ServedStorage : public ::testing::Test {
 protected:
  void SetUp() override {
    // One directory per test: ctest runs the tests of this file in parallel processes.
    dir_ = std::filesystem::path(::testing::TempDir()) /
           (std::string("drdrill_sql_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ServedStorage, MetastoreSurvivesARestartOfTheService) {
  ManualClock clock;
  {
    SqlService service(clock, dir_);
    auto server = service.create_server({"hms-weu", "westeurope", "hive", "h1ve"});
    ASSERT_TRUE(server.ok());
    ASSERT_TRUE((*server)->create_database("hms").ok());
    SqlClient client(service, clock);
    auto admin = client.connect(kUrl, "hive", "h1ve");
    ASSERT_TRUE(install_metastore_schema(*admin).ok());
    auto hms = MetastoreClient::for_jdbc_url(client, kUrl, "hive", "h1ve", clock);
    ASSERT_TRUE(hms->ensure_default_database().ok());
    HiveTable t;
    t.db_name = "default";
    t.table_name = "sales";
    t.sd.cols = {{"id", "bigint", ""}};
    t.sd.location = "abfss://data@lake.dfs.core.windows.net/sales";
    ASSERT_TRUE(hms->create_table(t).ok());
  }
  EXPECT_TRUE(std::filesystem::exists(dir_ / "hms-weu" / "hms.db"));

  // `drdrill serve` starts again over the same directory: the same server and database names
  // open the files that are there.
  SqlService service(clock, dir_);
  auto server = service.create_server({"hms-weu", "westeurope", "hive", "h1ve"});
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE((*server)->create_database("hms").ok());
  SqlClient client(service, clock);
  auto hms = MetastoreClient::for_jdbc_url(client, kUrl, "hive", "h1ve", clock);
  EXPECT_EQ(*hms->schema_version(), "2.3.0");
  EXPECT_EQ(*hms->get_table_location("default", "sales"), "abfss://data@lake.dfs.core.windows.net/sales");
}

TEST_F(ServedStorage, FileBackedDatabasesGeoReplicate) {
  SimulatedScheduler scheduler;
  SqlService service(scheduler, dir_);
  GeoReplication geo(service, scheduler, Random(3));
  ASSERT_TRUE(service.create_server({"hms-weu", "westeurope", "hive", "h1ve"}).ok());
  auto neu = service.create_server({"hms-neu", "northeurope", "hive", "h1ve"});
  ASSERT_TRUE(neu.ok());
  ASSERT_TRUE(service.server("hms-weu")->create_database("hms").ok());
  SqlClient client(service, scheduler);
  auto admin = client.connect(kUrl, "hive", "h1ve");
  ASSERT_TRUE(install_metastore_schema(*admin).ok());
  auto link = geo.create_link("hms-weu", "hms", "hms-neu");
  ASSERT_TRUE(link.ok()) << link.status().to_string();
  ASSERT_TRUE(scheduler.run_for(std::chrono::minutes(1)).ok());
  auto hms = MetastoreClient::for_jdbc_url(client, kUrl, "hive", "h1ve", scheduler);
  ASSERT_TRUE(hms->ensure_default_database().ok());
  ASSERT_TRUE(scheduler.run_for(std::chrono::minutes(1)).ok());
  EXPECT_TRUE(std::filesystem::exists(dir_ / "hms-neu" / "hms.db"));
  auto replica = MetastoreClient::for_jdbc_url(client, "jdbc:sqlserver://hms-neu.database.windows.net;database=hms",
                                               "hive", "h1ve", scheduler);
  EXPECT_EQ(replica->get_all_databases().value(), (std::vector<std::string>{"default"}));
}

TEST_F(ServedStorage, DroppingADatabaseRemovesItsFiles) {
  ManualClock clock;
  SqlService service(clock, dir_);
  auto server = service.create_server({"hms-weu", "westeurope", "hive", "h1ve"});
  auto db = (*server)->create_database("scratch");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->execute({"CREATE TABLE T (A INTEGER PRIMARY KEY)", {}}).ok());
  ASSERT_TRUE((*server)->drop_database("scratch").ok());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "hms-weu" / "scratch.db"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "hms-weu" / "scratch.db-wal"));
}

}  // namespace
}  // namespace drdrill::sql
