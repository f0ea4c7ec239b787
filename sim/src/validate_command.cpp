#include "sim/validate_command.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/scenario_loader.h"

namespace drdrill::sim {

namespace {

// A JSON Schema document (its "$schema" names a json-schema.org meta-schema), such as
// scenarios/drdrill-scenario.schema.json, which `drdrill validate scenarios/*.json` picks up.
bool is_json_schema(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("$schema") || !doc["$schema"].is_string()) return false;
  const std::string& meta = doc["$schema"].get_ref<const std::string&>();
  return meta.starts_with("https://json-schema.org/") || meta.starts_with("http://json-schema.org/");
}

}  // namespace

int run_validate_command(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  bool all_valid = true;
  for (const std::string& file : files) {
    const LoadReport report = load_scenario_report_from_file(file);
    if (report.ok()) {
      out << file << ": ok\n";
      continue;
    }
    if (is_json_schema(file)) {
      out << file << ": skipped: a JSON Schema, not a scenario\n";
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
