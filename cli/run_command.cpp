#include "run_command.h"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "core/time.h"
#include "drill_output_options.h"
#include "reports/run_command.h"

namespace drdrill::cli {

void add_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<reports::RunCommandOptions>();
  auto seed = std::make_shared<std::uint64_t>(0);
  auto* sub = app.add_subcommand(
      "run", "Run a scenario in simulated time; print a summary and write report.json, report.md, junit.xml");
  sub->add_option("file", options->file, "Scenario file (JSON)")->required();
  auto* seed_option = sub->add_option("--seed", *seed, "Seed (default: the scenario's)");
  sub->add_option("--out", options->out_dir, "Directory for the reports (default: the current one)");
  add_drill_output_options(sub, options->formats, options->history_file, options->history_label);
  sub->footer(
      "Exit codes: 0 the drill passed (a negative scenario: was caught as expected), 1 an assertion failed, 2 invalid "
      "input, 3 internal error (a simulation bound hit).");
  sub->callback([options, seed, seed_option, &exit_code] {
    if (seed_option->count() > 0) options->seed = *seed;
    // Progress lines only for a person watching a terminal; pipes and CI logs get the summary.
    options->progress = isatty(STDERR_FILENO) != 0;
    options->drdrill_version = DRDRILL_VERSION;
    // wall-clock ok: when the drill was recorded in the history, outside the simulation.
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    options->recorded_at = format_iso8601(now);
    exit_code = reports::run_command(*options, std::cout, std::cerr);
  });
}

}  // namespace drdrill::cli
