// The drdrill command: parses arguments and hands each subcommand to the layer that implements it.
// This is the composition root; it is the only code that knows every layer.

#include <CLI/CLI.hpp>
#include <string>
#include <utility>
#include <vector>

#include "exit_codes.h"
#include "history_command.h"
#include "run_command.h"
#include "validate_command.h"
#include "serve_command.h"
#include "sweep_command.h"

namespace {

constexpr const char* kExitCodesHelp =
    "Exit codes: 0 success, 1 a drill assertion failed, 2 invalid input or usage, 3 internal error.";

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
  drdrill::cli::add_sweep_command(app, exit_code);
  drdrill::cli::add_serve_command(app, exit_code, std::move(run_command));
  drdrill::cli::add_history_command(app, exit_code);

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
