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

// The same drill driven in uneven steps, as serve's real-time pump drives it, is the same drill.
TEST(Drill, SteppedInUnevenStepsEqualsRunDrillEventForEvent) {
  auto scenario = load_scenario(testing::source_path("scenarios/regional-outage.json"));
  ASSERT_TRUE(scenario.ok());
  auto whole = run_drill(*scenario);
  ASSERT_TRUE(whole.ok()) << whole.status().to_string();

  auto created = Drill::create(*scenario);
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  Drill& drill = **created;
  const Duration steps[] = {std::chrono::seconds(1), std::chrono::minutes(7), std::chrono::milliseconds(1500),
                            std::chrono::hours(2)};
  for (std::size_t i = 0; !drill.at_end(); ++i) {
    ASSERT_TRUE(drill.advance_to(drill.now() + steps[i % 4]).ok());
    // Asking for the past does nothing.
    ASSERT_TRUE(drill.advance_to(drill.now() - std::chrono::hours(1)).ok());
  }
  EXPECT_EQ(drill.now(), drill.end_time());
  auto stepped = drill.finish();
  ASSERT_TRUE(stepped.ok()) << stepped.status().to_string();
  EXPECT_EQ(stepped->trace_hash, whole->trace_hash);
  EXPECT_EQ(stepped->events_run, whole->events_run);
  ASSERT_EQ(stepped->events.size(), whole->events.size());
  for (std::size_t i = 0; i < whole->events.size(); ++i) {
    EXPECT_EQ(stepped->events[i].at, whole->events[i].at);
    EXPECT_EQ(stepped->events[i].what, whole->events[i].what);
  }
  EXPECT_EQ(stepped->rto_s, whole->rto_s);
  EXPECT_EQ(stepped->passed, whole->passed);
  EXPECT_FALSE(stepped->served);
  EXPECT_EQ(drill.finish().status().code(), StatusCode::kFailedPrecondition);
}

TEST(Drill, StopsWithResourceExhaustedAcrossStepsWhenTheEventBoundIsHit) {
  auto scenario = load_scenario(testing::source_path("scenarios/regional-outage.json"));
  ASSERT_TRUE(scenario.ok());
  scenario->run.max_events = 500;
  auto created = Drill::create(*scenario);
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  Drill& drill = **created;
  Status last;
  for (int i = 0; i < 100000 && last.ok() && !drill.at_end(); ++i) last = drill.advance_to(drill.now() + std::chrono::minutes(1));
  EXPECT_TRUE(last.is_resource_exhausted()) << last.to_string();
  EXPECT_NE(last.message().find("run.max_events (500)"), std::string::npos) << last.message();
  EXPECT_TRUE(drill.advance_to(drill.end_time()).is_resource_exhausted());  // it stays stopped
}

TEST(Drill, AcceptsAnExternalRunbookOnlyWhenServed) {
  auto scenario = load_scenario(testing::source_path("scenarios/examples/external-runbook.json"));
  ASSERT_TRUE(scenario.ok());
  EXPECT_TRUE(run_drill(*scenario).status().is_invalid_argument());
  DrillOptions served;
  served.allow_external_runbook = true;
  auto created = Drill::create(*scenario, served);
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  Drill& drill = **created;
  ASSERT_TRUE(drill.advance_to(drill.epoch() + std::chrono::hours(2)).ok());
  drill.set_served(ExternalCommandResult{{"./tools/failover.sh"}, Duration{0}, std::chrono::minutes(30), 2, "exited 2", "", ""});
  auto result = drill.finish();
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_TRUE(result->served);
  ASSERT_TRUE(result->external_command.has_value());
  EXPECT_EQ(result->external_command->exit_status, 2);
  EXPECT_FALSE(result->passed);  // the tool failed: the drill fails
  EXPECT_EQ(result->assertions.back().name, "runbook.command");
  EXPECT_FALSE(result->assertions.back().pass);
  EXPECT_EQ(replay_command(*result).rfind("drdrill serve ", 0), 0u);
}

}  // namespace
}  // namespace drdrill::sim
