#pragma once
// ResultsHistory: the drills a team has run, kept in one SQLite file, so that RTO and RPO can be
// followed from one drill to the next and shown to an auditor (that the drill ran, when, on which
// version of which scenario, with which seed, what it measured, and its whole report.json).
// `drdrill run --history FILE` appends a drill; `drdrill history FILE` lists them.
//
// The file is an ordinary SQLite database (table `drill_runs`, one row per drill, columns named
// for what they hold), marked with its own application_id and format version so that drdrill
// refuses to write its rows into some other application's database.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "sim/drill_result.h"
#include "sql/sqlite_connection.h"

namespace drdrill::reports {

// One drill as the history keeps it.
struct HistoryEntry {
  std::int64_t id = 0;          // assigned on append: 1, 2, ... in the order drills were recorded
  std::string recorded_at;      // when (ISO 8601, UTC; the recording machine's clock)
  std::string label;            // the user's words for it: a commit, a change ticket, "2026 Q4 drill"
  std::string scenario;         // the scenario's name
  std::string scenario_file;    // as given on the command line
  std::string scenario_sha256;  // of the scenario file's bytes: an edited scenario shows as a new hash
  std::uint64_t seed = 0;
  std::string drdrill_version;
  std::string verdict;          // the drill's own verdict: "pass" / "fail"
  bool passed = false;          // the exit status: the verdict, or a negative scenario's expectation met
  std::optional<double> rto_s;  // absent: not recovered, not measured, or no outage
  std::string rto_text;         // as the reports say it: "2h28m00s", "not recovered", "no outage", ...
  std::optional<double> rpo_storage_s;
  std::optional<double> rpo_metastore_s;
  std::optional<double> rpo_delta_s;
  std::int64_t lost_writes = 0;      // all stores together
  std::int64_t inconsistencies = 0;  // all kinds together
  std::string findings;              // space-separated, as in the summary
  std::string report_json;           // the drill's report.json, byte for byte
};

// What the history records about one drill that the result itself does not know.
struct RecordingContext {
  std::string recorded_at;
  std::string label;
  std::string scenario_text;  // the scenario file's bytes (the history keeps their SHA-256)
  std::string drdrill_version;
};

HistoryEntry history_entry(const sim::DrillResult& result, const RecordingContext& context);

class ResultsHistory {
 public:
  // Opens `file`, creating an empty history if it does not exist. InvalidArgument naming the file
  // when it is not a drdrill history (another application's database, not SQLite at all) or was
  // written by a newer drdrill.
  static Result<ResultsHistory> open(const std::filesystem::path& file);

  // Appends one drill; returns the id it was given.
  Result<std::int64_t> append(const HistoryEntry& entry);

  // The drills recorded, oldest first; only `scenario`'s when given, only the last `last` when given.
  Result<std::vector<HistoryEntry>> entries(std::string_view scenario = {}, std::optional<std::size_t> last = {});

  // One drill by id, with its report.json; NotFound when there is no such id.
  Result<HistoryEntry> entry(std::int64_t id);

 private:
  explicit ResultsHistory(sql::SqliteConnection connection) : connection_(std::move(connection)) {}

  sql::SqliteConnection connection_;
};

// The history as a text table for a terminal: one line per drill with RTO, RPO per store, lost
// writes and the label, so that a trend shows at a glance.
std::string render_history_table(const std::vector<HistoryEntry>& entries);
// The same as a JSON array, without each drill's report.json (`drdrill history FILE --report ID`
// prints that).
std::string render_history_json(const std::vector<HistoryEntry>& entries);

}  // namespace drdrill::reports
