// The report writers render a DrillResult as the issue specifies: report.json's keys, junit.xml's
// testcases (negative scenarios judged by their expectation), Markdown tables that stay tables,
// and report.html's recovery chart, whose marks sit where the figures put them.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reports/histogram_chart.h"
#include "reports/recovery_chart.h"
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
  r.faults = {{"region_outage", "East US is down", std::chrono::hours(1), std::chrono::hours(7)}};
  r.simulated = std::chrono::hours(12);
  return r;
}

// A table_read probe that failed from the outage (1 h) to the end of the drill.
sim::ProbeSummary failing_probe(const std::string& name, const std::string& last_error) {
  sim::ProbeSummary p;
  p.name = name;
  p.kind = "table_read";
  p.first_failure_after_outage = std::chrono::hours(1);
  p.last_error = last_error;
  return p;
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

// An outage no probe watched: RTO is not measured (the checker's rto_max and recovered say so),
// and no report may call it "not recovered".
TEST(Reports, SayNotMeasuredWhenNoProbeWatchedTheOutage) {
  sim::DrillResult r = sample();
  r.rto_s.reset();
  r.rto_stages.clear();
  r.rto_measured = false;
  EXPECT_NE(render_markdown(r).find("| RTO | not measured |"), std::string::npos) << render_markdown(r);
  EXPECT_NE(render_summary(r).find("RTO: not measured"), std::string::npos) << render_summary(r);
  EXPECT_NE(render_html(r).find("<td>not measured</td>"), std::string::npos);
  for (const std::string& text : {render_markdown(r), render_summary(r), render_html(r)}) {
    EXPECT_EQ(text.find("not recovered"), std::string::npos) << text;
  }
}

TEST(Summary, EndsWithTheReplayCommandAndNamesWhatFailed) {
  const std::string summary = render_summary(sample());
  EXPECT_NE(summary.find("RTO: 1h30m00s = detection 2m00s + decision 1h00m00s + until_probes_pass 28m00s"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("failed: rto_max (target 1h, measured 1h30m00s)"), std::string::npos);
  EXPECT_TRUE(summary.ends_with("replay: drdrill run scenarios/sample.json --seed 9\n")) << summary;
}

TEST(HtmlReport, EscapesEveryTextTheScenarioAndTheServicesWrote) {
  sim::DrillResult r = sample();
  r.scenario = "<script>alert(1)</script> & \"co\"";
  r.steps = {{"decide", std::chrono::hours(1), std::chrono::hours(2), false, "operator said <no> & left"}};
  r.probes = {failing_probe("canary <1>", "403 <AuthorizationFailure>")};
  const std::string html = render_html(r);
  EXPECT_EQ(html.find("<script"), std::string::npos) << "a scenario's text must never become markup";
  EXPECT_EQ(html.find("<no>"), std::string::npos);
  EXPECT_EQ(html.find("<1>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"), std::string::npos);
  EXPECT_NE(html.find("operator said &lt;no&gt; &amp; left"), std::string::npos);
  EXPECT_NE(html.find("403 &lt;AuthorizationFailure&gt;"), std::string::npos);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n"));
  EXPECT_TRUE(html.ends_with("</html>\n"));
}

TEST(RecoveryChart, DrawsRtoStagesAndTheLostWriteWindowWhereTheFiguresPutThem) {
  const std::string svg = render_recovery_chart(sample());
  // The sample drill lasts 12 h; the plot starts after the 190-unit column of row names and is 746
  // units wide, so t seconds are at 190 + t / 43200 * 746. Rows: faults, lost: storage, RTO (the
  // third, its bars at y 36 + 2 * 24 + 2).
  // RTO starts at the outage (1 h); its second stage (decision, 1 h) starts 2 min later, at 254.2,
  // and is 3600 / 43200 * 746 = 62.2 wide.
  EXPECT_NE(svg.find("<rect x=\"254.2\" y=\"86.0\" width=\"62.2\" height=\"14.0\" fill=\"" + std::string(rto_stage_color(1)) +
                     "\"><title>decision 1h00m00s (+1h02m00s to +2h02m00s)</title></rect>"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find(">RTO 1h30m00s</text>"), std::string::npos) << svg;
  // Storage lost the writes of the 3 minutes before the outage: a bar from 57 min to 60 min.
  EXPECT_NE(svg.find("<rect x=\"249.1\" y=\"62.0\" width=\"3.1\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("storage RPO 3m00s: the window of lost writes, from the first one acknowledged to the later of the "
                     "outage start and the last; 2 of 60 writes lost (8.0 KiB)"),
            std::string::npos)
      << svg;
  // The metastore lost nothing and Delta saw no writes: no window for either.
  EXPECT_EQ(svg.find("lost: metastore"), std::string::npos);
  EXPECT_EQ(svg.find("lost: delta"), std::string::npos);
  // The fault runs from 1 h to 7 h; the outage is marked where RTO and RPO are measured from.
  EXPECT_NE(svg.find("<title>region_outage +1h00m00s to +7h00m00s: East US is down</title>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<line x1=\"252.2\""), std::string::npos);
  EXPECT_NE(svg.find(">outage +1h00m00s</text>"), std::string::npos);
}

// Writes the primary kept acknowledging after the outage began (a partition) and a failover then
// dropped: the window runs from the first lost write (58 min) for its RPO (31 min), past the outage.
TEST(RecoveryChart, DrawsALostWriteWindowThatRunsPastTheOutagesStart) {
  sim::DrillResult r = sample();
  r.stores[sim::Store::kStorage].rpo_s = 1860.0;
  r.stores[sim::Store::kStorage].first_lost = std::chrono::minutes(58);
  const std::string svg = render_recovery_chart(r);
  // 190 + 3480 / 43200 * 746 = 250.1; 1860 / 43200 * 746 = 32.1 wide.
  EXPECT_NE(svg.find("<rect x=\"250.1\" y=\"62.0\" width=\"32.1\""), std::string::npos) << svg;
}

TEST(RecoveryChart, ShowsADrillThatNeverRecoveredAsDownToTheEnd) {
  sim::DrillResult r = sample();
  r.rto_s.reset();
  r.rto_stages.clear();
  r.probes = {failing_probe("read-orders", "503")};
  const std::string svg = render_recovery_chart(r);
  // From the outage (1 h) to the drill's end (12 h): 11/12 of the plot.
  EXPECT_NE(svg.find("<rect x=\"252.2\" y=\"86.0\" width=\"683.8\""),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("<title>not recovered by the end of the drill</title>"), std::string::npos);
  EXPECT_NE(svg.find(">never recovered</text>"), std::string::npos) << svg;
}

TEST(RecoveryChart, ShortensLongRowNamesWithoutSplittingACharacter) {
  sim::DrillResult r = sample();
  std::string name = "x";
  for (int i = 0; i < 20; ++i) name += "\xC3\xA9";  // "é" x 20
  sim::ProbeSummary probe;
  probe.name = name;
  probe.kind = "table_read";
  r.probes = {probe};
  const std::string svg = render_recovery_chart(r);
  // A cut at 29 bytes would fall inside an "é": "probe: x" (8 bytes) + 10 whole characters
  // (20 bytes), then the ellipsis.
  EXPECT_NE(svg.find(">probe: " + name.substr(0, 21) + "\xE2\x80\xA6</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<title>probe: " + name + "</title>"), std::string::npos);
}

TEST(DurationHistogram, CountsValuesIntoRoundBinsScaledToTheFullest) {
  // 1, 2 and 3 minutes, the middle one twice: 5-second bins (the roundest width giving at most 39
  // bins below 3 min), 37 of them over 888 units from x = 56, so t seconds are at 56 + t / 185 * 888.
  // The fullest bin (2 seeds) is the whole 172-unit plot height; one seed is half of it.
  const std::string svg = render_duration_histogram("RTO", {60, 120, 120, 180}, {{"p50 2m00s", 120}});
  EXPECT_NE(svg.find("<rect x=\"632.0\" y=\"44.0\" width=\"23.0\" height=\"172.0\" fill=\"#4e79a7\"><title>2m00s to 2m05s: "
                     "2 seeds</title></rect>"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("<rect x=\"344.0\" y=\"130.0\" width=\"23.0\" height=\"86.0\" fill=\"#4e79a7\"><title>1m00s to 1m05s: "
                     "1 seed</title></rect>"),
            std::string::npos)
      << svg;
  std::size_t bars = 0;
  for (auto at = svg.find("<rect"); at != std::string::npos; at = svg.find("<rect", at + 1)) ++bars;
  EXPECT_EQ(bars, 3u) << "empty bins draw nothing";
  EXPECT_NE(svg.find("<line x1=\"632.0\""), std::string::npos) << "the marker sits at its value";
  EXPECT_NE(svg.find(">p50 2m00s</text>"), std::string::npos);
  EXPECT_NE(render_duration_histogram("RTO", {}, {}).find(">no values</text>"), std::string::npos);
}

TEST(Formats, ParsesTheListAndRefusesUnknownOnes) {
  auto all = parse_formats("json,md,junit,html");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 4u);
  EXPECT_FALSE(parse_formats("json,xml").ok());
  EXPECT_FALSE(parse_formats("").ok());
}

}  // namespace
}  // namespace drdrill::reports
