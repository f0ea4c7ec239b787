#pragma once
// ApiError: a Databricks REST error as clients see it: an `error_code` string, a `message`, and the
// HTTP status it travels with. ApiStatus / ApiResult<T> carry one out of the workspace model.
//
// drdrill::Status has no room for Databricks' own codes (DIRECTORY_NOT_EMPTY and INVALID_STATE are
// both "failed precondition" to it, yet clients branch on them), so the workspace model speaks in
// these values and only the drill engine folds them into Status where it needs to.
//
// The HTTP status defaults to the one the official SDKs map the code to (Go SDK
// openapi.ErrorCodeMapping, shared/reference/api-facts.md 6.1). Where the real service is known to
// send a different status for a code (workspace RESOURCE_ALREADY_EXISTS travels as 400), the call
// site says so explicitly.

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace drdrill::databricks {

enum class ErrorCode {
  // 400
  kInvalidParameterValue,
  kInvalidState,
  kBadRequest,
  kMalformedRequest,
  kDirectoryNotEmpty,
  kMaxNotebookSizeExceeded,
  kResourceLimitExceeded,
  // 401, 403
  kUnauthenticated,
  kPermissionDenied,
  // 404
  kResourceDoesNotExist,
  kNotFound,
  kEndpointNotFound,
  // 409
  kResourceAlreadyExists,
  kAlreadyExists,
  kAborted,
  // 429
  kResourceExhausted,
  kRequestLimitExceeded,
  // 500, 503
  kInternalError,
  kTemporarilyUnavailable,
};

// The wire spelling: "INVALID_PARAMETER_VALUE", "RESOURCE_DOES_NOT_EXIST", ...
std::string_view to_string(ErrorCode code);
// The HTTP status the SDKs associate with the code.
int default_http_status(ErrorCode code);

class ApiError {
 public:
  ApiError(ErrorCode code, std::string message) : ApiError(code, std::move(message), default_http_status(code)) {}
  ApiError(ErrorCode code, std::string message, int http_status)
      : code_(code), message_(std::move(message)), http_status_(http_status) {}

  static ApiError InvalidParameterValue(std::string m) { return {ErrorCode::kInvalidParameterValue, std::move(m)}; }
  static ApiError InvalidState(std::string m) { return {ErrorCode::kInvalidState, std::move(m)}; }
  static ApiError BadRequest(std::string m) { return {ErrorCode::kBadRequest, std::move(m)}; }
  static ApiError MalformedRequest(std::string m) { return {ErrorCode::kMalformedRequest, std::move(m)}; }
  static ApiError DoesNotExist(std::string m) { return {ErrorCode::kResourceDoesNotExist, std::move(m)}; }
  static ApiError AlreadyExists(std::string m) { return {ErrorCode::kResourceAlreadyExists, std::move(m)}; }
  static ApiError Internal(std::string m) { return {ErrorCode::kInternalError, std::move(m)}; }

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  int http_status() const { return http_status_; }

  // "RESOURCE_DOES_NOT_EXIST (404): Path (/x) doesn't exist." for logs and test failures.
  std::string to_string() const;

  friend bool operator==(const ApiError&, const ApiError&) = default;

 private:
  ErrorCode code_;
  std::string message_;
  int http_status_;
};

// Success, or the ApiError explaining the failure.
class [[nodiscard]] ApiStatus {
 public:
  ApiStatus() = default;
  ApiStatus(ApiError error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !error_.has_value(); }
  const ApiError& error() const {
    assert(!ok());
    return *error_;
  }

 private:
  std::optional<ApiError> error_;
};

// A value, or the ApiError explaining why there is none.
template <typename T>
class [[nodiscard]] ApiResult {
 public:
  ApiResult(T value) : v_(std::move(value)) {}       // NOLINT(google-explicit-constructor)
  ApiResult(ApiError error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  const ApiError& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  ApiStatus status() const { return ok() ? ApiStatus() : ApiStatus(error()); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, ApiError> v_;
};

}  // namespace drdrill::databricks

// Returns the error of an ApiStatus/ApiResult expression from the calling function.
#define DRDRILL_API_RETURN_IF_ERROR(expr)          \
  do {                                             \
    const auto& drdrill_api_outcome_ = (expr);     \
    if (!drdrill_api_outcome_.ok()) return drdrill_api_outcome_.error(); \
  } while (false)
