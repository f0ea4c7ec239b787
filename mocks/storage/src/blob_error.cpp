#include "storage/blob_error.h"

#include "storage/storage_time.h"
#include "storage/xml.h"

namespace drdrill::storage {

http::Response render_error(const BlobError& error, std::string_view request_id, TimePoint now) {
  http::Response r;
  r.status = error.status;
  if (error.has_body) r.headers.add("Content-Type", "application/xml");
  for (const auto& [name, value] : error.headers) r.headers.add(name, value);
  r.headers.add("x-ms-error-code", error.code);
  if (!error.has_body) return r;
  std::string body(kXmlDeclaration);
  body += "\n<Error>";
  append_element(body, "Code", error.code);
  std::string message = error.message;
  message += "\nRequestId:";
  message += request_id;
  message += "\nTime:";
  message += format_error_time(now);
  append_element(body, "Message", message);
  for (const auto& [name, text] : error.details) append_element(body, name, text);
  body += "</Error>";
  r.body = std::move(body);
  return r;
}

namespace errors {

namespace {
BlobError make(int status, std::string code, std::string message) {
  return BlobError{status, std::move(code), std::move(message), {}, true, {}};
}
}  // namespace

BlobError container_not_found() { return make(404, "ContainerNotFound", "The specified container does not exist."); }
BlobError blob_not_found() { return make(404, "BlobNotFound", "The specified blob does not exist."); }
BlobError resource_not_found() { return make(404, "ResourceNotFound", "The specified resource does not exist."); }
BlobError container_already_exists() {
  return make(409, "ContainerAlreadyExists", "The specified container already exists.");
}
BlobError blob_already_exists() { return make(409, "BlobAlreadyExists", "The specified blob already exists."); }

BlobError authentication_failed(std::string detail) {
  return make(403, "AuthenticationFailed",
              "Server failed to authenticate the request. Make sure the value of the Authorization header is "
              "formed correctly including the signature.")
      .with("AuthenticationErrorDetail", std::move(detail));
}
BlobError authorization_permission_mismatch() {
  return make(403, "AuthorizationPermissionMismatch",
              "This request is not authorized to perform this operation using this permission.");
}
BlobError authorization_resource_type_mismatch() {
  return make(403, "AuthorizationResourceTypeMismatch",
              "This request is not authorized to perform this operation using this resource type.");
}
BlobError authorization_service_mismatch() {
  return make(403, "AuthorizationServiceMismatch",
              "This request is not authorized to perform this operation using this service.");
}
BlobError authorization_protocol_mismatch() {
  return make(403, "AuthorizationProtocolMismatch",
              "This request is not authorized to perform this operation using this protocol.");
}

BlobError write_operations_not_allowed() {
  return make(403, "InsufficientAccountPermissions", "Write operations are not allowed.");
}
BlobError read_operations_disabled() {
  return make(403, "InsufficientAccountPermissions", "Read operations are currently disabled.");
}

BlobError condition_not_met_for_write() {
  return make(412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.");
}
BlobError not_modified() {
  BlobError e = make(304, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.");
  e.has_body = false;
  return e;
}
BlobError unsatisfiable_condition() {
  return make(400, "UnsatisfiableCondition", "The request includes an unsatisfiable condition for this operation.");
}

BlobError invalid_query_parameter_value(std::string name, std::string value, std::string reason) {
  return make(400, "InvalidQueryParameterValue",
              "Value for one of the query parameters specified in the request URI is invalid.")
      .with("QueryParameterName", std::move(name))
      .with("QueryParameterValue", std::move(value))
      .with("Reason", std::move(reason));
}
BlobError out_of_range_query_parameter_value(std::string name, std::string value, std::string minimum,
                                             std::string maximum) {
  return make(400, "OutOfRangeQueryParameterValue",
              "One of the query parameters specified in the request URI is outside the permissible range.")
      .with("QueryParameterName", std::move(name))
      .with("QueryParameterValue", std::move(value))
      .with("MinimumAllowed", std::move(minimum))
      .with("MaximumAllowed", std::move(maximum));
}
BlobError missing_required_header(std::string name) {
  return make(400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is not specified.")
      .with("HeaderName", std::move(name));
}
BlobError missing_required_query_parameter(std::string name) {
  return make(400, "MissingRequiredQueryParameter",
              "A query parameter that's mandatory for this request is not specified.")
      .with("QueryParameterName", std::move(name));
}
BlobError invalid_blob_or_block() {
  return make(400, "InvalidBlobOrBlock", "The specified blob or block content is invalid.");
}
BlobError invalid_header_value(std::string name, std::string value) {
  return make(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.")
      .with("HeaderName", std::move(name))
      .with("HeaderValue", std::move(value));
}
BlobError invalid_range(std::uint64_t size_bytes) {
  BlobError e = make(416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
  e.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size_bytes));
  return e;
}
BlobError md5_mismatch(std::string user_md5, std::string server_md5) {
  return make(400, "Md5Mismatch",
              "The MD5 value specified in the request did not match with the MD5 value calculated by the server.")
      .with("UserSpecifiedMd5", std::move(user_md5))
      .with("ServerCalculatedMd5", std::move(server_md5));
}
BlobError invalid_md5() {
  return make(400, "InvalidMd5",
              "The MD5 value specified in the request is invalid. The MD5 value must be 128 bits and Base64-encoded.");
}
BlobError invalid_block_id() {
  return make(400, "InvalidBlockId", "The specified block ID is invalid. The block ID must be Base64-encoded.");
}
BlobError invalid_block_list() { return make(400, "InvalidBlockList", "The specified block list is invalid."); }
BlobError invalid_xml_document() { return make(400, "InvalidXmlDocument", "XML specified is not syntactically valid."); }
BlobError invalid_metadata() {
  return make(400, "InvalidMetadata", "The metadata specified is invalid. It has characters that are not permitted.");
}
BlobError metadata_too_large() {
  return make(400, "MetadataTooLarge", "The size of the specified metadata exceeds the maximum size permitted.");
}
BlobError invalid_resource_name() {
  return make(400, "InvalidResourceName", "The specified resource name contains invalid characters.");
}
BlobError invalid_uri() {
  return make(400, "InvalidUri", "The requested URI does not represent any resource on the server.");
}
BlobError unsupported_http_verb() {
  return make(405, "UnsupportedHttpVerb", "The resource doesn't support specified Http Verb.");
}
BlobError not_implemented() {
  return make(501, "NotImplemented", "The requested operation is not implemented on the specified resource.");
}
BlobError internal_error() {
  return make(500, "InternalError", "The server encountered an internal error. Please retry the request.");
}
BlobError operation_timed_out() {
  return make(500, "OperationTimedOut", "The operation could not be completed within the permitted time.");
}
BlobError server_busy() {
  return make(503, "ServerBusy", "The server is currently unable to receive requests. Please retry your request.");
}

}  // namespace errors
}  // namespace drdrill::storage
