// `drdrill run` as CI meets it: exit codes, the files it writes, the same bytes for the same seed,
// and a summary that ends with the command that replays the run.

#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/results_history.h"
#include "reports/run_command.h"
#include "reports_test_support.h"

namespace drdrill::reports {
namespace {

using testing::fresh_dir;
using testing::read_file;
using testing::source_path;
using testing::write_file;

constexpr const char* kHandComputed = "tests/sim/data/hand-computed-storage.json";

struct Ran {
  int code = -1;
  std::string out;
  std::string err;
};

Ran run(RunCommandOptions options) {
  std::ostringstream out;
  std::ostringstream err;
  Ran r;
  r.code = run_command(options, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

RunCommandOptions options_for(const std::string& file, const std::filesystem::path& out_dir) {
  RunCommandOptions o;
  o.file = file;
  o.out_dir = out_dir.string();
  return o;
}

// A copy of the hand-computed scenario with one line replaced, written into `dir`.
std::string variant(const std::filesystem::path& dir, const std::string& from, const std::string& to) {
  std::string text = read_file(source_path(kHandComputed));
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  const auto path = dir / "scenario.json";
  write_file(path, text);
  return path.string();
}

TEST(RunCommand, ExitsZeroWritesTheThreeReportsAndEndsWithTheReplayCommand) {
  const auto dir = fresh_dir();
  const Ran r = run(options_for(source_path(kHandComputed), dir));
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  for (const char* name : {"report.json", "report.md", "junit.xml"}) EXPECT_TRUE(std::filesystem::exists(dir / name)) << name;
  EXPECT_FALSE(std::filesystem::exists(dir / "report.html")) << "report.html is written only when asked for";
  const std::string last_line = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
  EXPECT_EQ(last_line, "replay: drdrill run " + source_path(kHandComputed) + " --seed 1\n");
  EXPECT_NE(r.out.find("RTO: 42m00s"), std::string::npos) << r.out;
}

TEST(RunCommand, WritesOnlyTheFormatsAsked) {
  const auto dir = fresh_dir();
  RunCommandOptions o = options_for(source_path(kHandComputed), dir);
  o.formats = "junit";
  EXPECT_EQ(run(o).code, 0);
  EXPECT_TRUE(std::filesystem::exists(dir / "junit.xml"));
  EXPECT_FALSE(std::filesystem::exists(dir / "report.json"));
}

TEST(RunCommand, ExitsOneWhenAnAssertionFails) {
  const auto dir = fresh_dir();
  const Ran r = run(options_for(variant(dir, "\"rto_max\": \"45min\"", "\"rto_max\": \"30min\""), dir / "out"));
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("failed: rto_max (target 30min, measured 42m00s)"), std::string::npos) << r.out;
  const auto report = nlohmann::json::parse(read_file(dir / "out" / "report.json"));
  EXPECT_EQ(report["verdict"], "fail");
  EXPECT_EQ(report["passed"], false);
}

TEST(RunCommand, ExitsTwoForAnInvalidScenarioAnUnknownFormatOrWhatItCannotModel) {
  const auto dir = fresh_dir();
  const Ran invalid = run(options_for(variant(dir, "\"every\": \"1min\"", "\"every\": \"-1min\""), dir));
  EXPECT_EQ(invalid.code, 2);
  EXPECT_NE(invalid.err.find("/workload/blob_writes/0/every"), std::string::npos) << invalid.err;

  EXPECT_EQ(run(options_for(source_path("no/such/file.json"), dir)).code, 2);

  RunCommandOptions bad_format = options_for(source_path(kHandComputed), dir);
  bad_format.formats = "json,pdf";
  const Ran format = run(bad_format);
  EXPECT_EQ(format.code, 2);
  EXPECT_NE(format.err.find("unknown report format \"pdf\""), std::string::npos);

  const Ran external = run(options_for(source_path("scenarios/examples/external-runbook.json"), dir));
  EXPECT_EQ(external.code, 2);
  EXPECT_NE(external.err.find("drdrill serve"), std::string::npos) << external.err;
}

TEST(RunCommand, ExitsThreeWhenTheEventBoundIsHitAndSaysHowToReplay) {
  const auto dir = fresh_dir();
  const Ran r = run(options_for(variant(dir, "\"max_time\": \"3h\"", "\"max_time\": \"3h\", \"max_events\": 100"), dir));
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("run.max_events (100)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("replay: drdrill run"), std::string::npos) << r.err;
}

TEST(RunCommand, RecordsEachDrillInTheHistoryWhenAskedAndSaysWhere) {
  const auto dir = fresh_dir();
  RunCommandOptions o = options_for(source_path(kHandComputed), dir / "out");
  o.history_file = (dir / "history.db").string();
  o.history_label = "CHG-42";
  o.recorded_at = "2026-11-26T10:00:00Z";
  o.drdrill_version = "9.9.9";
  const Ran first = run(o);
  EXPECT_EQ(first.code, 0) << first.err;
  o.seed = 2;
  const Ran second = run(o);
  EXPECT_NE(second.out.find("  history: " + o.history_file + " (drill #2)\nreplay: "), std::string::npos) << second.out;

  auto history = ResultsHistory::open(o.history_file);
  ASSERT_TRUE(history.ok());
  auto entries = history->entries();
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  const HistoryEntry& last = entries->back();
  EXPECT_EQ(last.seed, 2u);
  EXPECT_EQ(last.label, "CHG-42");
  EXPECT_EQ(last.recorded_at, "2026-11-26T10:00:00Z");
  EXPECT_EQ(last.drdrill_version, "9.9.9");
  EXPECT_EQ(last.scenario_file, source_path(kHandComputed));
  EXPECT_EQ(last.report_json, read_file(dir / "out" / "report.json")) << "the report.json the run wrote";
}

TEST(RunCommand, RefusesAHistoryFileThatIsNotOneBeforeRunningTheDrill) {
  const auto dir = fresh_dir();
  write_file(dir / "notes.txt", "not a database\n");
  RunCommandOptions o = options_for(source_path(kHandComputed), dir / "out");
  o.history_file = (dir / "notes.txt").string();
  const Ran r = run(o);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("notes.txt: not a drdrill results history"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "report.json")) << "refused before the drill ran";
  EXPECT_EQ(read_file(dir / "notes.txt"), "not a database\n");
}

TEST(RunCommand, WritesTheSameBytesForTheSameSeedAndOtherBytesForAnother) {
  const auto dir = fresh_dir();
  RunCommandOptions a = options_for(source_path("scenarios/regional-outage.json"), dir / "a");
  RunCommandOptions b = options_for(source_path("scenarios/regional-outage.json"), dir / "b");
  RunCommandOptions c = options_for(source_path("scenarios/regional-outage.json"), dir / "c");
  c.seed = 2;
  for (RunCommandOptions* o : {&a, &b, &c}) o->formats = "json,md,junit,html";
  const Ran ra = run(a);
  const Ran rb = run(b);
  (void)run(c);
  // The summaries differ only in where the reports went.
  auto without_paths = [](std::string text) { return text.erase(text.find("  reports:"), text.find("replay:") - text.find("  reports:")); };
  EXPECT_EQ(without_paths(ra.out), without_paths(rb.out));
  for (const char* name : {"report.json", "report.md", "junit.xml", "report.html"}) {
    EXPECT_EQ(read_file(dir / "a" / name), read_file(dir / "b" / name)) << name;
  }
  EXPECT_NE(read_file(dir / "a" / "report.json"), read_file(dir / "c" / "report.json"));
  EXPECT_NE(read_file(dir / "a" / "report.html"), read_file(dir / "c" / "report.html"));
  const auto report = nlohmann::json::parse(read_file(dir / "c" / "report.json"));
  EXPECT_EQ(report["seed"], 2);
  EXPECT_EQ(report["replay"], "drdrill run " + source_path("scenarios/regional-outage.json") + " --seed 2");
}

}  // namespace
}  // namespace drdrill::reports
