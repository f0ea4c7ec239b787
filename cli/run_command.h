#pragma once
// `drdrill run FILE`: registers the subcommand; the work is reports::run_command (the drill itself
// is sim::run_drill).

#include <CLI/CLI.hpp>

namespace drdrill::cli {

// Registers the subcommand; `exit_code` receives its result when it runs.
void add_run_command(CLI::App& app, int& exit_code);

}  // namespace drdrill::cli
