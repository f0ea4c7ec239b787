// A whole drill in simulated time: the same seed gives the same run, event for event.
#include <gtest/gtest.h>

#include "scenario_test_support.h"
#include "sim/drill.h"

namespace drdrill::sim {
namespace {

TEST(Drill, RunsTheDefaultScenarioTheSameWayTwiceForOneSeed) {
  auto scenario = load_scenario(testing::source_path("scenarios/regional-outage.json"));
  ASSERT_TRUE(scenario.ok());
  auto a = run_drill(*scenario);
  auto b = run_drill(*scenario);
  DrillOptions other;
  other.seed = 2;
  auto c = run_drill(*scenario, other);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok()) << a.status().to_string();
  EXPECT_EQ(a->trace_hash, b->trace_hash);
  EXPECT_EQ(a->events.size(), b->events.size());
  EXPECT_NE(a->trace_hash, c->trace_hash);
  EXPECT_EQ(a->simulated, std::chrono::hours(12));
}

}  // namespace
}  // namespace drdrill::sim
