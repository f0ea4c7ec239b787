// Fuzz target: scenario text as `drdrill validate` and `drdrill run` load it
// (sim::load_scenario_report).
//
// Contract (sim/scenario_loader.h): never crashes, never throws; a rejected text yields at least one
// diagnostic that names the file, a line and column >= 1, a JSON Pointer ("" or "/...") and a
// message; an accepted text carries no diagnostic, and loading it again gives an equal Scenario
// (nothing depends on state left over from an earlier load); a drill builds from an accepted
// scenario, as `drdrill run` does next, or fails with a status that says why (never a crash).

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_contract.h"
#include "sim/drill.h"
#include "sim/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using drdrill::fuzz::require;
  const std::string_view text = drdrill::fuzz::as_text(data, size);
  const drdrill::sim::LoadReport report = drdrill::sim::load_scenario_report(text, "fuzz.json");
  if (report.ok()) {
    require(report.diagnostics.empty(), "an accepted scenario carries no diagnostic", report.to_string());
    const drdrill::sim::LoadReport again = drdrill::sim::load_scenario_report(text, "fuzz.json");
    require(again.ok() && *again.scenario == *report.scenario, "loading an accepted scenario again gives the same scenario",
            again.to_string());
    const auto drill = drdrill::sim::Drill::create(*report.scenario);
    require(drill.ok() || !drill.status().message().empty(), "a drill that cannot be built says why");
    return 0;
  }
  require(!report.diagnostics.empty(), "a rejected scenario has at least one diagnostic");
  for (const drdrill::sim::Diagnostic& d : report.diagnostics) {
    const std::string line = d.to_string();
    require(d.file == "fuzz.json", "a diagnostic names the file", line);
    require(d.line >= 1 && d.column >= 1, "a diagnostic names a line and column >= 1", line);
    require(d.pointer.empty() || d.pointer.front() == '/', "a diagnostic names a JSON Pointer", line);
    require(!d.message.empty(), "a diagnostic says what is wrong", line);
  }
  return 0;
}
