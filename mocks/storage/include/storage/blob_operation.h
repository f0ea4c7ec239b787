#pragma once
// BlobOperation: which Blob service operation a request is, decided from the method, what the URL
// names (service, container, blob) and the restype/comp query parameters — before authentication,
// because what a SAS or anonymous access may do depends on the operation.

#include <string_view>
#include <variant>

#include "http/method.h"
#include "storage/blob_address.h"
#include "storage/blob_error.h"
#include "http/query.h"

namespace drdrill::storage {

enum class BlobOperation {
  kListContainers,          // GET /?comp=list
  kGetServiceStats,         // GET /?restype=service&comp=stats (secondary endpoint only)
  kGetAccountInfo,          // GET|HEAD ...?restype=account&comp=properties
  kCreateContainer,         // PUT /c?restype=container
  kDeleteContainer,         // DELETE /c?restype=container
  kGetContainerProperties,  // GET|HEAD /c?restype=container
  kSetContainerMetadata,    // PUT /c?restype=container&comp=metadata
  kListBlobs,               // GET /c?restype=container&comp=list
  kPutBlob,                 // PUT /c/b
  kPutBlock,                // PUT /c/b?comp=block&blockid=...
  kPutBlockList,            // PUT /c/b?comp=blocklist
  kGetBlockList,            // GET /c/b?comp=blocklist
  kGetBlob,                 // GET /c/b
  kGetBlobProperties,       // HEAD /c/b
  kSetBlobMetadata,         // PUT /c/b?comp=metadata
  kSetBlobProperties,       // PUT /c/b?comp=properties
  kDeleteBlob,              // DELETE /c/b
};

std::string_view to_string(BlobOperation op);

// Whether the operation changes data (and so is refused on the secondary endpoint).
bool is_write(BlobOperation op);

// The operation a request asks for, or the error the service answers when it offers no such
// operation (405 for a method it never accepts there, 501 for operations the fake does not model,
// 400 InvalidUri for a URL that names nothing).
std::variant<BlobOperation, BlobError> classify_operation(http::Method method, const BlobAddress& address,
                                                          const http::QueryParams& query,
                                                          const http::Headers& headers);

// What a shared access signature or anonymous access needs for an operation.
struct OperationAccess {
  char account_sas_resource_type;        // 's' service, 'c' container, 'o' object
  std::string_view sas_permissions;      // any one of these letters grants it
  bool service_sas_allowed;              // a service (container/blob) SAS can grant it at all
  bool needs_container_sas;              // only a container-scoped service SAS (sr=c) can grant it
  bool anonymous_if_container_public;    // container access level "container" allows it
  bool anonymous_if_blob_public;         // container access level "blob" allows it
};
OperationAccess access_rules(BlobOperation op);

}  // namespace drdrill::storage
