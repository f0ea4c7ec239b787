#include "sql/metastore_client.h"

#include <gtest/gtest.h>

#include "metastore_fixture.h"

namespace drdrill::sql {
namespace {

using Metastore = testing::MetastoreFixture;

std::int64_t epoch_s(TimePoint t) { return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count(); }

TEST_F(Metastore, EnsureDefaultDatabaseCreatesItOnceAtTheWarehouseRoot) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().ensure_default_database().ok());
  auto db = hms().get_database("DEFAULT");
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  EXPECT_EQ(db->name, "default");
  EXPECT_EQ(db->location_uri, "dbfs:/user/hive/warehouse");
  EXPECT_EQ(count("DBS"), 1);
}

TEST_F(Metastore, CreatedDatabaseRoundTrips) {
  HiveDatabase in{"Finance", "money", "", {{"owner-team", "fin"}}, "alice", "USER"};
  ASSERT_TRUE(hms().create_database(in).ok());
  auto out = hms().get_database("finance");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->name, "finance");
  EXPECT_EQ(out->description, "money");
  EXPECT_EQ(out->location_uri, "dbfs:/user/hive/warehouse/finance.db");
  EXPECT_EQ(out->parameters, (Parameters{{"owner-team", "fin"}}));
  EXPECT_EQ(out->owner_name, "alice");
  EXPECT_EQ(*hms().get_all_databases(), (std::vector<std::string>{"finance"}));
}

TEST_F(Metastore, DatabaseErrorsUseHiveExceptionKinds) {
  ASSERT_TRUE(hms().create_database({"finance", "", "", {}, "", "USER"}).ok());
  auto twice = hms().create_database({"finance", "", "", {}, "", "USER"});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().kind, MetastoreError::Kind::kAlreadyExists);
  EXPECT_EQ(twice.error().to_string(), "AlreadyExistsException(message:Database finance already exists)");

  auto bad = hms().create_database({"fin-ance", "", "", {}, "", "USER"});
  EXPECT_EQ(bad.error().kind, MetastoreError::Kind::kInvalidObject);

  auto missing = hms().get_database("nope");
  EXPECT_EQ(missing.error().kind, MetastoreError::Kind::kNoSuchObject);
  EXPECT_EQ(missing.error().message, "There is no database named nope");
}

TEST_F(Metastore, AlterDatabaseReplacesParametersAndLocation) {
  ASSERT_TRUE(hms().create_database({"finance", "", "", {{"a", "1"}}, "", "USER"}).ok());
  ASSERT_TRUE(hms().alter_database("finance", {"finance", "d", "abfss://x@y.dfs.core.windows.net/fin", {{"b", "2"}}, "bob", "USER"}).ok());
  auto db = hms().get_database("finance");
  EXPECT_EQ(db->parameters, (Parameters{{"b", "2"}}));
  EXPECT_EQ(db->location_uri, "abfss://x@y.dfs.core.windows.net/fin");
  EXPECT_EQ(db->owner_name, "bob");
}

TEST_F(Metastore, CreatedTableRoundTripsWithColumnOrderAndParameters) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  auto t = hms().get_table("default", "SALES");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  EXPECT_EQ(t->table_name, "sales");
  EXPECT_EQ(t->db_name, "default");
  EXPECT_EQ(t->table_type, "EXTERNAL_TABLE");
  EXPECT_EQ(t->owner, "etl");
  EXPECT_EQ(t->create_time, epoch_s(clock_.now()));
  EXPECT_EQ(t->sd.cols, sales_table().sd.cols);  // order, types and comments kept
  EXPECT_EQ(t->partition_keys, sales_table().partition_keys);
  EXPECT_EQ(t->sd.location, "abfss://data@lake.dfs.core.windows.net/sales");
  EXPECT_EQ(t->sd.serde_info, sales_table().sd.serde_info);
  EXPECT_EQ(t->sd.input_format, sales_table().sd.input_format);
  EXPECT_EQ(t->parameters.at("EXTERNAL"), "TRUE");
  EXPECT_EQ(t->parameters.at("transient_lastDdlTime"), std::to_string(epoch_s(clock_.now())));
  EXPECT_EQ(*hms().get_table_location("default", "sales"), "abfss://data@lake.dfs.core.windows.net/sales");
  EXPECT_EQ(*hms().get_tables("default"), (std::vector<std::string>{"sales"}));
}

TEST_F(Metastore, GetTableReturnsEveryPartItStored) {
  ASSERT_TRUE(hms().create_database({"finance", "", "", {}, "", "USER"}).ok());
  HiveTable in = sales_table();
  in.db_name = "Finance";
  in.last_access_time = 17;
  in.retention = 3;
  in.sd.compressed = true;
  in.sd.num_buckets = 4;
  in.sd.stored_as_sub_directories = true;
  in.sd.serde_info.name = "serde-name";
  in.sd.serde_info.parameters = {{"serialization.format", "1"}, {"field.delim", ","}};
  in.sd.parameters = {{"sd-a", "1"}, {"sd-b", ""}};
  in.view_original_text = "SELECT 1";
  in.view_expanded_text = "SELECT 1 AS x";
  in.rewrite_enabled = true;
  ASSERT_TRUE(hms().create_table(in).ok());
  // A second table with parameters of its own, which must not leak into the first.
  HiveTable other = sales_table();
  other.db_name = "finance";
  other.table_name = "other";
  other.sd.cols = {{"z", "int", ""}};
  other.partition_keys = {};
  other.parameters = {{"only", "other"}};
  ASSERT_TRUE(hms().create_table(other).ok());

  auto out = hms().get_table("FINANCE", "sales");
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  HiveTable expected = in;
  expected.db_name = "finance";
  expected.table_name = "sales";
  expected.create_time = epoch_s(clock_.now());
  expected.parameters["transient_lastDdlTime"] = std::to_string(epoch_s(clock_.now()));
  expected.sd.parameters["sd-b"] = "";  // stored as NULL, read back as empty
  EXPECT_EQ(*out, expected);

  auto second = hms().get_table("finance", "other");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->sd.cols, other.sd.cols);
  EXPECT_TRUE(second->partition_keys.empty());
  EXPECT_EQ(second->parameters.count("EXTERNAL"), 0u);
  EXPECT_EQ(second->parameters.at("only"), "other");
}

TEST_F(Metastore, GetTableNamesAMissingStorageDescriptor) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  // Behind the metastore's back (the keys would refuse it otherwise).
  ASSERT_TRUE(database().storage().exec_script("PRAGMA foreign_keys = OFF; DELETE FROM SDS; PRAGMA foreign_keys = ON").ok());
  auto t = hms().get_table("default", "sales");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, MetastoreError::Kind::kMeta);
  EXPECT_EQ(t.error().message, "storage descriptor 1 is missing");
}

TEST_F(Metastore, GetTableGoesToTheDatabaseEveryTimeAndFailsWhileReadsFail) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  ASSERT_TRUE(hms().get_table("default", "sales").ok());
  FaultRule rule;
  rule.server = "hms-weu";
  rule.operation = SqlOperation::kRead;
  rule.error = SqlError::database_unavailable("hms", "hms-weu");
  const FaultId id = service_.inject_fault(rule);
  auto failed = hms().get_table("default", "sales");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().sql_number(), 40613);
  EXPECT_TRUE(service_.remove_fault(id));
  EXPECT_TRUE(hms().get_table("default", "sales").ok());
}

TEST_F(Metastore, ManagedTableWithoutLocationLivesUnderItsDatabase) {
  ASSERT_TRUE(hms().create_database({"finance", "", "", {}, "", "USER"}).ok());
  HiveTable t = sales_table();
  t.db_name = "finance";
  t.table_type = kManagedTable;
  t.sd.location.clear();
  ASSERT_TRUE(hms().create_table(t).ok());
  EXPECT_EQ(*hms().get_table_location("finance", "sales"), "dbfs:/user/hive/warehouse/finance.db/sales");
}

TEST_F(Metastore, TableErrorsUseHiveExceptionKinds) {
  auto no_db = hms().create_table(sales_table());
  ASSERT_FALSE(no_db.ok());
  EXPECT_EQ(no_db.error().kind, MetastoreError::Kind::kNoSuchObject);
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  EXPECT_EQ(hms().create_table(sales_table()).error().kind, MetastoreError::Kind::kAlreadyExists);
  auto missing = hms().get_table("default", "nope");
  EXPECT_EQ(missing.error().to_string(), "NoSuchObjectException(message:default.nope table not found)");
  HiveTable clash = sales_table();
  clash.table_name = "clash";
  clash.partition_keys = {{"amount", "int", ""}};
  EXPECT_EQ(hms().create_table(clash).error().kind, MetastoreError::Kind::kInvalidObject);
}

TEST_F(Metastore, AlterTableRenamesAndReplacesColumnsDroppingTheUnusedDescriptor) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  EXPECT_EQ(count("CDS"), 1);
  HiveTable changed = *hms().get_table("default", "sales");
  changed.table_name = "orders";
  changed.sd.cols.push_back({"channel", "string", "added"});
  changed.sd.location = "abfss://data@lake.dfs.core.windows.net/orders";
  changed.parameters["comment"] = "renamed";
  changed.parameters.erase("transient_lastDdlTime");
  clock_.advance(60s);
  ASSERT_TRUE(hms().alter_table("default", "sales", changed).ok());

  EXPECT_EQ(hms().get_table("default", "sales").error().kind, MetastoreError::Kind::kNoSuchObject);
  auto t = hms().get_table("default", "orders");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->sd.cols.size(), 4u);
  EXPECT_EQ(t->sd.cols[3].name, "channel");
  EXPECT_EQ(t->sd.location, "abfss://data@lake.dfs.core.windows.net/orders");
  EXPECT_EQ(t->parameters.at("comment"), "renamed");
  EXPECT_EQ(t->parameters.at("transient_lastDdlTime"), std::to_string(epoch_s(clock_.now())));
  EXPECT_EQ(count("CDS"), 1);  // the old descriptor had no other user
  EXPECT_EQ(count("COLUMNS_V2"), 4);
}

TEST_F(Metastore, AlterTableRefusesNewPartitionKeysAndMissingTables) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  HiveTable changed = sales_table();
  changed.partition_keys.pop_back();
  auto r = hms().alter_table("default", "sales", changed);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, MetastoreError::Kind::kInvalidOperation);
  EXPECT_EQ(hms().alter_table("default", "nope", sales_table()).error().kind, MetastoreError::Kind::kInvalidOperation);
}

TEST_F(Metastore, PartitionsListInNameOrderWithDefaultLocationsAndSharedColumns) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  HivePartition p2{{"2026-01-02", "DE"}, "default", "sales", 0, 0, {}, {}};
  HivePartition p1{{"2026-01-01", "FR/BE"}, "default", "sales", 0, 0, {}, {{"numFiles", "3"}}};
  ASSERT_TRUE(hms().add_partitions({p2, p1}).ok());

  auto names = hms().list_partition_names("default", "sales");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"ds=2026-01-01/country=FR%2FBE", "ds=2026-01-02/country=DE"}));
  auto parts = hms().list_partitions("default", "sales");
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].values, (std::vector<std::string>{"2026-01-01", "FR/BE"}));
  EXPECT_EQ((*parts)[0].sd.location, "abfss://data@lake.dfs.core.windows.net/sales/ds=2026-01-01/country=FR%2FBE");
  EXPECT_EQ((*parts)[0].sd.cols, sales_table().sd.cols);
  EXPECT_EQ((*parts)[0].sd.serde_info.serialization_lib, sales_table().sd.serde_info.serialization_lib);
  EXPECT_EQ((*parts)[0].parameters.at("numFiles"), "3");
  EXPECT_EQ(count("CDS"), 1);  // partitions share the table's column descriptor
  EXPECT_EQ(hms().list_partitions("default", "sales", 1)->size(), 1u);

  auto one = hms().get_partition("default", "sales", {"2026-01-02", "DE"});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->sd.location, "abfss://data@lake.dfs.core.windows.net/sales/ds=2026-01-02/country=DE");
}

TEST_F(Metastore, PartitionErrorsLeaveNothingBehind) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  HivePartition p{{"2026-01-01", "DE"}, "default", "sales", 0, 0, {}, {}};
  ASSERT_TRUE(hms().add_partition(p).ok());
  const auto sds = count("SDS");
  // A batch whose second partition already exists adds neither.
  HivePartition fresh{{"2026-01-03", "DE"}, "default", "sales", 0, 0, {}, {}};
  auto dup = hms().add_partitions({fresh, p});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, MetastoreError::Kind::kAlreadyExists);
  EXPECT_EQ(count("PARTITIONS"), 1);
  EXPECT_EQ(count("SDS"), sds);

  HivePartition short_values{{"2026-01-04"}, "default", "sales", 0, 0, {}, {}};
  EXPECT_EQ(hms().add_partition(short_values).error().kind, MetastoreError::Kind::kMeta);
  HivePartition no_table{{"x"}, "default", "nope", 0, 0, {}, {}};
  EXPECT_EQ(hms().add_partition(no_table).error().kind, MetastoreError::Kind::kInvalidObject);
  EXPECT_EQ(hms().get_partition("default", "sales", {"2026-01-09", "DE"}).error().kind,
            MetastoreError::Kind::kNoSuchObject);
}

TEST_F(Metastore, DropPartitionAndDropTableRemoveEveryRowTheyOwned) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  const auto before_sds = count("SDS");
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  ASSERT_TRUE(hms().add_partition({{"2026-01-01", "DE"}, "default", "sales", 0, 0, {}, {}}).ok());
  ASSERT_TRUE(hms().add_partition({{"2026-01-02", "DE"}, "default", "sales", 0, 0, {}, {}}).ok());
  ASSERT_TRUE(hms().drop_partition("default", "sales", {"2026-01-01", "DE"}).ok());
  EXPECT_EQ(*hms().list_partition_names("default", "sales"), (std::vector<std::string>{"ds=2026-01-02/country=DE"}));

  ASSERT_TRUE(hms().drop_table("default", "sales").ok());
  for (const char* table : {"TBLS", "PARTITIONS", "PARTITION_KEY_VALS", "PARTITION_PARAMS", "PARTITION_KEYS",
                            "TABLE_PARAMS", "COLUMNS_V2", "CDS", "SERDES", "SERDE_PARAMS", "SD_PARAMS"}) {
    EXPECT_EQ(count(table), 0) << table;
  }
  EXPECT_EQ(count("SDS"), before_sds);
  EXPECT_EQ(hms().drop_table("default", "sales").error().kind, MetastoreError::Kind::kNoSuchObject);
}

TEST_F(Metastore, DropDatabaseNeedsCascadeWhenTablesExistAndNeverDropsDefault) {
  ASSERT_TRUE(hms().create_database({"finance", "", "", {}, "", "USER"}).ok());
  HiveTable t = sales_table();
  t.db_name = "finance";
  ASSERT_TRUE(hms().create_table(t).ok());
  auto refused = hms().drop_database("finance", /*cascade=*/false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, MetastoreError::Kind::kInvalidOperation);
  EXPECT_EQ(refused.error().message, "Database finance is not empty. One or more tables exist.");
  ASSERT_TRUE(hms().drop_database("finance", /*cascade=*/true).ok());
  EXPECT_EQ(count("DBS"), 0);
  EXPECT_EQ(count("TBLS"), 0);
  EXPECT_EQ(hms().drop_database("default", true).error().message, "Can not drop default database");
}

TEST_F(Metastore, IdsComeFromTheDataNucleusSequenceTable) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_database({"finance", "", "", {}, "", "USER"}).ok());
  auto r = database().execute({"SELECT NEXT_VAL FROM SEQUENCE_TABLE WHERE SEQUENCE_NAME = ?",
                               {"org.apache.hadoop.hive.metastore.model.MDatabase"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<std::int64_t>(r->rows[0][0]), 3);
}

TEST_F(Metastore, ReadOnlySecondaryServesReadsAndRefusesChangesWith3906) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  database().set_read_only(true);
  EXPECT_TRUE(hms().get_table("default", "sales").ok());
  EXPECT_TRUE(hms().ensure_default_database().ok());  // exists: nothing to write
  HiveTable other = sales_table();
  other.table_name = "other";
  auto r = hms().create_table(other);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, MetastoreError::Kind::kMeta);
  EXPECT_EQ(r.error().sql_number(), 3906);
  EXPECT_FALSE(r.error().is_transient());
  EXPECT_EQ(r.error().to_string(),
            "MetaException(message:com.microsoft.sqlserver.jdbc.SQLServerException: Failed to update database \"hms\" "
            "because the database is read-only.)");
}

TEST_F(Metastore, MissingLoginSurfacesAsCannotConnectWith18456) {
  auto client = MetastoreClient::for_jdbc_url(sql_client_, testing::kMetastoreUrl, "hive", "wrong", clock_);
  ASSERT_TRUE(client.ok());
  auto r = client->get_all_databases();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sql_number(), 18456);
  EXPECT_NE(r.error().message.find("Unable to open a test connection to the given database. JDBC url = "
                                   "jdbc:sqlserver://hms-weu.database.windows.net:1433;"),
            std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("Login failed for user 'hive'."), std::string::npos);
}

TEST_F(Metastore, GetTableFailsWithTheSameErrorsAsBefore) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  ASSERT_TRUE(hms().create_table(sales_table()).ok());
  // A wrong password: no connection, 18456.
  auto wrong = MetastoreClient::for_jdbc_url(sql_client_, testing::kMetastoreUrl, "hive", "wrong", clock_);
  ASSERT_TRUE(wrong.ok());
  auto refused = wrong->get_table("default", "sales");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().sql_number(), 18456);
  // The database moving (a failover) between lookups: the next lookup reconnects and reads it.
  database().set_online(false);
  auto offline = hms().get_table("default", "sales");
  ASSERT_FALSE(offline.ok());
  EXPECT_EQ(offline.error().sql_number(), 40613);
  database().set_online(true);
  // A missing table is NoSuchObject, also on a read-only secondary.
  database().set_read_only(true);
  auto missing = hms().get_table("default", "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, MetastoreError::Kind::kNoSuchObject);
  EXPECT_EQ(missing.error().message, "default.nope table not found");
  auto found = hms().get_table("default", "sales");
  ASSERT_TRUE(found.ok()) << found.error().to_string();
  EXPECT_EQ(found->table_name, "sales");
  EXPECT_EQ(found->sd.cols.size(), 3u);
  EXPECT_EQ(found->partition_keys.size(), 2u);
}

TEST_F(Metastore, ValuesNeverBecomeSql) {
  ASSERT_TRUE(hms().ensure_default_database().ok());
  HiveTable t = sales_table();
  t.sd.location = "abfss://x@y/it's; DROP TABLE TBLS; --";
  t.parameters["comment"] = "'); DELETE FROM DBS; --";
  ASSERT_TRUE(hms().create_table(t).ok());
  EXPECT_EQ(*hms().get_table_location("default", "sales"), t.sd.location);
  EXPECT_EQ(count("DBS"), 1);
}

}  // namespace
}  // namespace drdrill::sql
