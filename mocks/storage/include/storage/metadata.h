#pragma once
// User metadata on the wire: x-ms-meta-<name>: <value> headers in requests and responses.
//
// Names must be valid C# identifiers (the service's rule) and are compared case-insensitively; the
// total of names and values may not exceed 8 KiB.

#include <variant>

#include "http/headers.h"
#include "storage/blob.h"
#include "storage/blob_error.h"

namespace drdrill::storage {

// The metadata a request sets (empty if none), or 400 InvalidMetadata / MetadataTooLarge. A name
// given twice keeps its first value.
std::variant<Metadata, BlobError> metadata_from_headers(const http::Headers& headers);

// Appends x-ms-meta-<name> headers in the stored order.
void add_metadata_headers(http::Headers& headers, const Metadata& metadata);

}  // namespace drdrill::storage
