#include "databricks/api_error.h"

namespace drdrill::databricks {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidParameterValue: return "INVALID_PARAMETER_VALUE";
    case ErrorCode::kInvalidState: return "INVALID_STATE";
    case ErrorCode::kBadRequest: return "BAD_REQUEST";
    case ErrorCode::kMalformedRequest: return "MALFORMED_REQUEST";
    case ErrorCode::kDirectoryNotEmpty: return "DIRECTORY_NOT_EMPTY";
    case ErrorCode::kMaxNotebookSizeExceeded: return "MAX_NOTEBOOK_SIZE_EXCEEDED";
    case ErrorCode::kResourceLimitExceeded: return "RESOURCE_LIMIT_EXCEEDED";
    case ErrorCode::kUnauthenticated: return "UNAUTHENTICATED";
    case ErrorCode::kPermissionDenied: return "PERMISSION_DENIED";
    case ErrorCode::kResourceDoesNotExist: return "RESOURCE_DOES_NOT_EXIST";
    case ErrorCode::kNotFound: return "NOT_FOUND";
    case ErrorCode::kEndpointNotFound: return "ENDPOINT_NOT_FOUND";
    case ErrorCode::kResourceAlreadyExists: return "RESOURCE_ALREADY_EXISTS";
    case ErrorCode::kAlreadyExists: return "ALREADY_EXISTS";
    case ErrorCode::kAborted: return "ABORTED";
    case ErrorCode::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case ErrorCode::kRequestLimitExceeded: return "REQUEST_LIMIT_EXCEEDED";
    case ErrorCode::kInternalError: return "INTERNAL_ERROR";
    case ErrorCode::kTemporarilyUnavailable: return "TEMPORARILY_UNAVAILABLE";
  }
  return "UNKNOWN";
}

int default_http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidParameterValue:
    case ErrorCode::kInvalidState:
    case ErrorCode::kBadRequest:
    case ErrorCode::kMalformedRequest:
    case ErrorCode::kDirectoryNotEmpty:
    case ErrorCode::kMaxNotebookSizeExceeded:
    case ErrorCode::kResourceLimitExceeded:
      return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kResourceDoesNotExist:
    case ErrorCode::kNotFound:
    case ErrorCode::kEndpointNotFound:
      return 404;
    case ErrorCode::kResourceAlreadyExists:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kAborted:
      return 409;
    case ErrorCode::kResourceExhausted:
    case ErrorCode::kRequestLimitExceeded:
      return 429;
    case ErrorCode::kInternalError: return 500;
    case ErrorCode::kTemporarilyUnavailable: return 503;
  }
  return 500;
}

std::string ApiError::to_string() const {
  return std::string(databricks::to_string(code_)) + " (" + std::to_string(http_status_) + "): " + message_;
}

}  // namespace drdrill::databricks
