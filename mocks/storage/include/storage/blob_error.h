#pragma once
// BlobError: an error as the Blob service reports it — HTTP status, x-ms-error-code, and the XML
// body
//   <?xml version="1.0" encoding="utf-8"?>
//   <Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.
//   RequestId:<id>
//   Time:<ISO 8601, 7 fraction digits></Message>[extra elements]</Error>
// Codes and messages are those of the service's documented error list (and Azurite's, which
// follows it); the factories below are the ones the fake uses.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "http/response.h"

namespace drdrill::storage {

struct BlobError {
  int status = 500;
  std::string code;
  std::string message;  // the short message, without the RequestId/Time lines
  // Extra elements after <Message>, in order (e.g. AuthenticationErrorDetail, QueryParameterName).
  std::vector<std::pair<std::string, std::string>> details;
  bool has_body = true;  // 304 Not Modified carries none
  // Response headers the error adds (416 carries Content-Range: bytes */<size>).
  std::vector<std::pair<std::string, std::string>> headers;

  BlobError with(std::string element, std::string text) && {
    details.emplace_back(std::move(element), std::move(text));
    return std::move(*this);
  }
};

// The response for an error: status, Content-Type and x-ms-error-code, and the XML body. The caller
// adds the headers every response carries (x-ms-request-id, x-ms-version, Date).
http::Response render_error(const BlobError& error, std::string_view request_id, TimePoint now);

namespace errors {

BlobError container_not_found();
BlobError blob_not_found();
BlobError resource_not_found();
BlobError container_already_exists();
BlobError blob_already_exists();

// 403 AuthenticationFailed with the detail saying what was wrong.
BlobError authentication_failed(std::string detail);
BlobError authorization_permission_mismatch();
BlobError authorization_resource_type_mismatch();
BlobError authorization_service_mismatch();
BlobError authorization_protocol_mismatch();

// The secondary endpoint of a geo-redundant account.
BlobError write_operations_not_allowed();
BlobError read_operations_disabled();

BlobError condition_not_met_for_write();  // 412
BlobError not_modified();                 // 304, no body
BlobError unsatisfiable_condition();      // 400

BlobError invalid_query_parameter_value(std::string name, std::string value, std::string reason);
BlobError out_of_range_query_parameter_value(std::string name, std::string value, std::string minimum,
                                             std::string maximum);
BlobError missing_required_header(std::string name);
BlobError missing_required_query_parameter(std::string name);
BlobError invalid_blob_or_block();
BlobError invalid_header_value(std::string name, std::string value);
BlobError invalid_range(std::uint64_t size_bytes);
BlobError md5_mismatch(std::string user_md5, std::string server_md5);
BlobError invalid_md5();
BlobError invalid_block_id();
BlobError invalid_block_list();
BlobError invalid_xml_document();
BlobError invalid_metadata();
BlobError metadata_too_large();
BlobError invalid_resource_name();
BlobError invalid_uri();
BlobError unsupported_http_verb();
BlobError not_implemented();
BlobError server_busy();
BlobError internal_error();
BlobError operation_timed_out();

}  // namespace errors
}  // namespace drdrill::storage
