#include "sim/validate_command.h"

#include "sim/scenario_loader.h"

namespace drdrill::sim {

int run_validate_command(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  bool all_valid = true;
  for (const std::string& file : files) {
    const LoadReport report = load_scenario_report_from_file(file);
    if (report.ok()) {
      out << file << ": ok\n";
      continue;
    }
    all_valid = false;
    for (const Diagnostic& d : report.diagnostics) err << d.to_string() << '\n';
    const std::size_t n = report.diagnostics.size();
    err << file << ": " << n << (n == 1 ? " error" : " errors") << '\n';
  }
  return all_valid ? 0 : 2;
}

}  // namespace drdrill::sim
