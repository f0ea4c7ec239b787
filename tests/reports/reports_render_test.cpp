// The report writers render a DrillResult as the issue specifies: report.json's keys, junit.xml's
// testcases (negative scenarios judged by their expectation), Markdown tables that stay tables.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reports/reports.h"

namespace drdrill::reports {
namespace {

sim::DrillResult sample() {
  sim::DrillResult r;
  r.scenario = "sample";
  r.scenario_file = "scenarios/sample.json";
  r.seed = 9;
  r.epoch = kDefaultEpoch;
  r.verdict = sim::Verdict::kFail;
  r.passed = false;
  r.outage_start = std::chrono::hours(1);
  r.rto_s = 5400;
  r.rto_stages = {{"detection", 120}, {"decision", 3600}, {"until_probes_pass", 1680}};
  r.stores[sim::Store::kStorage] = sim::StoreLoss{180.0, 60, 2, 8192, 0};
  r.stores[sim::Store::kMetastore] = sim::StoreLoss{0.0, 5, 0, 0, 0};
  r.stores[sim::Store::kDelta] = sim::StoreLoss{std::nullopt, 0, 0, 0, 0};
  r.inconsistencies = {{"table_files_missing", 1}, {"delta_log_missing_files", 0}, {"files_without_table", 0}};
  r.findings = {sim::Finding::kRtoExceeded, sim::Finding::kDataLost};
  r.assertions = {{"rto_max", "1h", "1h30m00s", false}, {"rpo_max.storage", "15min", "3m00s", true}};
  r.events = {{kDefaultEpoch + std::chrono::hours(1), "fault", "start region_outage eastus | hang"}};
  return r;
}

TEST(JsonReport, HoldsTheFieldsTheIssueNames) {
  const auto doc = nlohmann::ordered_json::parse(render_json(sample()));
  for (const char* key : {"scenario", "seed", "verdict", "rto_s", "rto_stages", "rpo_s", "lost_writes", "inconsistencies",
                          "assertions", "events"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
  EXPECT_EQ(doc["verdict"], "fail");
  EXPECT_EQ(doc["rto_s"], 5400.0);
  EXPECT_EQ(doc["rto_stages"]["decision"], 3600.0);
  EXPECT_EQ(doc["rto_stages"].begin().key(), "detection");  // critical-path order, not alphabetical
  EXPECT_EQ(doc["rpo_s"]["storage"], 180.0);
  EXPECT_TRUE(doc["rpo_s"]["delta"].is_null());
  EXPECT_EQ(doc["lost_writes"]["storage"], 2);
  EXPECT_EQ(doc["inconsistencies"]["table_files_missing"], 1);
  EXPECT_EQ(doc["assertions"][0],
            (nlohmann::ordered_json{{"name", "rto_max"}, {"target", "1h"}, {"measured", "1h30m00s"}, {"pass", false}}));
  EXPECT_EQ(doc["events"][0]["t"], "2026-01-01T01:00:00Z");
  EXPECT_EQ(doc["events"][0]["t_s"], 3600.0);
  EXPECT_EQ(doc["events"][0]["actor"], "fault");
  EXPECT_EQ(doc["replay"], "drdrill run scenarios/sample.json --seed 9");
}

TEST(JunitReport, FailsTheTestcaseOfEachFailedAssertion) {
  const std::string xml = render_junit(sample());
  EXPECT_NE(xml.find("<testsuite name=\"sample\" tests=\"2\" failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"rto_max\" time=\"0\">\n      <failure message=\"target 1h, measured 1h30m00s\""),
            std::string::npos)
      << xml;
}

TEST(JunitReport, JudgesANegativeScenarioByItsExpectation) {
  sim::DrillResult r = sample();
  r.expect = sim::Expect{sim::Verdict::kFail, {sim::Finding::kRtoExceeded, sim::Finding::kSplitBrain}};
  const std::string xml = render_junit(r);
  // The verdict and rto_exceeded are as expected; split_brain was not reported; the two assertions
  // are listed without failing.
  EXPECT_NE(xml.find("tests=\"5\" failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"expect.finding.split_brain\" time=\"0\">\n      <failure"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("name=\"rto_max\" time=\"0\">\n      <failure"), std::string::npos) << xml;
}

TEST(MarkdownReport, KeepsTableCellsOnOneCellAndShowsTheReplayCommand) {
  const std::string md = render_markdown(sample());
  EXPECT_NE(md.find("| +1h00m00s | fault | start region_outage eastus / hang |"), std::string::npos) << md;
  EXPECT_NE(md.find("Replay: `drdrill run scenarios/sample.json --seed 9`"), std::string::npos);
  EXPECT_NE(md.find("| storage | 3m00s | 60 | 2 | 8.0 KiB | 0 |"), std::string::npos) << md;
}

// A drill with nothing failing (the seed walkthrough) has no RTO because it had no outage: the
// report must not call that "not recovered", as the summary does not.
TEST(MarkdownReport, SaysNoOutageRatherThanNotRecoveredWhenThereWasNone) {
  sim::DrillResult r = sample();
  r.outage_start.reset();
  r.rto_s.reset();
  r.rto_stages.clear();
  EXPECT_NE(render_markdown(r).find("| RTO | no outage |"), std::string::npos) << render_markdown(r);
  EXPECT_NE(render_summary(r).find("RTO: no outage"), std::string::npos);
  r.outage_start = std::chrono::hours(1);
  EXPECT_NE(render_markdown(r).find("| RTO | not recovered |"), std::string::npos);
  EXPECT_NE(render_summary(r).find("RTO: not recovered"), std::string::npos);
}

TEST(Summary, EndsWithTheReplayCommandAndNamesWhatFailed) {
  const std::string summary = render_summary(sample());
  EXPECT_NE(summary.find("RTO: 1h30m00s = detection 2m00s + decision 1h00m00s + until_probes_pass 28m00s"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("failed: rto_max (target 1h, measured 1h30m00s)"), std::string::npos);
  EXPECT_TRUE(summary.ends_with("replay: drdrill run scenarios/sample.json --seed 9\n")) << summary;
}

TEST(Formats, ParsesTheListAndRefusesUnknownOnes) {
  auto all = parse_formats("json,md,junit");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  EXPECT_FALSE(parse_formats("json,xml").ok());
  EXPECT_FALSE(parse_formats("").ok());
}

}  // namespace
}  // namespace drdrill::reports
