#include "storage/blob_service.h"

#include <string>
#include <tuple>
#include <optional>
#include <variant>

#include "blob_request.h"
#include "storage/blob_address.h"
#include "storage/blob_operation.h"
#include "storage/sas.h"
#include "storage/shared_key.h"

namespace drdrill::storage {

using detail::BlobRequest;

namespace {

// The region serving an endpoint of an account.
const std::string& region_of(const Account& account, const BlobAddress& address) {
  return address.secondary ? account.config().secondary_location : account.config().primary_location;
}

// Whether the endpoint exists at all: only geo-redundant accounts have a secondary.
bool endpoint_exists(const Account& account, const BlobAddress& address) {
  return !address.secondary || is_geo_redundant(account.redundancy());
}

// Anonymous access: allowed only for reads the container's public access level opens up.
std::optional<BlobError> check_anonymous(const BlobRequest& r, BlobOperation op) {
  const OperationAccess rules = access_rules(op);
  const Container* container = r.address.names_container() ? r.store().find_container(r.address.container) : nullptr;
  if (container != nullptr) {
    const PublicAccess level = container->properties.public_access;
    if (level == PublicAccess::kContainer && rules.anonymous_if_container_public) return std::nullopt;
    if (level != PublicAccess::kNone && rules.anonymous_if_blob_public) return std::nullopt;
  }
  // The service answers anonymous requests for private resources differently per operation
  // (404 ResourceNotFound for blob reads, 401/403 elsewhere); drdrill always says 403, the stricter
  // and more helpful answer.
  return errors::authentication_failed(
      "The request carries no credentials (neither an Authorization header nor a shared access signature), and "
      "the resource does not allow anonymous access.");
}

std::optional<BlobError> authenticate(const BlobRequest& r, BlobOperation op, std::optional<SasValues>& sas) {
  if (const auto authorization = r.http.headers.get("Authorization")) {
    if (authorization->starts_with("SharedKey ")) return verify_shared_key(r.http, r.account, r.address);
    return errors::authentication_failed("The Authorization scheme '" +
                                         std::string(authorization->substr(0, authorization->find(' '))) +
                                         "' is not supported by the drdrill storage fake; use SharedKey or a SAS.");
  }
  if (has_sas(r.query)) {
    sas = SasValues::from_query(r.query);
    return verify_sas(*sas, r.account, r.address, op, r.http.secure, r.now);
  }
  return check_anonymous(r, op);
}

http::Response run(const BlobRequest& r, BlobOperation op) {
  switch (op) {
    case BlobOperation::kListContainers: return detail::list_containers(r);
    case BlobOperation::kGetServiceStats: return detail::get_service_stats(r);
    case BlobOperation::kGetAccountInfo: return detail::get_account_info(r);
    case BlobOperation::kCreateContainer: return detail::create_container(r);
    case BlobOperation::kDeleteContainer: return detail::delete_container(r);
    case BlobOperation::kGetContainerProperties: return detail::get_container_properties(r);
    case BlobOperation::kSetContainerMetadata: return detail::set_container_metadata(r);
    case BlobOperation::kListBlobs: return detail::list_blobs(r);
    case BlobOperation::kPutBlob: return detail::put_blob(r);
    case BlobOperation::kPutBlock: return detail::put_block(r);
    case BlobOperation::kPutBlockList: return detail::put_block_list(r);
    case BlobOperation::kGetBlockList: return detail::get_block_list(r);
    case BlobOperation::kGetBlob: return detail::get_blob(r, false);
    case BlobOperation::kGetBlobProperties: return detail::get_blob(r, true);
    case BlobOperation::kSetBlobMetadata: return detail::set_blob_metadata(r);
    case BlobOperation::kSetBlobProperties: return detail::set_blob_properties(r);
    case BlobOperation::kDeleteBlob: return detail::delete_blob(r);
  }
  return r.fail(errors::not_implemented());
}

}  // namespace

BlobService::BlobService(StorageState& state, const Clock& clock) : state_(state), clock_(clock) {
  const auto route = [this](const http::Request& request, const http::RouteMatch& match) {
    return serve(request, match);
  };
  const auto error = [this](const http::Request&, const http::RoutingError& e) { return routing_error(e); };
  // One account-relative table: the account itself, a container, a blob.
  http::Router account;
  account.set_error_responder(error);
  for (std::string_view pattern : {"/", "/{container}", "/{container}/", "/{container}/{blob...}"}) {
    for (http::Method method : {http::Method::kGet, http::Method::kHead, http::Method::kPut, http::Method::kDelete}) {
      account.add(method, pattern, route);
    }
  }
  http::Router path_style;
  path_style.set_error_responder(error).mount("/{account}", account);
  front_.set_fallback(path_style);
  for (std::string_view host : kHostStylePatterns) front_.add(host, account);
}

http::Response BlobService::handle(const http::Request& request) {
  now_ = clock_.now();
  request_id_ = next_request_id();
  http::Response response = front_(request);
  // The id is this request's alone and nothing reads it once the answer is made: moved, not copied.
  response.headers.add("x-ms-request-id", std::move(request_id_));
  if (const auto client_id = request.headers.get("x-ms-client-request-id")) {
    response.headers.add("x-ms-client-request-id", std::string(*client_id));
  }
  response.headers.add("x-ms-version", std::string(request.headers.get("x-ms-version").value_or(kDefaultServiceVersion)));
  response.headers.add("Date", format_rfc1123(now_));
  return response;
}

http::Response BlobService::fail(const BlobError& error) const { return render_error(error, request_id_, now_); }

http::Response BlobService::routing_error(const http::RoutingError& error) const {
  switch (error.kind) {
    case http::RoutingError::Kind::kBadRequest: return fail(errors::invalid_uri());
    case http::RoutingError::Kind::kMethodNotAllowed: return fail(errors::unsupported_http_verb());
    case http::RoutingError::Kind::kNotFound: break;
  }
  // Only a path-style request naming no account ("/") reaches no route.
  return fail(errors::invalid_uri());
}

http::Response BlobService::serve(const http::Request& request, const http::RouteMatch& match) {
  const BlobAddress address = blob_address(match);
  Account* account = state_.find_account(address.account);
  // Azurite answers an unknown account with 404 ResourceNotFound; a secondary endpoint of an account
  // without geo-redundancy does not exist either.
  if (account == nullptr || !endpoint_exists(*account, address)) return fail(errors::resource_not_found());
  // A region that is down, or a failover switching regions, makes the endpoint unavailable.
  if (state_.outages().mode(region_of(*account, address)) != OutageMode::kNone ||
      account->failover().endpoints_down != OutageMode::kNone) {
    return fail(errors::server_busy());
  }

  const auto classified = classify_operation(request.method, address, match.query, request.headers);
  if (const auto* error = std::get_if<BlobError>(&classified)) return fail(*error);
  const BlobOperation op = std::get<BlobOperation>(classified);

  BlobRequest r{request, address, match.query, *account, now_, request_id_, nullptr};
  std::optional<SasValues> sas;
  if (auto error = authenticate(r, op, sas)) return fail(*error);
  if (sas) r.sas = &*sas;

  if (address.secondary) {
    // The secondary of a geo-redundant account never takes a write; without read access (GRS rather
    // than RA-GRS) it takes nothing at all.
    if (is_write(op)) return fail(errors::write_operations_not_allowed());
    if (!has_readable_secondary(account->redundancy())) return fail(errors::read_operations_disabled());
  } else if (op == BlobOperation::kGetServiceStats) {
    return fail(errors::invalid_query_parameter_value(
        "comp", "stats", "Get Blob Service Stats is only available on the secondary endpoint."));
  } else if (is_write(op) && account->failover().primary_read_only) {
    // A planned failover makes the primary read-only while replication completes. The service's
    // answer to such a write is not documented; drdrill answers as a read-only endpoint does (the
    // RA-GRS secondary): 403 InsufficientAccountPermissions, which clients do not retry.
    return fail(errors::write_operations_not_allowed());
  }
  if (auto injected = state_.errors().draw(address.account, address.secondary, op, now_)) return fail(*injected);
  return run(r, op);
}

OutageMode BlobService::outage_mode(const http::Request& request) const {
  const auto label = addressed_account_label(request);
  if (!label) return OutageMode::kNone;
  BlobAddress address;
  std::tie(address.account, address.secondary) = split_account_label(*label);
  const Account* account = state_.find_account(address.account);
  if (account == nullptr || !endpoint_exists(*account, address)) return OutageMode::kNone;
  const OutageMode region = state_.outages().mode(region_of(*account, address));
  return region != OutageMode::kNone ? region : account->failover().endpoints_down;
}

std::string BlobService::next_request_id() {
  // GUID-shaped like the service's, but counted, so runs are reproducible: the count in lower-case
  // hex, at least 12 digits ("%012llx", spelled out because snprintf cost more than the rest of
  // this per-request bookkeeping).
  static constexpr std::string_view kPrefix = "00000000-0000-4000-8000-";
  static constexpr char kHex[] = "0123456789abcdef";
  char digits[16];
  std::size_t n = 0;
  for (unsigned long long v = ++requests_; v != 0 || n < 12; v >>= 4) digits[n++] = kHex[v & 0x0F];
  std::string id;
  id.reserve(kPrefix.size() + n);
  id.append(kPrefix);
  while (n > 0) id += digits[--n];
  return id;
}

}  // namespace drdrill::storage
