#pragma once
// Loading scenario files, strictly: unknown keys, wrong types, out-of-range values, missing
// required fields and dangling references are all errors, each a Diagnostic naming the file, line,
// column, JSON Pointer and what was expected; one pass reports every error it can find. A present
// field is never silently replaced by a default, and nothing here throws or aborts on bad input.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sim/diagnostic.h"
#include "sim/scenario.h"

namespace drdrill::sim {

struct LoadReport {
  std::optional<Scenario> scenario;      // set only when there is no diagnostic
  std::vector<Diagnostic> diagnostics;   // in file order

  bool ok() const { return scenario.has_value(); }
  // Every diagnostic on its own line.
  std::string to_string() const;
};

// `display_name` is what diagnostics call the file.
LoadReport load_scenario_report(std::string_view text, std::string display_name);
LoadReport load_scenario_report_from_file(const std::filesystem::path& path);

// The scenario, or InvalidArgument whose message lists every diagnostic, one per line.
Result<Scenario> load_scenario(const std::filesystem::path& path);
Result<Scenario> load_scenario_text(std::string_view text, std::string display_name = "<scenario>");

}  // namespace drdrill::sim
