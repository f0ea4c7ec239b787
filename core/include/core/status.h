#pragma once
// Status: the outcome of an operation that can fail for operating reasons (bad input, a bound hit,
// something unavailable). Programming errors are asserted, not returned.
//
// Modelled on leveldb::Status: named factories and predicates, a message meant for a human, cheap
// to copy when OK (no allocation).

#include <string>
#include <string_view>
#include <utility>

namespace drdrill {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong (scenario field, request, flag)
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // a named thing exists and must not
  kFailedPrecondition,  // the system is not in a state that allows the operation
  kUnavailable,         // a dependency cannot be reached right now (outage, refused)
  kResourceExhausted,   // a bound was hit (max events, max simulated time, body size)
  kDeadlineExceeded,    // a wait ran out of time
  kInternal,            // an invariant of drdrill itself broke
};

std::string_view to_string(StatusCode code);

class Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) { return {StatusCode::kAlreadyExists, std::move(msg)}; }
  static Status FailedPrecondition(std::string msg) { return {StatusCode::kFailedPrecondition, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) { return {StatusCode::kResourceExhausted, std::move(msg)}; }
  static Status DeadlineExceeded(std::string msg) { return {StatusCode::kDeadlineExceeded, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  bool is_invalid_argument() const { return code_ == StatusCode::kInvalidArgument; }
  bool is_not_found() const { return code_ == StatusCode::kNotFound; }
  bool is_unavailable() const { return code_ == StatusCode::kUnavailable; }
  bool is_resource_exhausted() const { return code_ == StatusCode::kResourceExhausted; }

  // "ResourceExhausted: event bound of 1000 reached at t=..." ; "OK" when ok.
  std::string to_string() const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace drdrill
