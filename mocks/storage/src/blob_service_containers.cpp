// Service-level and container operations of the blob service.

#include <variant>

#include "blob_request.h"
#include "storage/conditions.h"
#include "storage/etag.h"
#include "storage/metadata.h"
#include "storage/xml.h"

namespace drdrill::storage::detail {

namespace {

// 3-63 characters of lower-case letters, digits and single hyphens, starting and ending with a
// letter or digit; or one of the service's own containers.
bool valid_container_name(std::string_view name) {
  if (name == "$root" || name == "$logs" || name == "$web") return true;
  if (name.size() < 3 || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  char previous = '\0';
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

std::string_view public_access_name(PublicAccess access) {
  switch (access) {
    case PublicAccess::kBlob: return "blob";
    case PublicAccess::kContainer: return "container";
    case PublicAccess::kNone: return "";
  }
  return "";
}

void add_version_headers(http::Response& response, std::uint64_t etag, TimePoint last_modified) {
  response.headers.add("ETag", format_etag(etag));
  response.headers.add("Last-Modified", format_rfc1123(last_modified));
}

}  // namespace

http::Response get_service_stats(const BlobRequest& r) {
  const GeoReplicationStats stats = r.account.geo_replication_stats(r.now);
  std::string body(kXmlDeclaration);
  body += "\n<StorageServiceStats><GeoReplication>";
  append_element(body, "Status", to_string(stats.status));
  append_element(body, "LastSyncTime", stats.last_sync_time ? format_rfc1123(*stats.last_sync_time) : "");
  body += "</GeoReplication></StorageServiceStats>";
  return http::Response::text(200, std::move(body), "application/xml");
}

http::Response get_account_info(const BlobRequest& r) {
  http::Response response;
  response.status = 200;
  response.headers.add("x-ms-sku-name", std::string(sku_name(r.account.redundancy())));
  response.headers.add("x-ms-account-kind", "StorageV2");
  response.headers.add("x-ms-is-hns-enabled", "false");
  return response;
}

http::Response create_container(const BlobRequest& r) {
  const std::string& name = r.address.container;
  if (!valid_container_name(name)) return r.fail(errors::invalid_resource_name());
  PublicAccess access = PublicAccess::kNone;
  if (const auto level = r.http.headers.get("x-ms-blob-public-access")) {
    if (*level == "container") {
      access = PublicAccess::kContainer;
    } else if (*level == "blob") {
      access = PublicAccess::kBlob;
    } else {
      return r.fail(errors::invalid_header_value("x-ms-blob-public-access", std::string(*level)));
    }
  }
  auto metadata = metadata_from_headers(r.http.headers);
  if (const auto* error = std::get_if<BlobError>(&metadata)) return r.fail(*error);
  if (r.account.primary().find_container(name) != nullptr) return r.fail(errors::container_already_exists());

  ContainerProperties properties;
  properties.etag = r.account.next_etag(r.now);
  properties.last_modified = r.now;
  properties.public_access = access;
  properties.metadata = std::get<Metadata>(std::move(metadata));
  r.account.acknowledge(PutContainer{name, properties}, r.now);

  http::Response response = http::Response::empty(201);
  add_version_headers(response, properties.etag, properties.last_modified);
  return response;
}

http::Response delete_container(const BlobRequest& r) {
  const Container* container = r.account.primary().find_container(r.address.container);
  if (container == nullptr) return r.fail(errors::container_not_found());
  // Delete Container honours only the date conditions.
  ConditionalHeaders conditions = ConditionalHeaders::from(r.http.headers);
  conditions.if_match.reset();
  conditions.if_none_match.reset();
  const ResourceVersion current{format_etag(container->properties.etag), container->properties.last_modified};
  if (auto error = check_write_conditions(conditions, current)) return r.fail(*error);
  r.account.staged_blocks().discard_container(r.address.container);
  r.account.acknowledge(DeleteContainer{r.address.container}, r.now);
  return http::Response::empty(202);
}

http::Response get_container_properties(const BlobRequest& r) {
  const Container* container = r.store().find_container(r.address.container);
  if (container == nullptr) return r.fail(errors::container_not_found());
  const ContainerProperties& p = container->properties;
  http::Response response = http::Response::empty(200);
  add_metadata_headers(response.headers, p.metadata);
  add_version_headers(response, p.etag, p.last_modified);
  response.headers.add("x-ms-lease-status", "unlocked");
  response.headers.add("x-ms-lease-state", "available");
  if (p.public_access != PublicAccess::kNone) {
    response.headers.add("x-ms-blob-public-access", std::string(public_access_name(p.public_access)));
  }
  response.headers.add("x-ms-has-immutability-policy", "false");
  response.headers.add("x-ms-has-legal-hold", "false");
  return response;
}

http::Response set_container_metadata(const BlobRequest& r) {
  const Container* container = r.account.primary().find_container(r.address.container);
  if (container == nullptr) return r.fail(errors::container_not_found());
  auto metadata = metadata_from_headers(r.http.headers);
  if (const auto* error = std::get_if<BlobError>(&metadata)) return r.fail(*error);
  ContainerProperties properties = container->properties;
  properties.metadata = std::get<Metadata>(std::move(metadata));
  properties.etag = r.account.next_etag(r.now);
  properties.last_modified = r.now;
  r.account.acknowledge(PutContainer{r.address.container, properties}, r.now);
  http::Response response = http::Response::empty(200);
  add_version_headers(response, properties.etag, properties.last_modified);
  return response;
}

}  // namespace drdrill::storage::detail
