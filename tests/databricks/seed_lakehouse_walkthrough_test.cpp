// The seed's walkthrough end to end, with real data: the primary workspace creates and fills a Delta
// table (metastore on the primary SQL server, data on primary storage); once replication has caught
// up, the passive workspace — its cluster's Spark conf pointing at the secondary SQL server and its
// mount at the -secondary endpoint — reads the table through the SQL Statement API; a schema change
// from it fails with the read-only metastore's 3906, an insert with storage's 403. And what an
// unfinished replication leaves behind (a metastore row whose log or data files have not arrived)
// is reported as the countable error it is.

#include <gtest/gtest.h>

#include <algorithm>

#include "seed_world.h"
#include "sql/metastore_client.h"

namespace drdrill::databricks {
namespace {

using ::drdrill::testing::SeedWorld;
using ::drdrill::testing::StorageLink;
using lakehouse::DataErrorKind;

std::string state_of(const Json& response) { return response["status"].value("state", ""); }
std::string message_of(const Json& response) {
  return response["status"].contains("error") ? response["status"]["error"].value("message", "") : "";
}

void fill_sales_on_the_primary(SeedWorld& world) {
  ASSERT_EQ(state_of(world.on_primary("CREATE TABLE sales (id BIGINT, name STRING, amount DOUBLE) USING DELTA "
                                      "LOCATION '/mnt/raw/sales'")),
            "SUCCEEDED");
  ASSERT_EQ(state_of(world.on_primary("INSERT INTO sales VALUES (1, 'ann', 10.0), (2, 'bob', 20.5)")), "SUCCEEDED");
  ASSERT_EQ(state_of(world.on_primary("INSERT INTO sales VALUES (3, 'cy', 7.25)")), "SUCCEEDED");
}

TEST(SeedLakehouseWalkthrough, TheSecondaryReadsTheReplicatedTableAndIsRefusedSchemaChangesAndWrites) {
  SeedWorld world(StorageLink::kGeoReplication);
  fill_sales_on_the_primary(world);
  const Json on_primary = world.on_primary("SELECT * FROM sales");
  ASSERT_EQ(state_of(on_primary), "SUCCEEDED");
  EXPECT_EQ(on_primary["result"]["row_count"], 3);

  // Replication: storage lag is minutes (median 2 min), SQL seconds. Two hours is past both.
  world.run_for(2h);
  EXPECT_EQ(world.storage_geo()->in_flight(), 0u);
  EXPECT_EQ(world.sql_geo().link(world.sql_link())->commits_in_flight, 0u);

  // The passive workspace reads the table: its cluster starts on demand and goes to hms-west and
  // lake-secondary, exactly as its Spark conf and mount say.
  const Json read = world.on_secondary("SELECT * FROM sales");
  ASSERT_EQ(state_of(read), "SUCCEEDED") << read.dump();
  EXPECT_EQ(read["result"]["data_array"], on_primary["result"]["data_array"]);
  const Cluster* passive = world.secondary().clusters().find(world.secondary_cluster());
  ASSERT_EQ(passive->state, ClusterState::kRunning);
  EXPECT_NE(passive->data_config->metastore->jdbc_url.find("hms-west"), std::string::npos);
  EXPECT_TRUE(passive->data_config->mounts.find("/mnt/raw")->source.secondary);
  EXPECT_EQ(world.on_secondary("SELECT count(*) FROM sales")["result"]["data_array"].dump(), R"([["3"]])");
  EXPECT_EQ(world.on_secondary("SHOW TABLES")["result"]["data_array"].dump(), R"([["default","sales","false"]])");

  // "What happens if we try to change the schema of the table from the secondary workspace?"
  const Json alter = world.on_secondary("ALTER TABLE sales ADD COLUMNS (region STRING)");
  EXPECT_EQ(state_of(alter), "FAILED");
  EXPECT_EQ(alter["status"]["error"]["error_code"], "INTERNAL_ERROR");
  EXPECT_NE(message_of(alter).find("Msg 3906"), std::string::npos) << message_of(alter);
  EXPECT_NE(message_of(alter).find("Failed to update database \"hms\" because the database is read-only."),
            std::string::npos);
  EXPECT_EQ(world.plane().failures(DataErrorKind::kMetastoreReadOnly), 1u);

  // And writing data through the read-only replica of the storage account.
  const Json insert = world.on_secondary("INSERT INTO sales VALUES (4, 'dan', 1.0)");
  EXPECT_EQ(state_of(insert), "FAILED");
  EXPECT_EQ(insert["status"]["error"]["error_code"], "IO_ERROR");
  EXPECT_NE(message_of(insert).find("\"Write operations are not allowed.\", 403, PUT, "
                                    "https://lake-secondary.dfs.core.windows.net/data/tables/sales/part-00000-"),
            std::string::npos)
      << message_of(insert);
  EXPECT_EQ(world.plane().failures(DataErrorKind::kStorageWriteRefused), 1u);

  // Neither store changed: the primary still has three rows and the original schema.
  EXPECT_EQ(world.on_primary("SELECT count(*) FROM sales")["result"]["data_array"].dump(), R"([["3"]])");
  EXPECT_EQ(world.on_primary("DESCRIBE TABLE sales")["result"]["row_count"], 3);
  for (const auto& entry : world.plane().ledger().entries()) EXPECT_EQ(entry.workspace, "primary");
}

TEST(SeedLakehouseWalkthrough, EveryAcknowledgedWriteCanBeJoinedWithTheReplicationLedgers) {
  SeedWorld world(StorageLink::kGeoReplication);
  fill_sales_on_the_primary(world);
  world.run_for(2h);
  const auto& entries = world.plane().ledger().entries();
  ASSERT_EQ(entries.size(), 3u);  // CREATE TABLE, two INSERTs
  const auto& storage_ledger = world.storage_geo()->ledger();
  const std::uint64_t replicated_sql = world.sql().database("hms-west", "hms")->sequence();
  for (const auto& entry : entries) {
    for (const UnderlyingWrite& w : entry.write.underlying) {
      if (w.store == "storage:lake") {
        const auto record = std::find_if(storage_ledger.begin(), storage_ledger.end(), [&](const auto& r) {
          return r.kind == "PutBlob" && r.target == w.target;
        });
        ASSERT_NE(record, storage_ledger.end()) << w.target;
        EXPECT_EQ(record->acknowledged, w.acknowledged_at);
        ASSERT_TRUE(record->arrived.has_value());
        EXPECT_GE(*record->arrived, entry.write.acknowledged_at);
      } else {
        EXPECT_EQ(w.store, "sql:hms-east/hms");
        EXPECT_GT(w.sequence, 0u);
        EXPECT_LE(w.sequence, replicated_sql);  // on the secondary by now
      }
    }
  }
  EXPECT_EQ(world.plane().ledger().rows_acknowledged("default.sales"), 3);
}

TEST(SeedLakehouseWalkthrough, AMetastoreRowWhoseFilesHaveNotArrivedIsReportedAsTheCountableMissingFileError) {
  SeedWorld world(StorageLink::kHeldByTheTest);
  fill_sales_on_the_primary(world);
  world.run_for(1min);  // the metastore replicates within seconds; storage is held
  ASSERT_EQ(world.sql_geo().link(world.sql_link())->commits_in_flight, 0u);

  // Nothing of the table's storage has arrived: the metastore names a location with no log.
  const Json no_log = world.on_secondary("SELECT count(*) FROM sales");
  EXPECT_EQ(state_of(no_log), "FAILED");
  EXPECT_EQ(no_log["status"]["sql_state"], "42K03");
  EXPECT_NE(message_of(no_log).find("[DELTA_PATH_DOES_NOT_EXIST]"), std::string::npos) << message_of(no_log);
  EXPECT_EQ(world.plane().failures(DataErrorKind::kMissingTransactionLog), 1u);

  // The log arrives, the data files do not: the log names files storage does not have.
  world.held()->deliver_if([](const std::string& target) { return target.find("/_delta_log/") != std::string::npos; });
  const Json missing = world.on_secondary("SELECT * FROM sales");
  EXPECT_EQ(state_of(missing), "FAILED");
  EXPECT_EQ(missing["status"]["error"]["error_code"], "IO_ERROR");
  EXPECT_NE(message_of(missing).find("[DELTA_FILE_NOT_FOUND_DETAILED] File "
                                     "https://lake-secondary.dfs.core.windows.net/data/tables/sales/part-00000-"),
            std::string::npos)
      << message_of(missing);
  EXPECT_NE(message_of(missing).find("(and 1 more)"), std::string::npos);
  EXPECT_EQ(world.plane().failures(DataErrorKind::kMissingDataFile), 1u);

  // A cluster reading in latest-complete mode reads the newest version whose files all exist (the
  // empty table at version 0) and the plane counts the files it went around.
  const std::string lenient =
      world.create_cluster(world.secondary_api(), ::drdrill::testing::kWestUrl, R"(,"spark.drdrill.delta.readMode":"latest-complete")");
  const Json fallback = world.on_secondary("SELECT count(*) FROM sales", lenient);
  ASSERT_EQ(state_of(fallback), "SUCCEEDED") << fallback.dump();
  EXPECT_EQ(fallback["result"]["data_array"].dump(), R"([["0"]])");
  EXPECT_EQ(world.plane().record().skipped.at("delta.missing_data_file"), 2u);

  // Once everything has arrived, both read the three rows.
  world.held()->deliver_all();
  EXPECT_EQ(world.on_secondary("SELECT count(*) FROM sales")["result"]["data_array"].dump(), R"([["3"]])");
  EXPECT_EQ(world.on_secondary("SELECT count(*) FROM sales", lenient)["result"]["data_array"].dump(), R"([["3"]])");
}

TEST(SeedLakehouseWalkthrough, FailingOverOnlyTheMetastoreMakesStatementsWaitThenLeavesStorageRefusingTheSchemaChange) {
  SeedWorld world(StorageLink::kGeoReplication);
  fill_sales_on_the_primary(world);
  world.run_for(2h);
  ASSERT_EQ(state_of(world.on_secondary("SELECT count(*) FROM sales")), "SUCCEEDED");  // the passive cluster is up

  // A runbook promotes the SQL secondary first (forced failover: both databases offline meanwhile).
  auto operation = world.sql_geo().force_failover(world.sql_link());
  ASSERT_TRUE(operation.ok()) << operation.status().to_string();
  const Json during = world.on_secondary("SELECT count(*) FROM sales");
  EXPECT_EQ(state_of(during), "FAILED");
  EXPECT_EQ(during["status"]["error"]["error_code"], "TEMPORARILY_UNAVAILABLE");
  EXPECT_NE(message_of(during).find("40613"), std::string::npos) << message_of(during);
  EXPECT_EQ(world.plane().failures(DataErrorKind::kMetastoreUnavailable), 1u);

  // Once hms-west is the primary the metastore takes the change, but storage has not failed over:
  // the Delta commit through -secondary is refused, and the metastore change is undone.
  world.run_for(5min);
  ASSERT_EQ(world.sql_geo().operation(*operation)->state, sql::OperationState::kSucceeded);
  const Json alter = world.on_secondary("ALTER TABLE sales ADD COLUMNS (region STRING)");
  EXPECT_EQ(state_of(alter), "FAILED");
  EXPECT_EQ(alter["status"]["error"]["error_code"], "IO_ERROR");
  EXPECT_NE(message_of(alter).find("Write operations are not allowed."), std::string::npos) << message_of(alter);
  sql::SqlClient client(world.sql(), world.scheduler());
  auto hms = sql::MetastoreClient::for_jdbc_url(client, ::drdrill::testing::kWestUrl, "hive", "h1ve", world.scheduler());
  ASSERT_TRUE(hms.ok());
  EXPECT_EQ(hms->get_table("default", "sales")->sd.cols.size(), 3u);
}

}  // namespace
}  // namespace drdrill::databricks
