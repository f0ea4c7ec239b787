#pragma once
// Helpers shared by the tests that run whole drills: a scenario from the source tree, and a drill
// run whose failure to build or run fails the test (and yields an empty result to assert on).

#include <gtest/gtest.h>

#include <string>

#include "scenario_test_support.h"
#include "sim/drill.h"

namespace drdrill::sim::testing {

// A scenario file under the source tree, e.g. "scenarios/regional-outage.json".
inline Scenario load_source_scenario(const std::string& relative) {
  auto scenario = load_scenario(source_path(relative));
  EXPECT_TRUE(scenario.ok()) << relative << ": " << scenario.status().to_string();
  return scenario.ok() ? *scenario : Scenario{};
}

inline DrillResult run_or_fail(const Scenario& scenario, const DrillOptions& options = {}) {
  auto result = run_drill(scenario, options);
  EXPECT_TRUE(result.ok()) << result.status().to_string();
  return result.ok() ? *result : DrillResult{};
}

}  // namespace drdrill::sim::testing
