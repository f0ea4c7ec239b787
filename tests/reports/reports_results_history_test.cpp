// The results history: drills recorded in a SQLite file and listed back as they were measured; a
// file that is not a drdrill history is refused and left untouched.

#include <gtest/gtest.h>

#include "reports/reports.h"
#include "reports/results_history.h"
#include "reports_test_support.h"
#include "sql/sqlite_connection.h"

namespace drdrill::reports {
namespace {

using testing::fresh_dir;
using testing::read_file;
using testing::write_file;

sim::DrillResult drill(const std::string& scenario, std::uint64_t seed, std::optional<double> rto_s) {
  sim::DrillResult r;
  r.scenario = scenario;
  r.scenario_file = "scenarios/" + scenario + ".json";
  r.seed = seed;
  r.epoch = kDefaultEpoch;
  r.passed = rto_s.has_value();
  r.verdict = r.passed ? sim::Verdict::kPass : sim::Verdict::kFail;
  r.outage_start = std::chrono::hours(1);
  r.rto_s = rto_s;
  if (!rto_s) r.findings.insert(sim::Finding::kNotRecovered);
  r.findings.insert(sim::Finding::kDataLost);
  r.stores[sim::Store::kStorage] = sim::StoreLoss{870.0, 700, 8, 6554, 0};
  r.stores[sim::Store::kMetastore] = sim::StoreLoss{0.0, 12, 0, 0, 0};
  r.stores[sim::Store::kDelta] = sim::StoreLoss{std::nullopt, 0, 0, 0, 0};
  r.inconsistencies = {{"table_files_missing", 2}, {"files_without_table", 25}};
  return r;
}

HistoryEntry entry_of(const sim::DrillResult& r, const std::string& at) {
  return history_entry(r, {at, "ticket CHG-1", "{\"name\": \"x\"}", "0.1.0"});
}

TEST(ResultsHistory, KeepsWhatEachDrillMeasuredAndListsThemOldestFirst) {
  const auto file = fresh_dir() / "history.db";
  auto history = ResultsHistory::open(file);
  ASSERT_TRUE(history.ok()) << history.status().message();
  const sim::DrillResult first = drill("regional-outage", 1, 8880);
  EXPECT_EQ(*history->append(entry_of(first, "2026-11-01T09:00:00Z")), 1);
  EXPECT_EQ(*history->append(entry_of(drill("sql-only-outage", 1, 600), "2026-11-02T09:00:00Z")), 2);
  EXPECT_EQ(*history->append(entry_of(drill("regional-outage", 4, std::nullopt), "2026-11-03T09:00:00Z")), 3);

  auto all = history->entries();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  const HistoryEntry& e = all->front();
  EXPECT_EQ(e.id, 1);
  EXPECT_EQ(e.recorded_at, "2026-11-01T09:00:00Z");
  EXPECT_EQ(e.label, "ticket CHG-1");
  EXPECT_EQ(e.scenario, "regional-outage");
  EXPECT_EQ(e.scenario_file, "scenarios/regional-outage.json");
  EXPECT_EQ(e.seed, 1u);
  EXPECT_EQ(e.verdict, "pass");
  EXPECT_TRUE(e.passed);
  EXPECT_EQ(e.rto_s, 8880.0);
  EXPECT_EQ(e.rto_text, "2h28m00s");
  EXPECT_EQ(e.rpo_storage_s, 870.0);
  EXPECT_EQ(e.rpo_metastore_s, 0.0);
  EXPECT_EQ(e.rpo_delta_s, std::nullopt) << "a store without writes has no RPO, not 0";
  EXPECT_EQ(e.lost_writes, 8);
  EXPECT_EQ(e.inconsistencies, 27);
  EXPECT_EQ(e.findings, "data_lost");
  EXPECT_EQ(e.report_json, render_json(first)) << "the whole report.json, byte for byte";
  EXPECT_EQ((*all)[2].rto_s, std::nullopt);
  EXPECT_EQ((*all)[2].rto_text, "not recovered") << "as the reports say it, not a bare '-'";
  EXPECT_FALSE((*all)[2].passed);

  auto one_scenario = history->entries("regional-outage");
  ASSERT_TRUE(one_scenario.ok());
  ASSERT_EQ(one_scenario->size(), 2u);
  EXPECT_EQ((*one_scenario)[1].id, 3);
  auto last_two = history->entries({}, 2);
  ASSERT_TRUE(last_two.ok());
  ASSERT_EQ(last_two->size(), 2u);
  EXPECT_EQ((*last_two)[0].id, 2) << "the newest two, still oldest first";
  EXPECT_EQ((*last_two)[1].id, 3);
  EXPECT_TRUE(history->entry(4).status().is_not_found());
}

TEST(ResultsHistory, SurvivesClosingAndKeepsCounting) {
  const auto file = fresh_dir() / "history.db";
  {
    auto history = ResultsHistory::open(file);
    ASSERT_TRUE(history.ok());
    ASSERT_TRUE(history->append(entry_of(drill("a", 1, 60), "2026-11-01T09:00:00Z")).ok());
  }
  auto reopened = ResultsHistory::open(file);
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  EXPECT_EQ(*reopened->append(entry_of(drill("a", 2, 60), "2026-11-02T09:00:00Z")), 2);
  EXPECT_EQ(reopened->entries()->size(), 2u);
}

TEST(ResultsHistory, KeepsTheScenarioFilesHashSoAnEditedScenarioShows) {
  RecordingContext context{"2026-11-01T09:00:00Z", "", "abc", "0.1.0"};
  // SHA-256("abc"), FIPS 180-2's first example.
  EXPECT_EQ(history_entry(drill("a", 1, 60), context).scenario_sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  context.scenario_text = "abd";
  EXPECT_NE(history_entry(drill("a", 1, 60), context).scenario_sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ResultsHistory, RefusesAFileThatIsNotSQLiteAndLeavesItUntouched) {
  const auto file = fresh_dir() / "notes.txt";
  write_file(file, "my release notes, not a database\n");
  auto history = ResultsHistory::open(file);
  ASSERT_FALSE(history.ok());
  EXPECT_TRUE(history.status().is_invalid_argument());
  EXPECT_NE(history.status().message().find("notes.txt: not a drdrill results history: not a SQLite database"),
            std::string::npos)
      << history.status().message();
  EXPECT_EQ(read_file(file), "my release notes, not a database\n");
}

TEST(ResultsHistory, RefusesAnotherApplicationsDatabaseAndLeavesItUntouched) {
  const auto file = fresh_dir() / "app.db";
  {
    auto other = sql::SqliteConnection::open_file(file);
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE(other->exec_script("CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (7);").ok());
  }
  const std::string before = read_file(file);
  auto history = ResultsHistory::open(file);
  ASSERT_FALSE(history.ok());
  EXPECT_NE(history.status().message().find("a SQLite database of another application"), std::string::npos)
      << history.status().message();
  EXPECT_EQ(read_file(file), before);
}

TEST(ResultsHistory, RefusesAHistoryWrittenByANewerDrdrill) {
  const auto file = fresh_dir() / "history.db";
  ASSERT_TRUE(ResultsHistory::open(file).ok());
  {
    auto raw = sql::SqliteConnection::open_file(file);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw->exec_script("PRAGMA user_version = 2;").ok());
  }
  auto history = ResultsHistory::open(file);
  ASSERT_FALSE(history.ok());
  EXPECT_NE(history.status().message().find("written by a newer drdrill (history format 2; this drdrill reads format 1)"),
            std::string::npos)
      << history.status().message();
}

TEST(HistoryTable, ShowsOneLinePerDrillWithItsMeasurements) {
  std::vector<HistoryEntry> entries{entry_of(drill("regional-outage", 1, 8880), "2026-11-01T09:00:00Z"),
                                    entry_of(drill("regional-outage", 4, std::nullopt), "2026-11-03T09:00:00Z")};
  entries[0].id = 1;
  entries[1].id = 2;
  const std::string table = render_history_table(entries);
  EXPECT_NE(table.find("1  2026-11-01T09:00:00Z  regional-outage  1     PASS    2h28m00s       14m30s       0s             -"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("2  2026-11-03T09:00:00Z  regional-outage  4     FAIL    not recovered"), std::string::npos) << table;
  sim::DrillResult calm = drill("seed-walkthrough", 1, std::nullopt);
  calm.outage_start.reset();
  entries.push_back(entry_of(calm, "2026-11-04T09:00:00Z"));
  entries[2].id = 3;
  EXPECT_NE(render_history_table(entries).find("3  2026-11-04T09:00:00Z  seed-walkthrough  1     FAIL    no outage"),
            std::string::npos)
      << render_history_table(entries) << "the RTO as the reports say it, not a '-' for every kind of absence";
  EXPECT_EQ(render_history_table({}), "no drills recorded\n");
}

}  // namespace
}  // namespace drdrill::reports
