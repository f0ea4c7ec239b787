#include "validate_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "exit_codes.h"
#include "sim/scenario_schema.h"
#include "sim/validate_command.h"

namespace drdrill::cli {

namespace {

struct ValidateOptions {
  std::vector<std::string> files;
  bool print_schema = false;
  bool print_reference = false;
};

}  // namespace

void add_validate_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ValidateOptions>();
  auto* sub = app.add_subcommand(
      "validate",
      "Check scenario files and report each error like a compiler (file:line:col: /json/pointer: message)");
  sub->add_option("files", options->files, "Scenario files (JSON)");
  sub->add_flag("--print-schema", options->print_schema,
                "Print the scenario JSON Schema (scenarios/drdrill-scenario.schema.json) and exit");
  sub->add_flag("--print-reference", options->print_reference,
                "Print the Markdown field reference embedded in docs/scenarios.md and exit");
  sub->footer("Exit codes: 0 every file is valid, 2 any file is invalid or unreadable.");
  sub->callback([options, &exit_code] {
    if (options->print_schema) {
      std::cout << sim::scenario_json_schema_text();
      exit_code = kExitOk;
      return;
    }
    if (options->print_reference) {
      std::cout << sim::scenario_field_reference_markdown();
      exit_code = kExitOk;
      return;
    }
    if (options->files.empty()) {
      std::cerr << "drdrill validate: name at least one scenario file\n";
      exit_code = kExitInvalidInput;
      return;
    }
    const int code = sim::run_validate_command(options->files, std::cout, std::cerr);
    exit_code = code == 0 ? kExitOk : kExitInvalidInput;
  });
}

}  // namespace drdrill::cli
