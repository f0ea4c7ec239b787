#pragma once
// `drdrill validate FILE...`: registers the subcommand; the work is sim::run_validate_command.

#include <CLI/CLI.hpp>

namespace drdrill::cli {

// Registers the subcommand; `exit_code` receives its result when it runs.
void add_validate_command(CLI::App& app, int& exit_code);

}  // namespace drdrill::cli
