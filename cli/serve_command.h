#pragma once
// `drdrill serve`: the fakes on 127.0.0.1 in real time for the user's own failover tooling, until
// SIGINT or SIGTERM. The world itself is built by drdrill::serve (cli/serve/); this file parses
// flags, writes the endpoints file, logs to stderr and waits.

#include <CLI/CLI.hpp>

namespace drdrill::cli {

// Registers the subcommand; `exit_code` receives its result when it runs.
void add_serve_command(CLI::App& app, int& exit_code);

}  // namespace drdrill::cli
