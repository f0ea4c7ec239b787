#pragma once
// What a finished drill leaves behind, the same for `drdrill run` and `drdrill serve`: the reports
// asked for, the drill's row in a results history when one is kept, and the summary that lists
// both before the command that replays the run.

#include <filesystem>
#include <set>
#include <string>

#include "core/result.h"
#include "reports/reports.h"
#include "reports/results_history.h"
#include "sim/drill_result.h"

namespace drdrill::reports {

struct DrillOutputs {
  std::filesystem::path out_dir;
  std::set<Format> formats;
  // The history to record the drill in (opened before the drill ran, so that a wrong file failed
  // at once); null: keep no history.
  ResultsHistory* history = nullptr;
  std::string history_file;  // as the user named it, for the summary
  RecordingContext recording;
};

// Writes the reports, records the drill when a history is kept, and returns render_summary() with
// "  reports: FILES" and "  history: FILE (drill #N)" inserted before its replay line. An error
// names what could not be written (the drill itself ran).
Result<std::string> write_drill_outputs(const sim::DrillResult& result, const DrillOutputs& outputs);

}  // namespace drdrill::reports
