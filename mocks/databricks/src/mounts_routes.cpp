// drdrill extension, not part of the Databricks API: /drdrill/mounts/create, update, delete, list.
//
// Real mounts are made by dbutils.fs.mount() on a running cluster (api-facts.md 6.6); a drill needs
// to set them per workspace without modelling notebooks, so drdrill serves this small API under a
// prefix the real service does not use. Clients of the real API never call it.

#include "routes.h"

namespace drdrill::databricks {
namespace {

struct MountRequest {
  std::string mount_point;
  std::string source;
};

ApiResult<MountRequest> read_mount(const http::Request& request, bool with_source) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto point = required_string(*body, "mount_point");
  DRDRILL_API_RETURN_IF_ERROR(point);
  MountRequest mount{std::move(*point), ""};
  if (with_source) {
    auto source = required_string(*body, "source");
    DRDRILL_API_RETURN_IF_ERROR(source);
    mount.source = std::move(*source);
  }
  return mount;
}

Json list_mounts(const Workspace& ws) {
  Json out = Json::object();
  const auto mounts = ws.mounts().list();
  if (mounts.empty()) return out;
  Json list = Json::array();
  for (const Mount& m : mounts) list.push_back(Json{{"mount_point", m.mount_point}, {"source", m.source.to_uri()}});
  out["mounts"] = std::move(list);
  return out;
}

}  // namespace

void add_mounts_routes(http::Router& api, Workspace& ws) {
  using http::Method;
  using http::Request;
  using http::RouteMatch;
  api.add(Method::kPost, "/drdrill/mounts/create",
          [&ws](const Request& r, const RouteMatch&) {
            auto m = read_mount(r, true);
            return respond(m.ok() ? ws.mounts().mount(m->mount_point, m->source) : ApiStatus(m.error()));
          })
      .add(Method::kPost, "/drdrill/mounts/update",
           [&ws](const Request& r, const RouteMatch&) {
             auto m = read_mount(r, true);
             return respond(m.ok() ? ws.mounts().update(m->mount_point, m->source) : ApiStatus(m.error()));
           })
      .add(Method::kPost, "/drdrill/mounts/delete",
           [&ws](const Request& r, const RouteMatch&) {
             auto m = read_mount(r, false);
             return respond(m.ok() ? ws.mounts().unmount(m->mount_point) : ApiStatus(m.error()));
           })
      .add(Method::kGet, "/drdrill/mounts/list",
           [&ws](const Request&, const RouteMatch&) { return json_response(list_mounts(ws)); });
}

}  // namespace drdrill::databricks
