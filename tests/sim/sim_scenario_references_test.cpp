// References between parts of a scenario must resolve, and rules across fields hold: each broken one
// is reported at the referencing field with what exists instead.

#include <gtest/gtest.h>

#include "scenario_test_support.h"
#include "sim/scenario_loader.h"

namespace drdrill::sim {
namespace {

using nlohmann::json;
using testing::about;
using testing::load_json;

// A small valid world to break one thing at a time.
json base() {
  return json::parse(R"({
    "name": "refs",
    "topology": {
      "storage_accounts": [{"name": "lakeprod", "region": "eastus", "containers": ["tables"]}],
      "sql": {
        "servers": [
          {"name": "hms-a", "region": "eastus", "logins": [{"user": "hive", "password": "pw"}], "databases": ["hms", "other"]},
          {"name": "hms-b", "region": "westus", "logins": [{"user": "hive", "password": "pw"}]}
        ],
        "replication_links": [{"database": "hms", "primary": "hms-a", "secondary": "hms-b"}]
      },
      "metastore": {"server": "hms-a", "database": "hms"},
      "tables": [{"name": "sales.orders", "location": "dbfs:/mnt/tables/orders"}],
      "workspaces": [
        {"name": "primary", "region": "eastus",
         "notebooks": [{"path": "/n"}],
         "secret_scopes": [{"name": "hms", "secrets": {"password": "pw"}}],
         "mounts": [{"mount_point": "/mnt/tables", "source": "abfss://tables@lakeprod.dfs.core.windows.net/"}],
         "clusters": [{"name": "etl", "metastore": {
            "jdbc_url": "jdbc:sqlserver://hms-a.database.windows.net:1433;database=hms",
            "user": "hive", "password": "{{secrets/hms/password}}"}}],
         "jobs": [{"name": "load", "notebook": "/n", "cluster": "etl", "schedule": {"quartz_cron": "0 0 * * * ?"}}]},
        {"name": "secondary", "region": "westus",
         "mounts": [{"mount_point": "/mnt/tables", "source": "abfss://tables@lakeprod-secondary.dfs.core.windows.net/"}]}
      ]
    }
  })");
}

std::string message_at(const json& doc, const std::string& pointer) {
  const LoadReport report = load_json(doc);
  const auto found = about(report, pointer);
  if (found.size() != 1) {
    ADD_FAILURE() << "expected one diagnostic at " << pointer << ", got:\n" << report.to_string();
    return {};
  }
  return found[0].message;
}

TEST(ScenarioReferences, TheBaseWorldIsValid) {
  const LoadReport report = load_json(base());
  EXPECT_TRUE(report.ok()) << report.to_string();
}

// A failover that keeps its workspace (a SQL-only outage) names it twice; a mistake about holding
// the other workspace's jobs means nothing then.
TEST(ScenarioReferences, ARunbookMayStayInItsWorkspaceButNotReleaseJobsWhilePrimaryRuns) {
  json doc = base();
  doc["runbook"] = {{"kind", "reference"}, {"from_workspace", "primary"}, {"to_workspace", "primary"}};
  EXPECT_TRUE(load_json(doc).ok()) << load_json(doc).to_string();
  doc["runbook"]["bugs"] = {{"release_jobs_while_primary_runs", true}};
  EXPECT_NE(message_at(doc, "/runbook/bugs/release_jobs_while_primary_runs").find("stays in workspace \"primary\""),
            std::string::npos);
}

TEST(ScenarioReferences, AJdbcUrlMustReachADeclaredServerOrListenerAndDatabase) {
  const std::string url = "/topology/workspaces/0/clusters/0/metastore/jdbc_url";
  json doc = base();
  doc[json::json_pointer(url)] = "jdbc:sqlserver://hms-c.database.windows.net:1433;database=hms";
  EXPECT_EQ(message_at(doc, url),
            "unknown SQL server or failover group \"hms-c\" (did you mean \"hms-a\"?)");
  doc[json::json_pointer(url)] = "jdbc:sqlserver://hms-b.database.windows.net;database=other";
  EXPECT_EQ(message_at(doc, url), "database \"other\" is neither on server \"hms-b\" nor geo-replicated to it");
  doc[json::json_pointer(url)] = "jdbc:sqlserver://hms-a.database.windows.net";
  EXPECT_NE(message_at(doc, url).find("names no database"), std::string::npos);
  doc[json::json_pointer(url)] = "jdbc:sqlserver://hms-a.example.com;database=hms";
  EXPECT_NE(message_at(doc, url).find("is not an Azure SQL name"), std::string::npos);
  doc[json::json_pointer(url)] = "jdbc:sqlserver://hms-a.database.windows.net:99999;database=hms";
  EXPECT_NE(message_at(doc, url).find("expected a JDBC URL"), std::string::npos);
}

TEST(ScenarioReferences, TheGeoSecondaryServerReachesTheReplicatedDatabase) {
  json doc = base();
  doc[json::json_pointer("/topology/workspaces/0/clusters/0/metastore/jdbc_url")] =
      "jdbc:sqlserver://hms-b.database.windows.net;database=hms";
  EXPECT_TRUE(load_json(doc).ok()) << load_json(doc).to_string();
}

TEST(ScenarioReferences, AFailoverGroupListenerIsAValidHost) {
  json doc = base();
  doc["topology"]["sql"]["replication_links"] = json::array();
  doc["topology"]["sql"]["failover_groups"] =
      json::parse(R"([{"name": "fog", "primary": "hms-a", "secondary": "hms-b", "databases": ["hms"]}])");
  const std::string url = "/topology/workspaces/0/clusters/0/metastore/jdbc_url";
  doc[json::json_pointer(url)] = "jdbc:sqlserver://fog.database.windows.net;database=hms";
  EXPECT_TRUE(load_json(doc).ok()) << load_json(doc).to_string();
  doc[json::json_pointer(url)] = "jdbc:sqlserver://fog.secondary.database.windows.net;database=hms";
  EXPECT_NE(message_at(doc, url).find("read_only_endpoint is false"), std::string::npos);
}

TEST(ScenarioReferences, ASecretReferenceMustResolveInTheSameWorkspace) {
  json doc = base();
  const std::string password = "/topology/workspaces/0/clusters/0/metastore/password";
  doc[json::json_pointer(password)] = "{{secrets/hms/pasword}}";
  EXPECT_EQ(message_at(doc, password), "unknown secret key \"pasword\" (did you mean \"password\"?)");
  doc[json::json_pointer(password)] = "{{secrets/vault/password}}";
  EXPECT_EQ(message_at(doc, password), "unknown secret scope \"vault\"; expected one of \"hms\"");
  doc[json::json_pointer(password)] = "{{secrets/hms}}";
  EXPECT_NE(message_at(doc, password).find("expected a secret reference"), std::string::npos);
}

TEST(ScenarioReferences, MetastoreKeysInSparkConfMustComeFromTheMetastoreBlock) {
  json doc = base();
  doc["topology"]["workspaces"][0]["clusters"][0]["spark_conf"] =
      json{{"spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:sqlserver://x"}};
  EXPECT_NE(message_at(doc, "/topology/workspaces/0/clusters/0/spark_conf/spark.hadoop.javax.jdo.option.ConnectionURL")
                .find("comes from the cluster's `metastore` settings"),
            std::string::npos);
}

TEST(ScenarioReferences, OnlyReadAccessAccountsServeTheSecondaryEndpoint) {
  json doc = base();
  doc["topology"]["storage_accounts"][0]["redundancy"] = "GRS";
  EXPECT_EQ(message_at(doc, "/topology/workspaces/1/mounts/0/source"),
            "storage account \"lakeprod\" is GRS: only RA-GRS and RA-GZRS accounts serve \"lakeprod-secondary\"");
}

TEST(ScenarioReferences, GeoReplicationPairsServersInDifferentRegions) {
  json doc = base();
  doc["topology"]["sql"]["servers"][1]["region"] = "eastus";
  EXPECT_EQ(message_at(doc, "/topology/sql/replication_links/0/secondary"),
            "server \"hms-b\" is in the primary's region (\"eastus\"); geo-replication pairs servers in different "
            "regions");
}

TEST(ScenarioReferences, AReplicatedDatabaseMustExistOnThePrimaryAndBeReplicatedOnce) {
  json doc = base();
  doc["topology"]["sql"]["replication_links"].push_back(json{{"database", "hms"}, {"primary", "hms-a"}, {"secondary", "hms-b"}});
  doc["topology"]["sql"]["replication_links"].push_back(json{{"database", "nope"}, {"primary", "hms-a"}, {"secondary", "hms-b"}});
  EXPECT_EQ(message_at(doc, "/topology/sql/replication_links/1/database"),
            "database \"hms\" is already geo-replicated by /topology/sql/replication_links/0/database");
  EXPECT_NE(message_at(doc, "/topology/sql/replication_links/2/database").find("unknown database \"nope\""),
            std::string::npos);
}

TEST(ScenarioReferences, TheAutomaticPolicyNeedsAnHourOfGrace) {
  json doc = base();
  doc["topology"]["sql"]["replication_links"] = json::array();
  doc["topology"]["sql"]["failover_groups"] = json::parse(
      R"([{"name": "fog", "primary": "hms-a", "secondary": "hms-b", "databases": ["hms"], "policy": "Automatic", "grace_period": "30min"}])");
  EXPECT_EQ(message_at(doc, "/topology/sql/failover_groups/0/grace_period"),
            "the Automatic policy needs a grace period of at least 1h (Q5), got \"30min\"");
}

TEST(ScenarioReferences, TablesNeedAMetastoreAMountedPathAndADeclaredContainer) {
  json doc = base();
  doc["topology"].erase("metastore");
  EXPECT_NE(message_at(doc, "/topology/metastore").find("need a metastore"), std::string::npos);

  doc = base();
  doc["topology"]["tables"][0]["location"] = "dbfs:/mnt/raw/orders";
  EXPECT_NE(message_at(doc, "/topology/tables/0/location").find("no workspace mounts"), std::string::npos);

  doc["topology"]["tables"][0]["location"] = "abfss://raw@lakeprod.dfs.core.windows.net/orders";
  EXPECT_EQ(message_at(doc, "/topology/tables/0/location"), "unknown container \"raw\"; expected one of \"tables\"");
}

TEST(ScenarioReferences, JobsNeedTheirNotebookAndASchedulingWorkspaceForWrites) {
  json doc = base();
  doc["topology"]["workspaces"][0]["jobs"][0]["notebook"] = "/m";
  EXPECT_EQ(message_at(doc, "/topology/workspaces/0/jobs/0/notebook"), "unknown notebook \"/m\" (did you mean \"/n\"?)");

  doc = base();
  doc["topology"]["workspaces"][0]["jobs"][0].erase("schedule");
  doc["workload"] = json::parse(R"({"job_writes": [{"job": "load", "table": "sales.orders"}]})");
  EXPECT_EQ(message_at(doc, "/workload/job_writes/0/job"),
            "job \"load\" has no schedule in any workspace, so nothing would run it");
}

TEST(ScenarioReferences, FaultsNameWhatTheTopologyDeclares) {
  json doc = base();
  doc["faults"] = json::parse(R"([
    {"kind": "sql_server_outage", "server": "hms-c", "start": "1h", "duration": "1h"},
    {"kind": "workspace_outage", "workspace": "tertiary", "start": "1h", "duration": "1h"},
    {"kind": "sql_lag_spike", "database": "other", "extra_lag": "5s", "start": "1h", "duration": "1h"},
    {"kind": "missing_login", "server": "hms-b", "login": "spark", "start": "0s", "end": "never"},
    {"kind": "cicd_sync_lag", "workspace": "primary", "jobs": ["lod"], "start": "0s", "end": "never"}
  ])");
  EXPECT_EQ(message_at(doc, "/faults/0/server"), "unknown SQL server \"hms-c\" (did you mean \"hms-a\"?)");
  EXPECT_NE(message_at(doc, "/faults/1/workspace").find("unknown workspace \"tertiary\""), std::string::npos);
  EXPECT_EQ(message_at(doc, "/faults/2/database"), "unknown geo-replicated database \"other\"; expected one of \"hms\"");
  EXPECT_NE(message_at(doc, "/faults/3/login").find("unknown login \"spark\""), std::string::npos);
  EXPECT_EQ(message_at(doc, "/faults/4/jobs/0"), "unknown job \"lod\" (did you mean \"load\"?)");
}

TEST(ScenarioReferences, LagFaultsNeedAGeoRedundantAccount) {
  json doc = base();
  doc["topology"]["storage_accounts"][0]["redundancy"] = "LRS";
  doc["topology"]["workspaces"][1]["mounts"] = json::array();
  doc["faults"] = json::parse(R"([{"kind": "storage_replication_stall", "account": "lakeprod", "start": "1h", "duration": "1h"}])");
  EXPECT_EQ(message_at(doc, "/faults/0/account"),
            "storage account \"lakeprod\" is LRS: it has no geo-replication (use GRS, RA-GRS, GZRS or RA-GZRS)");
}

TEST(ScenarioReferences, AFaultMustEndAfterItStartsAndStartBeforeTheRunEnds) {
  json doc = base();
  doc["run"] = json{{"max_time", "10h"}};
  doc["faults"] = json::parse(R"([{"kind": "partition", "start": "2h", "end": "1h"},
                                  {"kind": "partition", "start": "11h", "duration": "1h"}])");
  EXPECT_EQ(message_at(doc, "/faults/0/end"), "ends at \"1h\", not after its start (\"2h\")");
  EXPECT_EQ(message_at(doc, "/faults/1/start"), "starts at \"11h\", after the run ends (run.max_time \"10h\")");
}

TEST(ScenarioReferences, NamesAreUniqueAndServerNamesCompareWithoutCase) {
  json doc = base();
  doc["topology"]["sql"]["servers"].push_back(json{{"name", "hms-a"}, {"region", "westus"}});
  doc["topology"]["workspaces"][1]["name"] = "primary";
  const LoadReport report = load_json(doc);
  EXPECT_EQ(about(report, "/topology/sql/servers/2/name").at(0).message,
            "duplicate SQL server \"hms-a\" (first at /topology/sql/servers/0/name)");
  EXPECT_EQ(about(report, "/topology/workspaces/1/name").at(0).message,
            "duplicate workspace \"primary\" (first at /topology/workspaces/0/name)");
}

TEST(ScenarioReferences, SeveralWorkspacesInARegionNeedAnExplicitRunbookTarget) {
  json doc = base();
  doc["topology"]["workspaces"].push_back(json{{"name", "dr2"}, {"region", "westus"}});
  EXPECT_EQ(message_at(doc, "/runbook"),
            "several workspaces are in region \"westus\" (\"secondary\", \"dr2\"): set runbook.to_workspace");
  doc["runbook"] = json{{"to_workspace", "dr2"}};
  const auto loaded = load_json(doc);
  ASSERT_TRUE(loaded.ok()) << loaded.to_string();
  EXPECT_EQ(std::get<ReferenceRunbook>(loaded.scenario->runbook).to_workspace, "dr2");
}

TEST(ScenarioReferences, RunbookListsNameObjectsOfTheTargetWorkspace) {
  json doc = base();
  doc["runbook"] = json::parse(R"({"start_clusters": {"clusters": ["etl"]}, "storage_failover": {"accounts": ["lakeprd"]},
                                   "sql_failover": {"databases": ["other"]}})");
  const LoadReport report = load_json(doc);
  EXPECT_EQ(about(report, "/runbook/start_clusters/clusters/0").at(0).message,
            "unknown cluster \"etl\": workspace \"secondary\" declares none");
  EXPECT_EQ(about(report, "/runbook/storage_failover/accounts/0").at(0).message,
            "unknown storage account \"lakeprd\" (did you mean \"lakeprod\"?)");
  EXPECT_EQ(about(report, "/runbook/sql_failover/databases/0").at(0).message,
            "unknown geo-replicated database \"other\"; expected one of \"hms\"");
}

TEST(ScenarioReferences, ProbesNameDeclaredTablesWorkspacesAndContainers) {
  json doc = base();
  doc["probes"] = json::parse(R"([
    {"name": "p", "kind": "table_read", "table": "sales.order"},
    {"name": "p", "kind": "blob_write", "account": "lakeprod", "container": "landing", "workspace": "nope"}])");
  const LoadReport report = load_json(doc);
  EXPECT_EQ(about(report, "/probes/0/table").at(0).message, "unknown table \"sales.order\" (did you mean \"sales.orders\"?)");
  EXPECT_EQ(about(report, "/probes/1/name").at(0).message, "duplicate probe \"p\" (first at /probes/0/name)");
  EXPECT_EQ(about(report, "/probes/1/container").at(0).message, "unknown container \"landing\"; expected one of \"tables\"");
  EXPECT_FALSE(about(report, "/probes/1/workspace").empty());
}

}  // namespace
}  // namespace drdrill::sim
