#pragma once
// Helpers shared by the scenario tests: paths into the source tree, reading files, and finding the
// diagnostic about one JSON Pointer.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario_loader.h"

namespace drdrill::sim::testing {

inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(DRDRILL_SOURCE_DIR) / relative;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline nlohmann::json read_json(const std::filesystem::path& path) {
  nlohmann::json doc = nlohmann::json::parse(read_text(path), nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << path;
  return doc;
}

// Every scenario file under scenarios/ (the library and the examples), sorted.
inline std::vector<std::filesystem::path> shipped_scenarios() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_path("scenarios"))) {
    const auto& p = entry.path();
    if (entry.is_regular_file() && p.extension() == ".json" && p.filename() != "drdrill-scenario.schema.json") {
      out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline LoadReport load_json(const nlohmann::json& doc, const std::string& name = "test.json") {
  return load_scenario_report(doc.dump(2), name);
}

// The diagnostics about exactly this pointer.
inline std::vector<Diagnostic> about(const LoadReport& report, const std::string& pointer) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : report.diagnostics) {
    if (d.pointer == pointer) out.push_back(d);
  }
  return out;
}

// The single diagnostic of a report (a failure if there is not exactly one).
inline Diagnostic only(const LoadReport& report) {
  EXPECT_EQ(report.diagnostics.size(), 1u) << report.to_string();
  return report.diagnostics.empty() ? Diagnostic{} : report.diagnostics.front();
}

}  // namespace drdrill::sim::testing
