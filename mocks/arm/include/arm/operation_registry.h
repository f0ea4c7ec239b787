#pragma once
// OperationRegistry: Azure Resource Manager long-running operations (LROs), as the official
// clients poll them.
//
// A provider that starts something slow (a storage account failover, a SQL failover group
// failover) begins an operation here and answers the request with accepted(): 202 with a Location
// header (and, if the provider wants, Azure-AsyncOperation) pointing back at this server, plus
// Retry-After. Its model completes the operation later — at a simulated time the model chose, never
// after some number of polls — with succeed() or fail(), or schedules that with succeed_at().
//
// The two polling URLs, served by poll_location() and poll_status(), follow @azure/core-lro
// (api-facts 4.2; sdk/core/core-lro/src/http/operation.ts):
// - Location ("ResourceLocation" mode, used when no Azure-AsyncOperation is given): 202 while
//   running (Location and Retry-After repeated); once succeeded, 200 with the operation's result
//   body (empty for a POST action such as failover); once failed, the error's own status (>= 300)
//   with the ARM error body, which core-lro reads as failure and whose error.code/message it reports.
//   With Azure-AsyncOperation present, core-lro GETs this URL once more after "Succeeded" to fetch
//   the final result, so it must answer 200 by then — it does.
// - Azure-AsyncOperation ("OperationLocation" mode): always 200 with
//     {"id":"<status path>","name":"<id>","status":"InProgress"|"Succeeded"|"Failed",
//      "startTime":"...","endTime":"...","error":{"code":...,"message":...}}
//   (endTime once finished, error only when failed; Retry-After while running). core-lro treats
//   any status other than Succeeded/Failed/Canceled as still running, so "InProgress" polls on.
//   The body never carries "resourceLocation" (core-lro would fetch it).
// Retry-After is given in seconds (core-lro accepts seconds or an HTTP date).
//
// URLs are absolute https URLs: the caller passes the gateway's base URL (arm::Gateway::base_url)
// and the path+query of each polling URL, which its own routes then serve. Microsoft.Storage uses
// one path for both, told apart by "monitor=true"
// (".../providers/Microsoft.Storage/locations/{location}/asyncoperations/{id}"); Microsoft.Sql uses
// two (".../failoverGroupOperationResults/{id}" and ".../failoverGroupAzureAsyncOperation/{id}").
//
// Operation ids are GUID-shaped and counted, so a replay issues the same ids. Operations are kept
// for the registry's lifetime (a drill starts few). Single-threaded, on the scheduler's thread; the
// destructor cancels completions scheduled with succeed_at().

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "arm/arm_error.h"
#include "arm/arm_json.h"
#include "core/scheduler.h"
#include "core/time.h"
#include "http/response.h"

namespace drdrill::arm {

enum class OperationStatus { kInProgress, kSucceeded, kFailed };

// "InProgress", "Succeeded", "Failed": the Azure-AsyncOperation spelling.
std::string_view to_string(OperationStatus status);

// Where clients poll an operation: path and query, relative to the gateway's base URL.
struct OperationLinks {
  std::string location;                              // always sent
  std::optional<std::string> azure_async_operation;  // sent when set
};

struct Operation {
  std::string id;
  OperationStatus status = OperationStatus::kInProgress;
  TimePoint started{};
  std::optional<TimePoint> ended;
  std::optional<ArmError> error;  // when failed
  std::optional<Json> result;     // the 200 body of the Location URL once succeeded, if any
  // The absolute URLs given in the 202 (set by accepted()).
  std::string location_url;
  std::optional<std::string> azure_async_operation_url;
};

struct OperationRegistryConfig {
  // Retry-After on 202s and running status polls. The SDKs default to polling every 2 s (30 s for
  // some) without it; 1 keeps real-time drills responsive.
  int retry_after_s = 1;
};

class OperationRegistry {
 public:
  explicit OperationRegistry(Scheduler& scheduler, OperationRegistryConfig config = {});
  ~OperationRegistry();
  OperationRegistry(const OperationRegistry&) = delete;
  OperationRegistry& operator=(const OperationRegistry&) = delete;

  // Starts an operation (in progress from now) and returns its id.
  std::string begin();

  // Completes a running operation; a second completion is ignored (the first outcome stands).
  // `result` is what the Location URL then answers with 200 (e.g. the resource after a SQL failover).
  void succeed(std::string_view id, std::optional<Json> result = std::nullopt);
  void fail(std::string_view id, ArmError error);
  // Schedules succeed(id) at `when`, for operations whose end is known when they start.
  void succeed_at(std::string_view id, TimePoint when);

  const Operation* find(std::string_view id) const;

  // The 202 Accepted for the request that began `id`: Location (and Azure-AsyncOperation) as
  // base_url + links, Retry-After, no body. Remembers the URLs for later polls.
  http::Response accepted(std::string_view id, std::string_view base_url, const OperationLinks& links);

  // GET on the Location URL (see the file comment). Unknown id: 404.
  http::Response poll_location(std::string_view id) const;
  // GET on the Azure-AsyncOperation URL. Unknown id: 404.
  http::Response poll_status(std::string_view id) const;

 private:
  Operation* find_mutable(std::string_view id);
  void finish(Operation& op);

  Scheduler& scheduler_;
  OperationRegistryConfig config_;
  std::uint64_t issued_ = 0;
  std::map<std::string, Operation, std::less<>> operations_;
  std::map<std::string, TimerId, std::less<>> timers_;
};

}  // namespace drdrill::arm
