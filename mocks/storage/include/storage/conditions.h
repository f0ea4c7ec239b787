#pragma once
// Conditional headers (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since) with the
// read and write semantics of the Blob service (api-facts 1.5, after Azurite's
// ReadConditionalHeadersValidator / WriteConditionalHeadersValidator and the REST documentation).
//
// Reads: a failed If-Match or If-Unmodified-Since is 412; If-None-Match matching or
// If-Modified-Since not newer is 304 (unless the other of the two passes); If-None-Match: * is 400.
// Writes: any failed condition is 412. Unlike Azurite, which looks only at the first header
// present, every supplied condition is evaluated, as the real service does.
//
// Times compare at one-second resolution, the resolution of Last-Modified. A date that does not
// parse is ignored, as HTTP requires.

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "http/headers.h"
#include "storage/blob_error.h"

namespace drdrill::storage {

struct ConditionalHeaders {
  std::optional<std::vector<std::string>> if_match;       // ETags as sent, quotes kept; "*" allowed
  std::optional<std::vector<std::string>> if_none_match;
  std::optional<TimePoint> if_modified_since;
  std::optional<TimePoint> if_unmodified_since;

  static ConditionalHeaders from(const http::Headers& headers);

  bool any() const { return if_match || if_none_match || if_modified_since || if_unmodified_since; }
  bool if_none_match_any() const;  // If-None-Match: *
};

// The version of a resource the conditions are checked against.
struct ResourceVersion {
  std::string etag;  // formatted, with quotes
  TimePoint last_modified;
};

// nullopt: proceed. `current` is nullopt when the resource does not exist.
std::optional<BlobError> check_read_conditions(const ConditionalHeaders& c,
                                               const std::optional<ResourceVersion>& current);
std::optional<BlobError> check_write_conditions(const ConditionalHeaders& c,
                                                const std::optional<ResourceVersion>& current);

}  // namespace drdrill::storage
