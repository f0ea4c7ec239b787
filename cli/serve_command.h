#pragma once
// `drdrill serve [SCENARIO]`: a scenario's world on 127.0.0.1 in (scaled) real time for the user's
// own failover tooling, its faults on the timeline, until the run's end, the command's exit, the
// control API's end or a signal; then the reports. The served drill itself is built by
// drdrill::serve (cli/serve/); this file parses flags, writes the endpoints file, starts the
// command, logs to stderr and writes the reports.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace drdrill::cli {

// Registers the subcommand; `exit_code` receives its result when it runs.
// `run_command`: what followed "--run" on the command line (main takes it out before CLI11 parses,
// so the command's own options are not read as serve's).
void add_serve_command(CLI::App& app, int& exit_code, std::vector<std::string> run_command = {});

}  // namespace drdrill::cli
