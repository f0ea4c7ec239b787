#pragma once
// `drdrill history FILE`: lists the drills a results history holds (reports/results_history.h),
// or prints one drill's stored report.json.

#include <CLI/CLI.hpp>

namespace drdrill::cli {

// Registers the subcommand; `exit_code` receives its result when it runs.
void add_history_command(CLI::App& app, int& exit_code);

}  // namespace drdrill::cli
