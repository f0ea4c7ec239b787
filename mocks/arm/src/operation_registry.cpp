#include "arm/operation_registry.h"

#include <cstdio>
#include <utility>

namespace drdrill::arm {

std::string_view to_string(OperationStatus status) {
  switch (status) {
    case OperationStatus::kInProgress: return "InProgress";
    case OperationStatus::kSucceeded: return "Succeeded";
    case OperationStatus::kFailed: return "Failed";
  }
  return "InProgress";
}

OperationRegistry::OperationRegistry(Scheduler& scheduler, OperationRegistryConfig config)
    : scheduler_(scheduler), config_(config) {}

OperationRegistry::~OperationRegistry() {
  for (const auto& [id, timer] : timers_) scheduler_.cancel(timer);
}

std::string OperationRegistry::begin() {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-a000-%012llx", static_cast<unsigned long long>(++issued_));
  Operation op;
  op.id = buf;
  op.started = scheduler_.now();
  const auto [it, inserted] = operations_.emplace(op.id, std::move(op));
  return it->first;
}

Operation* OperationRegistry::find_mutable(std::string_view id) {
  const auto it = operations_.find(id);
  return it == operations_.end() ? nullptr : &it->second;
}

const Operation* OperationRegistry::find(std::string_view id) const {
  const auto it = operations_.find(id);
  return it == operations_.end() ? nullptr : &it->second;
}

void OperationRegistry::finish(Operation& op) {
  op.ended = scheduler_.now();
  if (const auto timer = timers_.find(op.id); timer != timers_.end()) {
    scheduler_.cancel(timer->second);
    timers_.erase(timer);
  }
}

void OperationRegistry::succeed(std::string_view id, std::optional<Json> result) {
  Operation* op = find_mutable(id);
  if (op == nullptr || op->status != OperationStatus::kInProgress) return;
  op->status = OperationStatus::kSucceeded;
  op->result = std::move(result);
  finish(*op);
}

void OperationRegistry::fail(std::string_view id, ArmError error) {
  Operation* op = find_mutable(id);
  if (op == nullptr || op->status != OperationStatus::kInProgress) return;
  op->status = OperationStatus::kFailed;
  op->error = std::move(error);
  finish(*op);
}

void OperationRegistry::succeed_at(std::string_view id, TimePoint when) {
  Operation* op = find_mutable(id);
  if (op == nullptr || op->status != OperationStatus::kInProgress) return;
  std::string key = op->id;
  const TimerId timer = scheduler_.schedule_at(
      when,
      [this, key] {
        timers_.erase(key);
        succeed(key);
      },
      "arm.operation.complete");
  if (const auto previous = timers_.find(key); previous != timers_.end()) scheduler_.cancel(previous->second);
  timers_.insert_or_assign(std::move(key), timer);
}

http::Response OperationRegistry::accepted(std::string_view id, std::string_view base_url, const OperationLinks& links) {
  Operation* op = find_mutable(id);
  if (op == nullptr) return render_error(errors::operation_not_found(id));
  op->location_url = std::string(base_url) + links.location;
  if (links.azure_async_operation) op->azure_async_operation_url = std::string(base_url) + *links.azure_async_operation;

  http::Response response = http::Response::empty(202);
  response.headers.add("Location", op->location_url);
  if (op->azure_async_operation_url) response.headers.add("Azure-AsyncOperation", *op->azure_async_operation_url);
  response.headers.add("Retry-After", std::to_string(config_.retry_after_s));
  return response;
}

http::Response OperationRegistry::poll_location(std::string_view id) const {
  const Operation* op = find(id);
  if (op == nullptr) return render_error(errors::operation_not_found(id));
  switch (op->status) {
    case OperationStatus::kInProgress: {
      http::Response response = http::Response::empty(202);
      if (!op->location_url.empty()) response.headers.add("Location", op->location_url);
      response.headers.add("Retry-After", std::to_string(config_.retry_after_s));
      return response;
    }
    case OperationStatus::kSucceeded:
      return op->result ? json_response(200, *op->result) : http::Response::empty(200);
    case OperationStatus::kFailed: break;
  }
  // A failed operation answers with its error's status; core-lro reads any status >= 300 as failure.
  ArmError error = *op->error;
  if (error.status < 300) error.status = 500;
  return render_error(error);
}

http::Response OperationRegistry::poll_status(std::string_view id) const {
  const Operation* op = find(id);
  if (op == nullptr) return render_error(errors::operation_not_found(id));
  Json body;
  if (op->azure_async_operation_url) {
    // "id" is the status resource's path, as ARM reports it (no scheme, host or query).
    std::string path = *op->azure_async_operation_url;
    if (const auto scheme = path.find("://"); scheme != std::string::npos) {
      const auto slash = path.find('/', scheme + 3);
      path = slash == std::string::npos ? "/" : path.substr(slash);
    }
    path = path.substr(0, path.find('?'));
    body["id"] = path;
  }
  body["name"] = op->id;
  body["status"] = std::string(to_string(op->status));
  body["startTime"] = format_arm_time(op->started);
  if (op->ended) body["endTime"] = format_arm_time(*op->ended);
  if (op->error) {
    Json error;
    error["code"] = op->error->code;
    error["message"] = op->error->message;
    body["error"] = std::move(error);
  }
  http::Response response = json_response(200, body);
  if (op->status == OperationStatus::kInProgress) {
    response.headers.add("Retry-After", std::to_string(config_.retry_after_s));
  }
  return response;
}

}  // namespace drdrill::arm
