#include "sql/metastore_schema.h"

#include <gtest/gtest.h>

#include "metastore_fixture.h"

namespace drdrill::sql {
namespace {

using MetastoreSchema = testing::MetastoreFixture;

TEST_F(MetastoreSchema, RecordsVersion230) {
  auto admin = sql_client_.connect(testing::kMetastoreUrl, "sqladmin", "Adm1n!");
  ASSERT_TRUE(admin.ok());
  auto version = metastore_schema_version(*admin);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, "2.3.0");
  EXPECT_EQ(*hms().schema_version(), "2.3.0");
}

TEST_F(MetastoreSchema, CreatesEveryTableWithAPrimaryKey) {
  for (const std::string& table : metastore_table_names()) {
    // The session extension replicates only tables with a primary key.
    auto pk = database().storage().prepare("SELECT COUNT(*) FROM pragma_table_info(?) WHERE pk > 0");
    ASSERT_TRUE(pk.ok());
    ASSERT_TRUE(pk->bind(1, table).ok());
    ASSERT_TRUE(*pk->step());
    EXPECT_GT(pk->column_int64(0), 0) << table;
  }
  for (const char* core : {"DBS", "TBLS", "SDS", "CDS", "COLUMNS_V2", "PARTITIONS", "PARTITION_KEYS",
                           "PARTITION_KEY_VALS", "SERDES", "SERDE_PARAMS", "TABLE_PARAMS", "DATABASE_PARAMS",
                           "VERSION", "SEQUENCE_TABLE"}) {
    EXPECT_NE(std::find(metastore_table_names().begin(), metastore_table_names().end(), core),
              metastore_table_names().end())
        << core;
  }
}

TEST_F(MetastoreSchema, InstallingTwiceFailsAndChangesNothing) {
  auto admin = sql_client_.connect(testing::kMetastoreUrl, "sqladmin", "Adm1n!");
  SqlStatus again = install_metastore_schema(*admin);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already exists"), std::string::npos) << again.error().to_string();
  EXPECT_EQ(count("VERSION"), 1);
}

TEST_F(MetastoreSchema, ImageLoadsTheSamePagesTheScriptWrites) {
  // database() ran the script (the fixture); hms2 takes the image.
  auto created = service_.server("hms-weu")->create_database("hms2");
  ASSERT_TRUE(created.ok());
  Database& copy = **created;
  ASSERT_TRUE(install_metastore_schema_image(copy).ok());
  const auto scripted = database().storage().serialize();
  const auto loaded = copy.storage().serialize();
  ASSERT_TRUE(scripted.ok());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(*loaded, *scripted);  // byte for byte: the same size to seed a secondary with, the same rows
  EXPECT_EQ(*copy.storage().size_bytes(), *database().storage().size_bytes());
  EXPECT_EQ(copy.sequence(), 0u);  // nothing logged

  // A metastore on the copy works as on the original: written, read, rolled back.
  auto client = MetastoreClient::for_jdbc_url(
      sql_client_, "jdbc:sqlserver://hms-weu.database.windows.net:1433;database=hms2", "hive", "h1ve", clock_);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->ensure_default_database().ok());
  ASSERT_TRUE(client->create_table(sales_table()).ok());
  EXPECT_FALSE(client->create_table(sales_table()).ok());  // rolled back, not half-written
  auto t = client->get_table("default", "sales");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  EXPECT_EQ(t->sd.cols, sales_table().sd.cols);
  EXPECT_EQ(*client->schema_version(), "2.3.0");
  auto tables = copy.execute({"SELECT COUNT(*) FROM TBLS", {}});
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(std::get<std::int64_t>(tables->rows[0][0]), 1);
}

TEST_F(MetastoreSchema, ImageIsRefusedWhileTheDatabaseLogsItsCommits) {
  auto created = service_.server("hms-weu")->create_database("hms2");
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE((*created)->start_capture([](CommitRecord) {}).ok());
  const Status s = install_metastore_schema_image(**created);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.to_string();
}

TEST_F(MetastoreSchema, CannotBeInstalledOnAReadOnlySecondary) {
  auto secondary = service_.server("hms-weu")->create_database("hms2");
  ASSERT_TRUE(secondary.ok());
  (*secondary)->set_read_only(true);
  auto admin = sql_client_.connect("jdbc:sqlserver://hms-weu.database.windows.net;database=hms2", "sqladmin", "Adm1n!");
  ASSERT_TRUE(admin.ok());
  SqlStatus s = install_metastore_schema(*admin);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().number, 3906);
}

}  // namespace
}  // namespace drdrill::sql
