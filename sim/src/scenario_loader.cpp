#include "sim/scenario_loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>

#include "scenario_binder.h"
#include "scenario_checks.h"
#include "spec_validator.h"

namespace drdrill::sim {

namespace {

// Scenario files are small; a huge file is almost certainly the wrong file.
constexpr std::uintmax_t kMaxScenarioBytes = 16 * 1024 * 1024;

LoadReport failure(std::string file, std::string message) {
  LoadReport report;
  report.diagnostics.push_back(Diagnostic{std::move(file), 0, 0, "", std::move(message)});
  return report;
}

}  // namespace

std::string LoadReport::to_string() const {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}

LoadReport load_scenario_report(std::string_view text, std::string display_name) {
  auto parsed = LocatedJson::parse(text);
  if (const auto* problem = std::get_if<JsonProblem>(&parsed)) {
    LoadReport report;
    report.diagnostics.push_back(Diagnostic{std::move(display_name), problem->position.line,
                                            problem->position.column, problem->pointer, problem->message});
    return report;
  }
  const LocatedJson& doc = std::get<LocatedJson>(parsed);
  spec::Problems problems(doc, display_name);
  for (const JsonProblem& problem : doc.problems()) {
    problems.at_position(problem.position, problem.pointer, problem.message);
  }
  spec::validate_document(problems);
  Scenario scenario = spec::bind_scenario(problems);
  spec::check_scenario(scenario, problems);

  LoadReport report;
  report.diagnostics = problems.take();
  std::stable_sort(report.diagnostics.begin(), report.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  if (report.diagnostics.empty()) report.scenario = std::move(scenario);
  return report;
}

LoadReport load_scenario_report_from_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return failure(name, "cannot read: it is a directory");
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxScenarioBytes) {
    return failure(name, "cannot read: " + std::to_string(size) + " bytes is too large for a scenario file (at most " +
                             std::to_string(kMaxScenarioBytes) + ")");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure(name, std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return failure(name, "cannot read: an I/O error occurred");
  return load_scenario_report(text.str(), name);
}

Result<Scenario> load_scenario(const std::filesystem::path& path) {
  LoadReport report = load_scenario_report_from_file(path);
  if (!report.ok()) return Status::InvalidArgument(report.to_string());
  return std::move(*report.scenario);
}

Result<Scenario> load_scenario_text(std::string_view text, std::string display_name) {
  LoadReport report = load_scenario_report(text, std::move(display_name));
  if (!report.ok()) return Status::InvalidArgument(report.to_string());
  return std::move(*report.scenario);
}

}  // namespace drdrill::sim
