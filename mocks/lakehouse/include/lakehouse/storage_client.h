#pragma once
// StorageClient: how a cluster's driver reaches ADLS Gen2 — the ABFS driver's part, reduced to
// what Delta tables need (put a file, read it, check it, list a directory), as signed Blob REST
// requests to the storage fake's handler.
//
// Going through the storage fake's own front door (rather than into its model) keeps it the single
// source of truth for every rule a drill relies on: the read-only -secondary endpoint (403
// InsufficientAccountPermissions "Write operations are not allowed."), reads served from the
// replicated copy (a file that has not arrived is 404 BlobNotFound), region outages and injected
// errors (503), SharedKey verification, If-None-Match, and the replication ledger, which sees each
// acknowledged write exactly as if any other client had made it.
//
// An abfss:// location maps to the blob endpoint of the same account, as the ABFS driver and the
// Azure SDKs map dfs to blob: abfss://c@acct[-secondary].dfs.core.windows.net/p is
// https://acct[-secondary].blob.core.windows.net/c/p, signed with the account's key from the Spark
// conf (fs.azure.account.key.<account>.dfs.core.windows.net) for the account's own name.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/time.h"
#include "databricks/mounts.h"
#include "http/handler.h"
#include "lakehouse/data_error.h"

namespace drdrill::lakehouse {

// One write storage acknowledged: its identity in the storage fake's replication ledger
// (storage::ReplicationRecord: account + "container/blob" target, PutBlob) and when.
struct StorageWriteReceipt {
  std::string account;
  std::string target;  // "container/blob"
  std::string etag;
  std::int64_t bytes = 0;
  TimePoint acknowledged_at;
};

struct StorageObject {
  std::string content;
  std::string etag;
};

class StorageClient {
 public:
  // `blob_endpoint` is the storage fake's Blob service handler (or a fault wrapper around it);
  // `account_keys` maps account name -> base64 key, as ClusterDataConfig::storage_account_keys.
  StorageClient(http::Handler blob_endpoint, const Clock& clock, std::map<std::string, std::string> account_keys);

  // Put Blob. `create_only` sends If-None-Match: * (a Delta commit: the version must not exist);
  // losing that race is kCommitConflict.
  DataResult<StorageWriteReceipt> put(const databricks::StorageLocation& location, std::string content,
                                      bool create_only);
  // Get Blob; 404 is kStorageOther with http_status 404 (callers decide what a missing file means).
  DataResult<StorageObject> get(const databricks::StorageLocation& location);
  // Get Blob Properties: whether the file exists (false on 404), without reading it.
  DataResult<bool> exists(const databricks::StorageLocation& location);
  // The names (relative to the container) of every file under `prefix` ("path/_delta_log/"),
  // in name order, across result pages; from `start_at` on (a blob name: the marker of the first
  // page) when given. With a `delimiter` ("/": one directory's listing), names that continue past
  // the prefix to a delimiter come back once, as the sub-directory they share ("path/_delta_log/",
  // ending in the delimiter), in its place in name order.
  DataResult<std::vector<std::string>> list(const databricks::StorageLocation& directory, std::string_view prefix,
                                            std::string_view start_at = {}, std::string_view delimiter = {});
  // The same listing, each name handed to `each` as it is read, in the same order: a view valid
  // during the call only, so a caller that keeps part of a name (or nothing of it) pays for no
  // string per name (a COUNT(*) probe lists a directory of every data file of its table).
  DataStatus list_each(const databricks::StorageLocation& directory, std::string_view prefix,
                       std::string_view start_at, std::string_view delimiter,
                       const std::function<void(std::string_view name)>& each);

  // Requests sent so far (for benchmarks and tests).
  std::uint64_t requests() const { return requests_; }

  // The URI an ABFS client shows for a location in its errors: "https://acct-secondary.dfs.core.windows.net/c/p".
  static std::string display_url(const databricks::StorageLocation& location);

 private:
  DataResult<http::Request> prepare(std::string_view method, const databricks::StorageLocation& location,
                                    std::string_view query);
  http::Response send(http::Request request);
  DataError failure(std::string_view method, const databricks::StorageLocation& location,
                    const http::Response& response) const;

  http::Handler endpoint_;
  const Clock& clock_;
  std::map<std::string, std::string> account_keys_;     // account -> base64
  std::map<std::string, std::string> decoded_keys_;     // account -> key bytes, decoded on first use
  std::uint64_t requests_ = 0;
};

}  // namespace drdrill::lakehouse
