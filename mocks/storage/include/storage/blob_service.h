#pragma once
// BlobService: the Azure Blob Storage REST API (the subset the official clients use for block
// blobs, api-facts 1.2) as an http::Handler over a StorageState.
//
// For each request: route it (http::VirtualHosts and Router: host style by Host pattern, path style
// by a mount at "/{account}") to find the account and endpoint (primary or -secondary), decide the
// operation, authenticate it (SharedKey, SAS, or anonymous per the
// container's public access level), apply the secondary's rules (writes 403; reads from the
// replicated copy; refused on a non-RA account), then run it against the primary or the replicated
// copy. While a failover runs, both endpoints may be unavailable (503) and the primary read-only
// (writes 403), as storage/account_failover.h sets on the Account. Every response carries
// x-ms-request-id (deterministic, per service), x-ms-version (echoed), Date (from the injected
// clock) and the echoed x-ms-client-request-id.
//
// HEAD is answered like GET: a transport sends no body in reply to HEAD. Get Blob Properties sets
// Content-Length itself and leaves the body empty, so it never copies a blob's bytes.
//
// Single-threaded: call it from the thread (or simulation) that owns the StorageState.

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "http/virtual_hosts.h"
#include "storage/blob_error.h"
#include "storage/region_outage.h"
#include "storage/storage_state.h"

namespace drdrill::storage {

// The x-ms-version the service reports when a request names none.
inline constexpr std::string_view kDefaultServiceVersion = "2025-11-05";

class BlobService {
 public:
  BlobService(StorageState& state, const Clock& clock);
  // The route table calls back into this object.
  BlobService(const BlobService&) = delete;
  BlobService& operator=(const BlobService&) = delete;

  http::Response handle(const http::Request& request);
  http::Response operator()(const http::Request& request) { return handle(request); }

  // How the endpoint a request is for is failing (kNone when it is up): its region's outage, else a
  // failover making the account's endpoints unavailable. A transport consults this before handle()
  // to refuse the connection or hang; handle() itself answers 503 ServerBusy for every mode other
  // than kNone.
  OutageMode outage_mode(const http::Request& request) const;

 private:
  // A routed request: everything after addressing.
  http::Response serve(const http::Request& request, const http::RouteMatch& match);
  http::Response routing_error(const http::RoutingError& error) const;
  http::Response fail(const BlobError& error) const;
  std::string next_request_id();

  StorageState& state_;
  const Clock& clock_;
  http::VirtualHosts front_;
  std::uint64_t requests_ = 0;
  // Of the request being handled (one at a time).
  TimePoint now_{};
  std::string request_id_;
};

}  // namespace drdrill::storage
