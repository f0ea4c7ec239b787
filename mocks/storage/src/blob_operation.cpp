#include "storage/blob_operation.h"

namespace drdrill::storage {

std::string_view to_string(BlobOperation op) {
  switch (op) {
    case BlobOperation::kListContainers: return "ListContainers";
    case BlobOperation::kGetServiceStats: return "GetServiceStats";
    case BlobOperation::kGetAccountInfo: return "GetAccountInfo";
    case BlobOperation::kCreateContainer: return "CreateContainer";
    case BlobOperation::kDeleteContainer: return "DeleteContainer";
    case BlobOperation::kGetContainerProperties: return "GetContainerProperties";
    case BlobOperation::kSetContainerMetadata: return "SetContainerMetadata";
    case BlobOperation::kListBlobs: return "ListBlobs";
    case BlobOperation::kPutBlob: return "PutBlob";
    case BlobOperation::kPutBlock: return "PutBlock";
    case BlobOperation::kPutBlockList: return "PutBlockList";
    case BlobOperation::kGetBlockList: return "GetBlockList";
    case BlobOperation::kGetBlob: return "GetBlob";
    case BlobOperation::kGetBlobProperties: return "GetBlobProperties";
    case BlobOperation::kSetBlobMetadata: return "SetBlobMetadata";
    case BlobOperation::kSetBlobProperties: return "SetBlobProperties";
    case BlobOperation::kDeleteBlob: return "DeleteBlob";
  }
  return "Unknown";
}

bool is_write(BlobOperation op) {
  switch (op) {
    case BlobOperation::kCreateContainer:
    case BlobOperation::kDeleteContainer:
    case BlobOperation::kSetContainerMetadata:
    case BlobOperation::kPutBlob:
    case BlobOperation::kPutBlock:
    case BlobOperation::kPutBlockList:
    case BlobOperation::kSetBlobMetadata:
    case BlobOperation::kSetBlobProperties:
    case BlobOperation::kDeleteBlob:
      return true;
    default:
      return false;
  }
}

namespace {

using http::Method;

bool is_known_verb(Method m) {
  return m == Method::kGet || m == Method::kHead || m == Method::kPut || m == Method::kDelete;
}

std::variant<BlobOperation, BlobError> unsupported(Method m) {
  return is_known_verb(m) ? errors::not_implemented() : errors::unsupported_http_verb();
}

}  // namespace

std::variant<BlobOperation, BlobError> classify_operation(Method method, const BlobAddress& address,
                                                          const http::QueryParams& query,
                                                          const http::Headers& headers) {
  // The service matches these two names regardless of case.
  const std::string_view restype = query.iget("restype").value_or("");
  const std::string_view comp = query.iget("comp").value_or("");
  const bool read = method == Method::kGet || method == Method::kHead;

  if (restype == "account" && comp == "properties" && read) return BlobOperation::kGetAccountInfo;

  if (!address.names_container()) {
    if (method == Method::kGet && comp == "list" && restype.empty()) return BlobOperation::kListContainers;
    if (method == Method::kGet && restype == "service" && comp == "stats") return BlobOperation::kGetServiceStats;
    if (restype.empty() && comp.empty() && is_known_verb(method)) return errors::invalid_uri();
    return unsupported(method);
  }

  if (!address.names_blob()) {
    if (restype != "container") return is_known_verb(method) ? errors::invalid_uri() : errors::unsupported_http_verb();
    if (method == Method::kPut && comp.empty()) return BlobOperation::kCreateContainer;
    if (method == Method::kPut && comp == "metadata") return BlobOperation::kSetContainerMetadata;
    if (method == Method::kDelete && comp.empty()) return BlobOperation::kDeleteContainer;
    if (read && comp.empty()) return BlobOperation::kGetContainerProperties;
    if (method == Method::kGet && comp == "list") return BlobOperation::kListBlobs;
    return unsupported(method);
  }

  // Snapshots and versions are not modelled.
  if (query.has("snapshot") || query.has("versionid")) return errors::not_implemented();
  switch (method) {
    case Method::kPut:
      if (comp.empty()) {
        if (headers.has("x-ms-copy-source")) return errors::not_implemented();
        return BlobOperation::kPutBlob;
      }
      if (comp == "block") return BlobOperation::kPutBlock;
      if (comp == "blocklist") return BlobOperation::kPutBlockList;
      if (comp == "metadata") return BlobOperation::kSetBlobMetadata;
      if (comp == "properties") return BlobOperation::kSetBlobProperties;
      return errors::not_implemented();
    case Method::kGet:
      if (comp.empty()) return BlobOperation::kGetBlob;
      if (comp == "blocklist") return BlobOperation::kGetBlockList;
      return errors::not_implemented();
    case Method::kHead:
      if (comp.empty()) return BlobOperation::kGetBlobProperties;
      return errors::not_implemented();
    case Method::kDelete:
      if (comp.empty()) return BlobOperation::kDeleteBlob;
      return errors::not_implemented();
    default:
      return errors::unsupported_http_verb();
  }
}

OperationAccess access_rules(BlobOperation op) {
  // Account SAS resource types and permissions follow the operation table of "Create an account
  // SAS"; service SAS permissions that of "Create a service SAS". 'c' (create) is accepted wherever
  // 'w' is for blob writes: the fake does not distinguish creating from overwriting there.
  switch (op) {
    case BlobOperation::kListContainers: return {'s', "l", false, false, false, false};
    case BlobOperation::kGetServiceStats: return {'s', "r", false, false, false, false};
    case BlobOperation::kGetAccountInfo: return {'s', "r", true, false, false, false};
    case BlobOperation::kCreateContainer: return {'c', "cw", false, false, false, false};
    case BlobOperation::kDeleteContainer: return {'c', "d", false, false, false, false};
    case BlobOperation::kGetContainerProperties: return {'c', "r", false, false, true, false};
    case BlobOperation::kSetContainerMetadata: return {'c', "w", false, false, false, false};
    case BlobOperation::kListBlobs: return {'c', "l", true, true, true, false};
    case BlobOperation::kPutBlob: return {'o', "cw", true, false, false, false};
    case BlobOperation::kPutBlock: return {'o', "cw", true, false, false, false};
    case BlobOperation::kPutBlockList: return {'o', "cw", true, false, false, false};
    case BlobOperation::kGetBlockList: return {'o', "r", true, false, true, true};
    case BlobOperation::kGetBlob: return {'o', "r", true, false, true, true};
    case BlobOperation::kGetBlobProperties: return {'o', "r", true, false, true, true};
    case BlobOperation::kSetBlobMetadata: return {'o', "w", true, false, false, false};
    case BlobOperation::kSetBlobProperties: return {'o', "w", true, false, false, false};
    case BlobOperation::kDeleteBlob: return {'o', "d", true, false, false, false};
  }
  return {'s', "", false, false, false, false};
}

}  // namespace drdrill::storage
