// The drdrill-only mounts endpoint and the mount table behind it.

#include <gtest/gtest.h>

#include "sim_world.h"

namespace drdrill::databricks {
namespace {

using testing::SimWorld;

TEST(MountsApi, CreatesAndListsAMountOfTheSecondaryEndpoint) {
  SimWorld world;
  ASSERT_EQ(world.client.post("/api/2.0/drdrill/mounts/create",
                              R"({"mount_point":"/mnt/raw","source":"abfss://raw@drdata-secondary.dfs.core.windows.net/tables/"})")
                .body,
            "{}");
  EXPECT_EQ(world.client.get("/api/2.0/drdrill/mounts/list").body,
            R"({"mounts":[{"mount_point":"/mnt/raw","source":"abfss://raw@drdata-secondary.dfs.core.windows.net/tables"}]})");
  const Mount* mount = world.workspace.mounts().find("/mnt/raw");
  ASSERT_NE(mount, nullptr);
  EXPECT_EQ(mount->source.account, "drdata");
  EXPECT_TRUE(mount->source.secondary);
  EXPECT_EQ(mount->source.container, "raw");
  EXPECT_EQ(mount->source.path, "tables");
}

TEST(MountsApi, UpdateRepointsAMountFromTheSecondaryToThePrimary) {
  SimWorld world;
  ASSERT_EQ(world.client.post("/api/2.0/drdrill/mounts/create",
                              R"({"mount_point":"/mnt/raw","source":"abfss://raw@drdata-secondary.dfs.core.windows.net"})")
                .status,
            200);
  ASSERT_EQ(world.client.post("/api/2.0/drdrill/mounts/update",
                              R"({"mount_point":"/mnt/raw","source":"abfss://raw@drdata.dfs.core.windows.net"})")
                .status,
            200);
  EXPECT_FALSE(world.workspace.mounts().find("/mnt/raw")->source.secondary);
}

TEST(MountsApi, RefusesADuplicateOrNestedMountPointAsDbutilsDoes) {
  SimWorld world;
  const std::string source = R"(,"source":"abfss://raw@drdata.dfs.core.windows.net"})";
  ASSERT_EQ(world.client.post("/api/2.0/drdrill/mounts/create", R"({"mount_point":"/mnt/raw")" + source).status, 200);
  const http::Response again = world.client.post("/api/2.0/drdrill/mounts/create", R"({"mount_point":"/mnt/raw")" + source);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.body, R"({"error_code":"RESOURCE_ALREADY_EXISTS","message":"Directory already mounted: /mnt/raw"})");
  EXPECT_EQ(world.client.post("/api/2.0/drdrill/mounts/create", R"({"mount_point":"/mnt/raw/sub")" + source).status, 400);
}

TEST(MountsApi, RefusesSourcesThatAreNotAdlsGen2Locations) {
  SimWorld world;
  for (const char* source : {"wasbs://raw@drdata.blob.core.windows.net/x", "abfss://raw@drdata.blob.core.windows.net",
                             "abfss://Raw@drdata.dfs.core.windows.net", "abfss://raw@DrData.dfs.core.windows.net",
                             "abfss://drdata.dfs.core.windows.net/x"}) {
    const http::Response response = world.client.post(
        "/api/2.0/drdrill/mounts/create", std::string(R"({"mount_point":"/mnt/raw","source":")") + source + R"("})");
    EXPECT_EQ(response.status, 400) << source;
    EXPECT_NE(response.body.find("INVALID_PARAMETER_VALUE"), std::string::npos) << source;
  }
  EXPECT_EQ(world.client.post("/api/2.0/drdrill/mounts/create",
                              R"({"mount_point":"/data/raw","source":"abfss://raw@drdata.dfs.core.windows.net"})")
                .status,
            400);
}

TEST(MountsApi, DeleteUnmountsAndAMissingMountIsResourceDoesNotExist) {
  SimWorld world;
  ASSERT_EQ(world.client.post("/api/2.0/drdrill/mounts/create",
                              R"({"mount_point":"/mnt/raw","source":"abfss://raw@drdata.dfs.core.windows.net"})")
                .status,
            200);
  ASSERT_EQ(world.client.post("/api/2.0/drdrill/mounts/delete", R"({"mount_point":"/mnt/raw"})").status, 200);
  EXPECT_EQ(world.client.get("/api/2.0/drdrill/mounts/list").body, "{}");
  EXPECT_EQ(world.client.post("/api/2.0/drdrill/mounts/delete", R"({"mount_point":"/mnt/raw"})").status, 404);
}

TEST(MountTable, ResolvesDbfsPathsThroughTheMountOnSegmentBoundaries) {
  MountTable mounts;
  ASSERT_TRUE(mounts.mount("/mnt/raw", "abfss://raw@drdata.dfs.core.windows.net/base").ok());
  EXPECT_EQ(mounts.resolve("/mnt/raw/sales/part-0.json")->to_uri(),
            "abfss://raw@drdata.dfs.core.windows.net/base/sales/part-0.json");
  EXPECT_EQ(mounts.resolve("dbfs:/mnt/raw")->to_uri(), "abfss://raw@drdata.dfs.core.windows.net/base");
  EXPECT_FALSE(mounts.resolve("/mnt/rawx/sales").ok());
  EXPECT_EQ(mounts.resolve("abfss://cc1@other-secondary.dfs.core.windows.net/t")->account, "other");
}

TEST(ClusterDataConfig, ReadsTheMetastoreAndStorageKeysFromSparkConf) {
  const ClusterDataConfig config = ClusterDataConfig::from_spark_conf({
      {"javax.jdo.option.ConnectionURL", "jdbc:sqlserver://unprefixed"},
      {"spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:sqlserver://prefixed"},
      {"spark.hadoop.fs.azure.account.key.drdata.dfs.core.windows.net", "k1"},
      {"fs.azure.account.key.drdata.dfs.core.windows.net", "k0"},
      {"fs.azure.account.key.logs.blob.core.windows.net", "k2"},
      {"fs.azure.account.key.bad.example.com", "k3"},
  });
  ASSERT_TRUE(config.metastore.has_value());
  EXPECT_EQ(config.metastore->jdbc_url, "jdbc:sqlserver://prefixed");
  EXPECT_EQ(config.storage_account_keys, (std::map<std::string, std::string>{{"drdata", "k1"}, {"logs", "k2"}}));
  EXPECT_FALSE(ClusterDataConfig::from_spark_conf({}).metastore.has_value());
}

}  // namespace
}  // namespace drdrill::databricks
