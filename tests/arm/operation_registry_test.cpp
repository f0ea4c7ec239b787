// Long-running operations: the 202 that starts one, the Location and Azure-AsyncOperation polls,
// and completion at the time the model says, as @azure/core-lro sees it.

#include "arm/operation_registry.h"

#include <gtest/gtest.h>

#include "arm/gateway.h"
#include "arm_test_support.h"
#include "core/simulated_scheduler.h"
#include "core_lro_poller.h"

namespace drdrill::arm {
namespace {

using http::Method;
using testing::arm_request;
using testing::body_json;
using testing::dump;
using testing::poll_like_core_lro;

// A provider with one action, POST /subscriptions/s/things/{name}/act, that takes `duration` of
// simulated time, and Microsoft.Storage-style polling URLs.
class LongRunningOperations : public ::testing::Test {
 protected:
  LongRunningOperations() {
    gateway.routes().add(Method::kPost, "/subscriptions/{sub}/things/{name}/act",
                         [this](const http::Request& r, const http::RouteMatch&) {
                           const std::string id = operations.begin();
                           operations.succeed_at(id, scheduler.now() + duration);
                           OperationLinks links;
                           const std::string path = "/subscriptions/s/providers/X.Test/locations/eastus/asyncoperations/" + id;
                           links.location = path + "?monitor=true&api-version=1";
                           if (with_async_operation) links.azure_async_operation = path + "?api-version=1";
                           return operations.accepted(id, gateway.base_url(r), links);
                         });
    gateway.routes().add(Method::kGet, "/subscriptions/{sub}/providers/X.Test/locations/{location}/asyncoperations/{id}",
                         [this](const http::Request&, const http::RouteMatch& m) {
                           const std::string_view id = m.params.at("id");
                           return m.query.get("monitor") == "true" ? operations.poll_location(id) : operations.poll_status(id);
                         });
  }

  http::Response start() { return gateway.handle(arm_request(Method::kPost, "/subscriptions/s/things/a/act?api-version=1")); }
  testing::LroOutcome run_to_completion(const http::Response& initial) {
    return poll_like_core_lro(
        scheduler, [this](const http::Request& r) { return gateway.handle(r); },
        arm_request(Method::kGet, "/"), initial);
  }

  SimulatedScheduler scheduler;
  Gateway gateway{scheduler};
  OperationRegistry operations{scheduler, OperationRegistryConfig{5}};
  Duration duration = 37min;
  bool with_async_operation = false;
};

TEST_F(LongRunningOperations, StartsWith202LocationAndRetryAfterPointingBackAtTheServerOverHttps) {
  EXPECT_EQ(dump(start()),
            "202\n"
            "Location: https://management.localhost:8443/subscriptions/s/providers/X.Test/locations/eastus/asyncoperations/"
            "00000000-0000-4000-a000-000000000001?monitor=true&api-version=1\n"
            "Retry-After: 5\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000001\n"
            "x-ms-correlation-request-id: 00000000-0000-4000-9000-000000000001\n"
            "Date: Thu, 01 Jan 2026 00:00:00 GMT\n"
            "\n");
}

TEST_F(LongRunningOperations, TheLocationAnswers202WhileRunningAnd200FromTheModelledTimeOn) {
  const auto initial = start();
  const std::string target = testing::target_of(std::string(*initial.headers.get("Location")));
  ASSERT_TRUE(scheduler.run_for(37min - 1s).ok());
  const auto running = gateway.handle(arm_request(Method::kGet, target));
  EXPECT_EQ(running.status, 202);
  EXPECT_EQ(running.headers.get("Location"), initial.headers.get("Location"));
  EXPECT_EQ(running.headers.get("Retry-After"), "5");
  ASSERT_TRUE(scheduler.run_for(1s).ok());
  const auto done = gateway.handle(arm_request(Method::kGet, target));
  EXPECT_EQ(done.status, 200);
  EXPECT_EQ(done.body, "");
  EXPECT_FALSE(done.headers.has("Retry-After"));
}

TEST_F(LongRunningOperations, CoreLroPollingTheLocationFinishesAtTheModelledTimeWhateverThePollCount) {
  const auto outcome = run_to_completion(start());
  EXPECT_EQ(outcome.mode, "ResourceLocation");
  EXPECT_EQ(outcome.status, "succeeded");
  // Polls at once, then every Retry-After (5 s): the first poll at or after 37 min sees it done.
  EXPECT_EQ(outcome.finished_at, kDefaultEpoch + 37min);
  EXPECT_EQ(outcome.polls, 1 + 37 * 60 / 5);
  EXPECT_EQ(outcome.last.status, 200);
}

TEST_F(LongRunningOperations, CoreLroPrefersAzureAsyncOperationAndThenFetchesTheLocation) {
  with_async_operation = true;
  const auto initial = start();
  ASSERT_TRUE(initial.headers.has("Azure-AsyncOperation"));
  EXPECT_EQ(*initial.headers.get("Azure-AsyncOperation"),
            "https://management.localhost:8443/subscriptions/s/providers/X.Test/locations/eastus/asyncoperations/"
            "00000000-0000-4000-a000-000000000001?api-version=1");
  const auto outcome = run_to_completion(initial);
  EXPECT_EQ(outcome.mode, "OperationLocation");
  EXPECT_EQ(outcome.status, "succeeded");
  EXPECT_EQ(outcome.finished_at, kDefaultEpoch + 37min);
  EXPECT_EQ(outcome.last.status, 200);  // the final GET of the Location
}

TEST_F(LongRunningOperations, TheStatusUrlReportsInProgressThenSucceededWithTimes) {
  with_async_operation = true;
  const auto initial = start();
  const std::string target = testing::target_of(std::string(*initial.headers.get("Azure-AsyncOperation")));
  const auto running = gateway.handle(arm_request(Method::kGet, target));
  EXPECT_EQ(running.status, 200);
  EXPECT_EQ(running.body,
            R"({"id":"/subscriptions/s/providers/X.Test/locations/eastus/asyncoperations/00000000-0000-4000-a000-000000000001",)"
            R"("name":"00000000-0000-4000-a000-000000000001","status":"InProgress","startTime":"2026-01-01T00:00:00Z"})");
  EXPECT_EQ(running.headers.get("Retry-After"), "5");
  ASSERT_TRUE(scheduler.run_for(1h).ok());
  const auto done = gateway.handle(arm_request(Method::kGet, target));
  EXPECT_EQ(body_json(done)["status"], "Succeeded");
  EXPECT_EQ(body_json(done)["endTime"], "2026-01-01T00:37:00Z");
  EXPECT_FALSE(done.headers.has("Retry-After"));
}

TEST_F(LongRunningOperations, AFailedOperationAnswersItsErrorOnBothUrls) {
  with_async_operation = true;
  duration = 24h;  // never reached: the model fails it first
  const auto initial = start();
  const std::string id = "00000000-0000-4000-a000-000000000001";
  ASSERT_TRUE(scheduler.run_for(10min).ok());
  operations.fail(id, ArmError{409, "Conflict", "It went wrong.", ""});
  ASSERT_TRUE(scheduler.run_for(48h).ok());  // the cancelled success never fires
  EXPECT_EQ(operations.find(id)->status, OperationStatus::kFailed);

  const auto location = gateway.handle(arm_request(Method::kGet, testing::target_of(std::string(*initial.headers.get("Location")))));
  EXPECT_EQ(location.status, 409);
  EXPECT_EQ(location.body, R"({"error":{"code":"Conflict","message":"It went wrong."}})");
  const auto status = gateway.handle(
      arm_request(Method::kGet, testing::target_of(std::string(*initial.headers.get("Azure-AsyncOperation")))));
  EXPECT_EQ(status.status, 200);
  EXPECT_EQ(body_json(status)["status"], "Failed");
  EXPECT_EQ(body_json(status)["error"]["code"], "Conflict");
  EXPECT_EQ(body_json(status)["error"]["message"], "It went wrong.");
}

TEST_F(LongRunningOperations, CoreLroReportsAFailureFromEitherMode) {
  for (bool async : {false, true}) {
    with_async_operation = async;
    duration = 24h;
    const auto initial = start();
    const std::string location(*initial.headers.get("Location"));
    const auto from = location.find("asyncoperations/") + std::string_view("asyncoperations/").size();
    const std::string id = location.substr(from, location.find('?') - from);
    scheduler.schedule_after(3min, [this, id] { operations.fail(id, ArmError{500, "InternalError", "Boom.", ""}); });
    const auto outcome = run_to_completion(initial);
    EXPECT_EQ(outcome.status, "failed") << async;
    EXPECT_EQ(outcome.finished_at, scheduler.now());
  }
}

TEST_F(LongRunningOperations, TheFirstCompletionStands) {
  const std::string id = operations.begin();
  operations.succeed(id);
  operations.fail(id, ArmError{500, "InternalError", "late", ""});
  EXPECT_EQ(operations.find(id)->status, OperationStatus::kSucceeded);
  EXPECT_EQ(operations.poll_location(id).status, 200);
}

TEST_F(LongRunningOperations, ASucceededOperationCanCarryAResultBody) {
  const std::string id = operations.begin();
  operations.succeed(id, Json{{"name", "db"}, {"properties", {{"role", "Primary"}}}});
  const auto response = operations.poll_location(id);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"name":"db","properties":{"role":"Primary"}})");
}

TEST_F(LongRunningOperations, AnUnknownOperationIs404) {
  EXPECT_EQ(operations.poll_location("nope").status, 404);
  EXPECT_EQ(operations.poll_status("nope").status, 404);
  EXPECT_EQ(body_json(operations.poll_status("nope"))["error"]["code"], "NotFound");
}

TEST_F(LongRunningOperations, DestroyingTheRegistryCancelsScheduledCompletions) {
  {
    OperationRegistry short_lived(scheduler);
    short_lived.succeed_at(short_lived.begin(), scheduler.now() + 1min);
  }
  EXPECT_EQ(scheduler.pending(), 0u);
}

}  // namespace
}  // namespace drdrill::arm
