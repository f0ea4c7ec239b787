#include "reports/run_command.h"

#include <fstream>
#include <sstream>

#include "reports/drill_outputs.h"
#include "reports/reports.h"
#include "reports/results_history.h"
#include "sim/drill.h"
#include "sim/scenario_loader.h"

namespace drdrill::reports {
namespace {

// The values of cli/exit_codes.h (the reports layer cannot include the executable's headers).
constexpr int kOk = 0;
constexpr int kAssertionFailed = 1;
constexpr int kInvalidInput = 2;
constexpr int kInternal = 3;

}  // namespace

int run_command(const RunCommandOptions& options, std::ostream& out, std::ostream& err) {
  auto formats = parse_formats(options.formats);
  if (!formats.ok()) {
    err << "drdrill run: " << formats.status().message() << "\n";
    return kInvalidInput;
  }
  const sim::LoadReport loaded = sim::load_scenario_report_from_file(options.file);
  if (!loaded.ok()) {
    err << loaded.to_string();
    err << options.file << ": invalid scenario\n";
    return kInvalidInput;
  }
  std::optional<ResultsHistory> history;
  if (!options.history_file.empty()) {
    auto opened = ResultsHistory::open(options.history_file);
    if (!opened.ok()) {
      err << "drdrill run: " << opened.status().message() << "\n";
      return kInvalidInput;
    }
    history.emplace(std::move(*opened));
  }
  sim::DrillOptions drill;
  drill.seed = options.seed;
  drill.scenario_file = options.file;
  if (options.progress) {
    drill.progress = [&err](const std::string& line) { err << "drdrill run: " << line << "\n"; };
  }
  auto result = sim::run_drill(*loaded.scenario, drill);
  if (!result.ok()) {
    const Status& status = result.status();
    err << "drdrill run: " << options.file << ": " << status.message() << "\n";
    if (status.is_invalid_argument()) return kInvalidInput;
    err << "replay: drdrill run " << options.file << " --seed " << options.seed.value_or(loaded.scenario->seed) << "\n";
    return kInternal;
  }
  RecordingContext recording{options.recorded_at, options.history_label, "", options.drdrill_version};
  if (history) {
    std::ifstream scenario_file(options.file, std::ios::binary);
    std::ostringstream scenario_text;
    scenario_text << scenario_file.rdbuf();
    recording.scenario_text = scenario_text.str();
  }
  auto summary = write_drill_outputs(
      *result, {options.out_dir, *formats, history ? &*history : nullptr, options.history_file, recording});
  if (!summary.ok()) {
    err << "drdrill run: " << summary.status().message() << "\n";
    return kInternal;
  }
  out << *summary;
  return result->passed ? kOk : kAssertionFailed;
}

}  // namespace drdrill::reports
