// A short scenario is realistic: what a file leaves out takes the default its dr-parameters row
// gives, and the defaults the schema publishes are exactly the ones the loader applies.

#include <gtest/gtest.h>

#include "scenario_test_support.h"
#include "sim/scenario_loader.h"
#include "sim/scenario_schema.h"

namespace drdrill::sim {
namespace {

using testing::read_json;
using testing::source_path;

Scenario load_minimal() {
  auto loaded = load_scenario(source_path("scenarios/examples/minimal.json"));
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  return loaded.ok() ? std::move(loaded).value() : Scenario{};
}

TEST(ScenarioDefaults, TheRunGetsSeedEpochAndBounds) {
  const Scenario s = load_minimal();
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.epoch, kDefaultEpoch);
  EXPECT_EQ(s.run.max_time, 48h);
  EXPECT_EQ(s.run.max_events, 10'000'000u);
  EXPECT_EQ(s.topology.regions.primary, "eastus");  // the seed's regions
  EXPECT_EQ(s.topology.regions.secondary, "westus");
}

TEST(ScenarioDefaults, StorageAccountsGetRaGrsAndTheS1ToS7Timings) {
  const Scenario s = load_minimal();
  ASSERT_EQ(s.topology.storage_accounts.size(), 1u);
  const StorageAccount& a = s.topology.storage_accounts[0];
  EXPECT_EQ(a.redundancy, Redundancy::kRaGrs);                                   // seed
  EXPECT_EQ(a.replication_lag_s, Distribution::lognormal(120, 900));             // S1
  EXPECT_EQ(a.unplanned_failover_s, Distribution::triangular(900, 2400, 3600));  // S3
  EXPECT_EQ(a.planned_failover_s, Distribution::triangular(900, 2400, 3600));    // S4
  EXPECT_EQ(a.dns_convergence_s, Distribution::uniform(0, 300));                 // S6
  EXPECT_EQ(a.reseed_tb_per_day, Distribution::uniform(1, 10));                  // S7
}

TEST(ScenarioDefaults, SqlGetsTheQRowTimingsAndListenerTtl) {
  const Scenario s = load_minimal();
  const SqlTopology& sql = s.topology.sql;
  EXPECT_EQ(sql.replication.lag_s, Distribution::lognormal(0.5, 5));                 // Q1
  EXPECT_EQ(sql.replication.forced_failover_s, Distribution::triangular(10, 30, 60));  // Q2
  EXPECT_EQ(sql.replication.planned_failover_base_s, Distribution::constant(30));   // Q3
  EXPECT_EQ(sql.replication.seeding_gb_per_hour, Distribution::uniform(50, 500));   // Q9
  EXPECT_EQ(sql.replication.automatic_failover_delay_s.median(), 4 * 3600.0);       // D10
  EXPECT_EQ(sql.dns.listener_ttl, 30s);                                              // Q4
  EXPECT_EQ(sql.dns.client_cache_ttl, 30s);                                          // D5
  ASSERT_EQ(sql.servers.size(), 2u);
  EXPECT_EQ(sql.servers[0].admin_user, "sqladmin");
}

TEST(ScenarioDefaults, FailoverGroupsAreManualWithAnHourOfGrace) {
  FailoverGroup group;
  EXPECT_EQ(group.policy, FailoverPolicy::kManual);  // 2b.4
  EXPECT_EQ(group.grace_period, 1h);                 // Q5
}

TEST(ScenarioDefaults, WorkspacesGetTheB1ClusterStartAndB4Concurrency) {
  const Scenario s = load_minimal();
  ASSERT_EQ(s.topology.workspaces.size(), 2u);
  const WorkspaceTimings& t = s.topology.workspaces[0].timings;
  EXPECT_EQ(t.cluster_start_s, Distribution::lognormal(360, 960));  // B1
  EXPECT_EQ(t.cluster_start_max, 30min);                            // B1
  EXPECT_EQ(Job{}.max_concurrent_runs, 1);                          // B4
  EXPECT_EQ(Cluster{}.state, ClusterState::kTerminated);            // seed step 3
}

TEST(ScenarioDefaults, TheReferenceRunbookDetectsLikeTrafficManagerAndDecidesPerD9) {
  const Scenario s = load_minimal();
  const auto* rb = std::get_if<ReferenceRunbook>(&s.runbook);
  ASSERT_NE(rb, nullptr);
  EXPECT_EQ(rb->detect.probe_interval, 30s);  // D1
  EXPECT_EQ(rb->detect.failure_threshold, 4);  // D2
  EXPECT_EQ(rb->detect.timeout, 10s);          // D3
  EXPECT_EQ(rb->decide.delay_s, Distribution::triangular(15 * 60.0, 45 * 60.0, 180 * 60.0));  // D9
  EXPECT_EQ(rb->storage_failover.mode, StorageFailoverMode::kUnplanned);
  EXPECT_EQ(rb->sql_failover.mode, SqlFailoverMode::kForced);
  EXPECT_EQ(rb->repoint.jdbc_url, "auto");
  EXPECT_EQ(rb->release_jobs.max_concurrent_runs, 1);  // B4
  EXPECT_FALSE(rb->bugs.any());
  EXPECT_FALSE(rb->failback.enabled);
  EXPECT_EQ(rb->start_at, std::nullopt);
}

TEST(ScenarioDefaults, TheRunbookFailsOverFromTheOnlyWorkspaceOfEachRegion) {
  const Scenario s = load_minimal();
  const auto* rb = std::get_if<ReferenceRunbook>(&s.runbook);
  ASSERT_NE(rb, nullptr);
  EXPECT_EQ(rb->from_workspace, "primary");
  EXPECT_EQ(rb->to_workspace, "secondary");
}

TEST(ScenarioDefaults, ProbesReadEveryTableEveryThirtySeconds) {
  const Scenario s = load_minimal();
  ASSERT_EQ(s.probes.size(), 1u);
  EXPECT_EQ(s.probes[0].name, "tables");
  EXPECT_EQ(s.probes[0].interval, 30s);  // D1
  EXPECT_EQ(s.probes[0].timeout, 10s);   // D3
  ASSERT_TRUE(std::holds_alternative<TableReadProbe>(s.probes[0].what));
  EXPECT_EQ(std::get<TableReadProbe>(s.probes[0].what).table, "");
}

TEST(ScenarioDefaults, InvariantsAreOnAndTargetsUnjudged) {
  const Scenario s = load_minimal();
  EXPECT_TRUE(s.assertions.no_secondary_writes);
  EXPECT_TRUE(s.assertions.no_split_brain);
  EXPECT_TRUE(s.assertions.held_jobs_never_run);
  EXPECT_TRUE(s.assertions.single_writable_primary);
  EXPECT_EQ(s.assertions.rto_max, std::nullopt);
  EXPECT_EQ(s.assertions.rpo_max, PerStoreDurations{});
  EXPECT_EQ(s.expect, std::nullopt);
}

TEST(ScenarioDefaults, AFaultWithADurationEndsThatLongAfterItsStart) {
  const Scenario s = load_minimal();
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].window.start, 1h);
  EXPECT_EQ(s.faults[0].window.end, 7h);
  EXPECT_EQ(std::get<RegionOutage>(s.faults[0].what).mode, OutageMode::kHang);
}

// --- the published defaults are the applied ones ---

// Fills every absent field that has a "default" in the schema, recursively, choosing tagged
// variants by their tag as the loader does.
class SchemaDefaults {
 public:
  explicit SchemaDefaults(nlohmann::json schema) : schema_(std::move(schema)) {}

  void fill(nlohmann::json& value) { fill(value, schema_); }

 private:
  const nlohmann::json& resolve(const nlohmann::json& node) const {
    if (node.contains("$ref")) {
      const std::string ref = node["$ref"].get<std::string>();
      return schema_["$defs"][ref.substr(std::string("#/$defs/").size())];
    }
    return node;
  }

  // The variant of a tagged union matching `value`, or null when `node` is not one.
  const nlohmann::json* variant_for(const nlohmann::json& value, const nlohmann::json& node) const {
    if (!node.contains("oneOf")) return nullptr;
    for (const auto& option : node["oneOf"]) {
      const nlohmann::json& v = resolve(option);
      if (!v.contains("properties")) return nullptr;  // a distribution, not a tagged union
      for (const auto& [key, prop] : v["properties"].items()) {
        if (!prop.contains("const")) continue;
        const bool matches = value.contains(key) ? value[key] == prop["const"] : prop.contains("default");
        if (matches) return &v;
      }
    }
    return nullptr;
  }

  void fill(nlohmann::json& value, const nlohmann::json& node_in) {
    const nlohmann::json& node = resolve(node_in);
    if (const nlohmann::json* variant = value.is_object() ? variant_for(value, node) : nullptr) {
      return fill(value, *variant);
    }
    if (value.is_object() && node.contains("properties")) {
      for (const auto& [key, prop] : node["properties"].items()) {
        const nlohmann::json& p = resolve(prop);
        if (!value.contains(key) && (prop.contains("default") || p.contains("default"))) {
          value[key] = prop.contains("default") ? prop["default"] : p["default"];
        }
        if (value.contains(key)) fill(value[key], prop);
      }
    }
    if (value.is_array() && node.contains("items")) {
      for (auto& item : value) fill(item, node["items"]);
    }
  }

  nlohmann::json schema_;
};

TEST(ScenarioDefaults, SpellingOutTheSchemasDefaultsChangesNothing) {
  const nlohmann::json schema = nlohmann::json::parse(scenario_json_schema_text());
  SchemaDefaults defaults(schema);
  for (const auto& path : testing::shipped_scenarios()) {
    SCOPED_TRACE(path.string());
    nlohmann::json doc = read_json(path);
    const auto as_written = testing::load_json(doc);
    ASSERT_TRUE(as_written.ok()) << as_written.to_string();
    defaults.fill(doc);
    const auto spelled_out = testing::load_json(doc);
    ASSERT_TRUE(spelled_out.ok()) << spelled_out.to_string();
    EXPECT_TRUE(*as_written.scenario == *spelled_out.scenario)
        << "a default in the schema differs from the loader's for " << path << "; spelled out:\n"
        << doc.dump(2);
  }
}

TEST(ScenarioDefaults, SpellingOutDefaultsReallyAddsFields) {
  // Guards the test above against filling nothing.
  SchemaDefaults defaults(nlohmann::json::parse(scenario_json_schema_text()));
  nlohmann::json doc = read_json(source_path("scenarios/examples/minimal.json"));
  defaults.fill(doc);
  EXPECT_EQ(doc["topology"]["storage_accounts"][0]["redundancy"], "RA-GRS");
  EXPECT_EQ(doc["runbook"]["kind"], "reference");
  EXPECT_EQ(doc["runbook"]["decide"]["delay"]["triangular"]["mode"], "45min");
  EXPECT_EQ(doc["faults"][0]["mode"], "hang");
  EXPECT_EQ(doc["probes"][0]["interval"], "30s");
}

}  // namespace
}  // namespace drdrill::sim
