#include "reports/run_command.h"

#include <fstream>
#include <sstream>

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
  auto written = write_reports(*result, options.out_dir, *formats);
  if (!written.ok()) {
    err << "drdrill run: " << written.status().message() << "\n";
    return kInternal;
  }
  std::string files = "  reports:";
  for (const auto& path : *written) files += " " + path.string();
  files += "\n";
  if (history) {
    std::ifstream scenario_file(options.file, std::ios::binary);
    std::ostringstream scenario_text;
    scenario_text << scenario_file.rdbuf();
    const HistoryEntry entry = history_entry(
        *result, {options.recorded_at, options.history_label, scenario_text.str(), options.drdrill_version});
    auto id = history->append(entry);
    if (!id.ok()) {
      err << "drdrill run: " << options.history_file << ": the drill ran but was not recorded: " << id.status().message()
          << "\n";
      return kInternal;
    }
    files += "  history: " + options.history_file + " (drill #" + std::to_string(*id) + ")\n";
  }
  std::string summary = render_summary(*result);
  // The reports go just before the replay line, so the summary still ends with it.
  summary.insert(summary.rfind("replay: "), files);
  out << summary;
  return result->passed ? kOk : kAssertionFailed;
}

}  // namespace drdrill::reports
