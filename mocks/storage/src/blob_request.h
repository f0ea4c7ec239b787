#pragma once
// Internal to the blob service: one authenticated request on its way to an operation, and the
// operations themselves (blob_service_*.cpp).

#include <optional>
#include <string_view>

#include "http/request.h"
#include "http/response.h"
#include "storage/account.h"
#include "storage/blob_address.h"
#include "storage/blob_error.h"
#include "storage/sas.h"
#include "http/query.h"

namespace drdrill::storage::detail {

struct BlobRequest {
  const http::Request& http;
  const BlobAddress& address;
  const http::QueryParams& query;
  Account& account;
  TimePoint now;
  std::string_view request_id;
  const SasValues* sas;  // the SAS that authorized the request, if one did

  // The copy the request reads: the replicated one on the secondary endpoint.
  const BlobStore& store() const { return address.secondary ? account.secondary() : account.primary(); }
  http::Response fail(const BlobError& error) const { return render_error(error, request_id, now); }
};

// Service and container operations (blob_service_containers.cpp).
http::Response list_containers(const BlobRequest& r);
http::Response get_service_stats(const BlobRequest& r);
http::Response get_account_info(const BlobRequest& r);
http::Response create_container(const BlobRequest& r);
http::Response delete_container(const BlobRequest& r);
http::Response get_container_properties(const BlobRequest& r);
http::Response set_container_metadata(const BlobRequest& r);
http::Response list_blobs(const BlobRequest& r);

// Blob operations (blob_service_blobs.cpp).
http::Response put_blob(const BlobRequest& r);
http::Response put_block(const BlobRequest& r);
http::Response put_block_list(const BlobRequest& r);
http::Response get_block_list(const BlobRequest& r);
http::Response get_blob(const BlobRequest& r, bool head);
http::Response set_blob_metadata(const BlobRequest& r);
http::Response set_blob_properties(const BlobRequest& r);
http::Response delete_blob(const BlobRequest& r);

}  // namespace drdrill::storage::detail
