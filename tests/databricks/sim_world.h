#pragma once
// Test helper: one workspace on a simulated scheduler, reached through its REST handler.

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "api_test_client.h"
#include "core/random.h"
#include "core/simulated_scheduler.h"
#include "databricks/api_json.h"
#include "databricks/workspace.h"

namespace drdrill::databricks::testing {

// Bounds every run so a test can never spin forever.
inline constexpr std::uint64_t kMaxEventsPerRun = 100000;

struct SimWorld {
  explicit SimWorld(std::uint64_t seed = 7, WorkspaceConfig config = {})
      : random(seed), workspace(std::move(config), scheduler, random), client(workspace) {}

  // Advances simulated time by `d`, running every event due.
  void run_for(Duration d) {
    const Status status = scheduler.run(RunBounds{.max_events = kMaxEventsPerRun, .until = scheduler.now() + d});
    ASSERT_TRUE(status.ok()) << status.to_string();
  }

  // The JSON body of a response that must be 200.
  static Json ok_json(const http::Response& response) {
    EXPECT_EQ(response.status, 200) << response.body;
    Json parsed = Json::parse(response.body, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << response.body;
    return parsed;
  }

  SimulatedScheduler scheduler;
  Random random;
  Workspace workspace;
  ApiTestClient client;
};

}  // namespace drdrill::databricks::testing
