#pragma once
// `drdrill sweep FILE --seeds N [--first-seed S] [--jobs J] [--shard K/N] [--out DIR]` and
// `drdrill sweep --merge FILES... [--out DIR]`: registers the subcommand; the work is
// sweep::run_sweep and the sweep report (cli/sweep/).

#include <CLI/CLI.hpp>

namespace drdrill::cli {

// Registers the subcommand; `exit_code` receives its result when it runs.
void add_sweep_command(CLI::App& app, int& exit_code);

}  // namespace drdrill::cli
