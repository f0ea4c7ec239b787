#pragma once
// `drdrill demo`: a small simulated-time demonstration of the kernel, shipped until the drill
// engine (issue 6) provides `drdrill run`. It is not a drill: no service fakes are involved.

#include <CLI/CLI.hpp>

namespace drdrill::cli {

// Registers the subcommand; `exit_code` receives its result when it runs.
void add_demo_command(CLI::App& app, int& exit_code);

}  // namespace drdrill::cli
