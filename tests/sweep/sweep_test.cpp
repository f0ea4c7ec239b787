// drdrill sweep: the report is a pure function of the per-seed outcomes, ordered by seed, so it is
// the same bytes for any number of worker threads, and shards merge into exactly the unsharded
// report.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sim/scenario_loader.h"
#include "sweep/sweep_report.h"
#include "sweep/sweep_runner.h"

namespace drdrill::sweep {
namespace {

// Storage only, with the default (seeded, log-normal) replication lag and failover durations, so
// RTO and RPO differ from seed to seed; two simulated hours keep each drill short.
constexpr const char* kVaryingScenario = R"({
  "name": "sweep-storage",
  "run": {"max_time": "2h"},
  "topology": {"storage_accounts": [{"name": "lake", "region": "eastus", "containers": ["data"]}]},
  "workload": {"blob_writes": [{"account": "lake", "container": "data", "every": "1min", "blob_bytes": 100}]},
  "faults": [{"kind": "region_outage", "region": "eastus", "mode": "unavailable", "start": "10min", "end": "never"}],
  "runbook": {"kind": "reference", "decide": {"delay": "5min"}, "storage_failover": {"mode": "unplanned"},
              "sql_failover": {"mode": "none"}},
  "probes": [{"name": "canary", "kind": "blob_write", "account": "lake", "container": "data", "interval": "1min"}],
  "assertions": {"rto_max": "%RTO%"}
})";

sim::Scenario scenario_with_rto_max(const std::string& rto_max) {
  std::string text = kVaryingScenario;
  text.replace(text.find("%RTO%"), 5, rto_max);
  auto loaded = sim::load_scenario_text(text, "sweep-storage.json");
  EXPECT_TRUE(loaded.ok()) << loaded.status().to_string();
  return *loaded;
}

SweepOptions options(std::uint64_t first, std::uint64_t seeds, unsigned jobs, std::uint64_t k = 1, std::uint64_t n = 1) {
  SweepOptions o;
  o.scenario_file = "sweep-storage.json";
  o.range = SeedRange{first, seeds, k, n};
  o.jobs = jobs;
  return o;
}

TEST(SweepShard, TakesEveryNthSeedFromItsOffset) {
  EXPECT_EQ((SeedRange{10, 7, 2, 3}.seed_list()), (std::vector<std::uint64_t>{11, 14}));
  EXPECT_EQ((SeedRange{10, 7, 1, 3}.seed_list()), (std::vector<std::uint64_t>{10, 13, 16}));
  EXPECT_EQ((SeedRange{10, 7, 1, 1}.seed_list()), (std::vector<std::uint64_t>{10, 11, 12, 13, 14, 15, 16}));
  EXPECT_TRUE((SeedRange{1, 2, 3, 3}.seed_list()).empty());
}

TEST(SweepShard, ParsesKOfNAndRejectsTheRest) {
  const auto ok = parse_shard("2/3");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->first, 2u);
  EXPECT_EQ(ok->second, 3u);
  for (const char* bad : {"0/2", "3/2", "2", "a/b", "1/0", "1/2x", ""}) EXPECT_FALSE(parse_shard(bad).ok()) << bad;
}

TEST(SweepDistribution, UsesNearestRankOverTheSeedsWithAValue) {
  std::vector<std::optional<double>> values;
  for (int i = 100; i >= 1; --i) values.push_back(i);
  values.push_back(std::nullopt);
  const Distribution d = distribution_of(values);
  EXPECT_EQ(d.count, 100u);
  EXPECT_EQ(d.missing, 1u);
  EXPECT_EQ(d.p50, 50);
  EXPECT_EQ(d.p95, 95);
  EXPECT_EQ(d.p99, 99);
  EXPECT_EQ(d.max, 100);
  EXPECT_EQ(nearest_rank_percentile({7}, 99), 7);
  EXPECT_EQ(nearest_rank_percentile({3, 1, 2}, 50), 2);
}

// Only seeds that had an outage and ran to the end can be "not recovered": a seed with nothing
// failing (no outage) and one stopped by an error are counted apart, not as not recovered or as
// a store without writes.
TEST(SweepDistribution, CountsAsNotRecoveredOnlySeedsThatHadAnOutageAndRan) {
  SweepReport report;
  report.scenario = "mixed";
  report.scenario_file = "mixed.json";
  report.range = SeedRange{1, 4, 1, 1};
  SeedOutcome recovered{1, true, "pass", 100.0, {{"storage", 60.0}}, {{"storage", 1}}, ""};
  SeedOutcome not_recovered{2, false, "fail", std::nullopt, {{"storage", 30.0}}, {{"storage", 1}}, ""};
  SeedOutcome no_outage{3, true, "pass", std::nullopt, {{"storage", 0.0}}, {{"storage", 0}}, ""};
  no_outage.outage = false;
  report.outcomes = {recovered, not_recovered, no_outage, outcome_of_error(4, Status::ResourceExhausted("run.max_events"))};
  const auto json = nlohmann::json::parse(render_sweep_json(report));
  EXPECT_EQ(json["rto_s"]["count"], 1);
  EXPECT_EQ(json["rto_s"]["not_recovered"], 1);
  EXPECT_EQ(json["rto_s"]["no_outage"], 1);
  EXPECT_EQ(json["rpo_s"]["storage"]["count"], 3);
  EXPECT_EQ(json["rpo_s"]["storage"]["no_writes"], 0);
  EXPECT_EQ(json["errors"], 1);
  const std::string md = render_sweep_markdown(report);
  EXPECT_NE(md.find("| RTO | 1 | 1 not recovered, 1 no outage |"), std::string::npos) << md;
  // What a merge reads back is what was written.
  const auto parsed = parse_sweep_json(render_sweep_json(report), "mixed/sweep.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(render_sweep_json(*parsed), render_sweep_json(report));
}

TEST(SweepRunner, WritesTheSameBytesForAnyNumberOfJobs) {
  const sim::Scenario scenario = scenario_with_rto_max("5h");
  const auto one = run_sweep(scenario, options(1, 6, 1));
  const auto two = run_sweep(scenario, options(1, 6, 2));
  const auto three = run_sweep(scenario, options(1, 6, 3));
  ASSERT_TRUE(one.ok() && two.ok() && three.ok());
  EXPECT_EQ(render_sweep_json(*one), render_sweep_json(*two));
  EXPECT_EQ(render_sweep_json(*one), render_sweep_json(*three));
  EXPECT_EQ(render_sweep_markdown(*one), render_sweep_markdown(*two));
  EXPECT_EQ(render_sweep_html(*one), render_sweep_html(*three));
  ASSERT_EQ(one->outcomes.size(), 6u);
  std::set<double> rtos;
  for (std::size_t i = 0; i < one->outcomes.size(); ++i) {
    EXPECT_EQ(one->outcomes[i].seed, 1 + i);
    EXPECT_TRUE(one->outcomes[i].passed);
    ASSERT_TRUE(one->outcomes[i].rto_s.has_value());
    rtos.insert(*one->outcomes[i].rto_s);
  }
  EXPECT_GT(rtos.size(), 1u) << "the seeds should not all recover at the same instant";
  EXPECT_TRUE(one->all_passed());
}

TEST(SweepRunner, ShardsMergeIntoTheUnshardedReportByteForByte) {
  const sim::Scenario scenario = scenario_with_rto_max("5h");
  const auto whole = run_sweep(scenario, options(3, 5, 2));
  const auto first = run_sweep(scenario, options(3, 5, 1, 1, 2));
  const auto second = run_sweep(scenario, options(3, 5, 1, 2, 2));
  ASSERT_TRUE(whole.ok() && first.ok() && second.ok());
  EXPECT_EQ(first->outcomes.size(), 3u);   // seeds 3, 5, 7
  EXPECT_EQ(second->outcomes.size(), 2u);  // seeds 4, 6
  // Through the files, as --merge reads them, in either order.
  const auto a = parse_sweep_json(render_sweep_json(*second), "b.json");
  const auto b = parse_sweep_json(render_sweep_json(*first), "a.json");
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  ASSERT_TRUE(b.ok()) << b.status().to_string();
  const auto merged = merge_sweeps({*a, *b});
  ASSERT_TRUE(merged.ok()) << merged.status().to_string();
  EXPECT_EQ(render_sweep_json(*merged), render_sweep_json(*whole));
  EXPECT_EQ(render_sweep_markdown(*merged), render_sweep_markdown(*whole));
}

TEST(SweepMerge, RefusesMissingOverlappingAndForeignShards) {
  const sim::Scenario scenario = scenario_with_rto_max("5h");
  const auto first = run_sweep(scenario, options(1, 4, 1, 1, 2));
  const auto other_range = run_sweep(scenario, options(2, 4, 1, 2, 2));
  ASSERT_TRUE(first.ok() && other_range.ok());
  const auto missing = merge_sweeps({*first});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing shards: 2/2"), std::string::npos) << missing.status().message();
  EXPECT_FALSE(merge_sweeps({*first, *first}).ok());
  EXPECT_FALSE(merge_sweeps({*first, *other_range}).ok());
  EXPECT_FALSE(parse_sweep_json("{\"scenario\": 1}", "x.json").ok());
  EXPECT_FALSE(parse_sweep_json("not json", "x.json").ok());
}

TEST(SweepRunner, ListsEveryFailingSeedWithItsReplayCommand) {
  const sim::Scenario scenario = scenario_with_rto_max("1min");  // no unplanned failover is that fast
  const auto report = run_sweep(scenario, options(5, 3, 2));
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->all_passed());
  const std::string json = render_sweep_json(*report);
  for (int seed : {5, 6, 7}) {
    EXPECT_NE(json.find("\"replay\": \"drdrill run sweep-storage.json --seed " + std::to_string(seed) + "\""), std::string::npos);
  }
  EXPECT_NE(render_sweep_markdown(*report).find("`drdrill run sweep-storage.json --seed 6`"), std::string::npos);
  EXPECT_NE(json.find("\"failed\": 3"), std::string::npos);
  const std::string html = render_sweep_html(*report);
  EXPECT_NE(html.find("<td>6</td><td>fail</td><td><code>drdrill run sweep-storage.json --seed 6</code></td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("0 of 3 seeds passed"), std::string::npos);
}

TEST(SweepHtml, DrawsAHistogramPerMeasureWithItsPercentilesAndEscapesNames) {
  SweepReport report;
  report.scenario = "<b>storage</b>";
  report.scenario_file = "a&b.json";
  report.range = SeedRange{1, 4, 1, 1};
  for (const std::uint64_t seed : {1, 2, 3, 4}) {
    SeedOutcome o;
    o.seed = seed;
    o.passed = seed != 4;
    o.verdict = o.passed ? "pass" : "fail";
    o.rto_s = seed == 4 ? std::nullopt : std::optional<double>(600.0 * static_cast<double>(seed));
    o.rpo_s["storage"] = 60.0 * static_cast<double>(seed);
    report.outcomes.push_back(o);
  }
  const std::string html = render_sweep_html(report);
  EXPECT_EQ(html.find("<b>"), std::string::npos) << "a scenario's name must never become markup";
  EXPECT_NE(html.find("<h1>Sweep: &lt;b&gt;storage&lt;/b&gt;</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("<code>a&amp;b.json</code>"), std::string::npos);
  // RTO over the three recovered seeds (10, 20, 30 min; nearest rank p50 = 20 min), RPO over four.
  std::size_t charts = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++charts;
  EXPECT_EQ(charts, 2u);
  EXPECT_NE(html.find("<title>RTO: 3 seeds by duration</title>"), std::string::npos) << html;
  EXPECT_NE(html.find(">p50 20m00s</text>"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>Not drawn: 1 not recovered.</p>"), std::string::npos) << html;
  EXPECT_NE(html.find("<title>RPO storage: 4 seeds by duration</title>"), std::string::npos) << html;
}

TEST(SweepRunner, RefusesAScenarioDrdrillRunCannotDriveBeforeRunningAnySeed) {
  sim::Scenario scenario = scenario_with_rto_max("5h");
  scenario.runbook = sim::ExternalRunbook{};
  const auto report = run_sweep(scenario, options(1, 3, 2));
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(report.status().is_invalid_argument());
}

}  // namespace
}  // namespace drdrill::sweep
