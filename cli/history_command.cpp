#include "history_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "exit_codes.h"
#include "reports/results_history.h"

namespace drdrill::cli {
namespace {

struct HistoryOptions {
  std::string file;
  std::string scenario;
  std::size_t last = 0;  // 0: all
  bool json = false;
  std::int64_t report_id = 0;  // > 0: print that drill's report.json
};

int run_history(const HistoryOptions& options) {
  if (!std::filesystem::exists(options.file)) {
    // Opening would create an empty history: listing a file that is not there is a mistake.
    std::cerr << "drdrill history: " << options.file << ": no such file (drdrill run --history FILE creates one)\n";
    return kExitInvalidInput;
  }
  auto history = reports::ResultsHistory::open(options.file);
  if (!history.ok()) {
    std::cerr << "drdrill history: " << history.status().message() << "\n";
    return kExitInvalidInput;
  }
  if (options.report_id > 0) {
    auto entry = history->entry(options.report_id);
    if (!entry.ok()) {
      std::cerr << "drdrill history: " << options.file << ": " << entry.status().message() << "\n";
      return kExitInvalidInput;
    }
    std::cout << entry->report_json;
    return kExitOk;
  }
  auto entries = history->entries(options.scenario,
                                  options.last > 0 ? std::optional<std::size_t>(options.last) : std::nullopt);
  if (!entries.ok()) {
    std::cerr << "drdrill history: " << options.file << ": " << entries.status().message() << "\n";
    return kExitInternalError;
  }
  std::cout << (options.json ? reports::render_history_json(*entries) : reports::render_history_table(*entries));
  return kExitOk;
}

}  // namespace

void add_history_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<HistoryOptions>();
  auto* sub = app.add_subcommand("history", "List the drills recorded with `drdrill run --history FILE`, oldest first");
  sub->add_option("file", options->file, "Results history (SQLite file)")->required();
  sub->add_option("--scenario", options->scenario, "Only this scenario's drills (its name)");
  sub->add_option("--last", options->last, "Only the last N drills")->check(CLI::PositiveNumber);
  sub->add_flag("--json", options->json, "Print JSON instead of a table");
  sub->add_option("--report", options->report_id, "Print the stored report.json of drill number ID")
      ->check(CLI::PositiveNumber);
  sub->footer("Exit codes: 0 listed, 2 no such file, not a drdrill history, or no such drill.");
  sub->callback([options, &exit_code] { exit_code = run_history(*options); });
}

}  // namespace drdrill::cli
