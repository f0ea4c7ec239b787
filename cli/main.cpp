// The drdrill command: parses arguments and hands each subcommand to the layer that implements it.
// This is the composition root; it is the only code that knows every layer.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "demo_command.h"
#include "exit_codes.h"
#include "run_command.h"
#include "validate_command.h"
#include "serve_command.h"

namespace {

constexpr const char* kExitCodesHelp =
    "Exit codes: 0 success, 1 a drill assertion failed, 2 invalid input or usage, 3 internal error.";

// Subcommands whose issues have not landed yet say so plainly instead of pretending to work.
void add_planned(CLI::App& app, const char* name, const char* description, const char* issue, int& exit_code) {
  auto* sub = app.add_subcommand(name, std::string(description) + " [not implemented yet: " + issue + "]");
  sub->allow_extras();
  sub->callback([name, issue, &exit_code] {
    std::fprintf(stderr, "drdrill %s: not implemented yet (tracked in %s)\n", name, issue);
    exit_code = drdrill::cli::kExitInvalidInput;
  });
}

}  // namespace

int main(int argc, char** argv) {
  // `drdrill serve ... --run CMD ARGS...`: everything after --run is the user's command.
  std::vector<std::string> run_command;
  if (argc > 1 && std::string(argv[1]) == "serve") {
    for (int i = 2; i < argc; ++i) {
      if (std::string(argv[i]) != "--run") continue;
      for (int j = i + 1; j < argc; ++j) run_command.emplace_back(argv[j]);
      argc = i;
      break;
    }
  }
  CLI::App app{"drdrill: rehearse an Azure Databricks regional failover against faithful fakes and\n"
               "measure what was lost (RPO) and how long recovery took (RTO)."};
  app.set_version_flag("--version", std::string("drdrill ") + DRDRILL_VERSION);
  app.footer(kExitCodesHelp);
  app.require_subcommand(1);

  int exit_code = drdrill::cli::kExitOk;
  drdrill::cli::add_run_command(app, exit_code);
  drdrill::cli::add_validate_command(app, exit_code);
  add_planned(app, "sweep", "Run a scenario over many seeds and report RTO/RPO distributions", "issue 6",
              exit_code);
  drdrill::cli::add_serve_command(app, exit_code, std::move(run_command));
  drdrill::cli::add_demo_command(app, exit_code);
  add_planned(app, "report", "Render or compare reports from earlier runs", "issue 6", exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return drdrill::cli::kExitInvalidInput;
  }
  return exit_code;
}
