// Clusters API 2.0/2.1: /clusters/create, get, list, start, restart, delete, permanent-delete, edit,
// resize.

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string>

#include "routes.h"

namespace drdrill::databricks {
namespace {

ApiResult<Json> create_cluster(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto id = ws.clusters().create(*body, authenticated_user(request));
  DRDRILL_API_RETURN_IF_ERROR(id);
  return Json{{"cluster_id", *id}};
}

ApiResult<Json> get_cluster(Workspace& ws, const http::RouteMatch& match) {
  auto id = required_query_string(match.query, "cluster_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  auto cluster = ws.clusters().get(*id);
  DRDRILL_API_RETURN_IF_ERROR(cluster);
  return (*cluster)->to_json();
}

// filter_by of clusters/list (2.1). The SDKs flatten the nested object into dotted query names,
// one pair per array element: "filter_by.cluster_states=RUNNING&filter_by.cluster_states=PENDING"
// (sdk-experimental's searchParams, the Go SDK's query encoder). A failover tool that lists the
// passive workspace's RUNNING clusters must not get its TERMINATED ones back.
struct ClusterFilter {
  std::set<std::string> states;   // empty: any
  std::set<std::string> sources;  // empty: any
  std::optional<bool> is_pinned;  // drdrill pins nothing
  std::optional<std::string> policy_id;

  bool admits(const Cluster& cluster) const {
    if (!states.empty() && states.count(std::string(to_string(cluster.state))) == 0) return false;
    if (!sources.empty() && sources.count(std::string(to_string(cluster.source))) == 0) return false;
    if (is_pinned.value_or(false)) return false;
    if (policy_id.has_value() && string_or(cluster.spec, "policy_id", "") != *policy_id) return false;
    return true;
  }
};

ApiResult<ClusterFilter> cluster_filter(const http::QueryParams& query) {
  static constexpr std::array<std::string_view, 8> kStates{"PENDING",     "RUNNING",    "RESTARTING", "RESIZING",
                                                           "TERMINATING", "TERMINATED", "ERROR",      "UNKNOWN"};
  // ClusterSource in the API; drdrill makes API, UI and JOB clusters, the rest simply match nothing.
  static constexpr std::array<std::string_view, 7> kSources{"API", "JOB", "MODELS", "PIPELINE", "PIPELINE_MAINTENANCE",
                                                            "SQL", "UI"};
  ClusterFilter filter;
  for (std::string_view state : query.get_all("filter_by.cluster_states")) {
    if (std::find(kStates.begin(), kStates.end(), state) == kStates.end()) {
      return ApiError::InvalidParameterValue("Invalid cluster state: " + std::string(state));
    }
    filter.states.emplace(state);
  }
  for (std::string_view source : query.get_all("filter_by.cluster_sources")) {
    if (std::find(kSources.begin(), kSources.end(), source) == kSources.end()) {
      return ApiError::InvalidParameterValue("Invalid cluster source: " + std::string(source));
    }
    filter.sources.emplace(source);
  }
  auto pinned = query_bool(query, "filter_by.is_pinned");
  DRDRILL_API_RETURN_IF_ERROR(pinned);
  filter.is_pinned = *pinned;
  filter.policy_id = query_string(query, "filter_by.policy_id");
  return filter;
}

// Without page_size every matching cluster is listed (the 2.0 behaviour); with it, pages continue
// from the cluster id carried in next_page_token.
ApiResult<Json> list_clusters(Workspace& ws, const http::RouteMatch& match) {
  auto page_size = query_int64(match.query, "page_size");
  DRDRILL_API_RETURN_IF_ERROR(page_size);
  if (page_size->has_value() && (**page_size < 0 || **page_size > 100)) {
    return ApiError::InvalidParameterValue("page_size must be between 0 and 100");
  }
  auto filter = cluster_filter(match.query);
  DRDRILL_API_RETURN_IF_ERROR(filter);
  const std::string from = query_string(match.query, "page_token").value_or("");
  const std::size_t limit = page_size->value_or(0) > 0 ? static_cast<std::size_t>(**page_size) : SIZE_MAX;
  Json clusters = Json::array();
  Json out = Json::object();
  for (const Cluster* cluster : ws.clusters().list()) {
    if (cluster->cluster_id < from || !filter->admits(*cluster)) continue;
    if (clusters.size() == limit) {
      out["next_page_token"] = cluster->cluster_id;
      break;
    }
    clusters.push_back(cluster->to_json());
  }
  if (!clusters.empty()) out["clusters"] = std::move(clusters);
  return out;
}

// The POST endpoints that take only {"cluster_id"}.
template <typename Op>
ApiStatus with_cluster_id(const http::Request& request, Op op) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto id = required_string(*body, "cluster_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  return op(*id);
}

ApiStatus edit_cluster(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  return ws.clusters().edit(*body);
}

ApiStatus resize_cluster(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto id = required_string(*body, "cluster_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  auto workers = optional_int64(*body, "num_workers");
  DRDRILL_API_RETURN_IF_ERROR(workers);
  auto autoscale = optional_object(*body, "autoscale");
  DRDRILL_API_RETURN_IF_ERROR(autoscale);
  return ws.clusters().resize(*id, *workers, *autoscale);
}

}  // namespace

void add_clusters_routes(http::Router& api, Workspace& ws) {
  using http::Method;
  using http::Request;
  using http::RouteMatch;
  ClusterService& clusters = ws.clusters();
  api.add(Method::kPost, "/clusters/create",
          [&ws](const Request& r, const RouteMatch&) { return respond(create_cluster(ws, r)); })
      .add(Method::kGet, "/clusters/get",
           [&ws](const Request&, const RouteMatch& m) { return respond(get_cluster(ws, m)); })
      .add(Method::kGet, "/clusters/list",
           [&ws](const Request&, const RouteMatch& m) { return respond(list_clusters(ws, m)); })
      .add(Method::kPost, "/clusters/start",
           [&clusters](const Request& r, const RouteMatch&) {
             return respond(with_cluster_id(r, [&](const std::string& id) { return clusters.start(id); }));
           })
      .add(Method::kPost, "/clusters/restart",
           [&clusters](const Request& r, const RouteMatch&) {
             return respond(with_cluster_id(r, [&](const std::string& id) { return clusters.restart(id); }));
           })
      .add(Method::kPost, "/clusters/delete",
           [&clusters](const Request& r, const RouteMatch&) {
             return respond(with_cluster_id(
                 r, [&](const std::string& id) { return clusters.terminate(id, authenticated_user(r)); }));
           })
      .add(Method::kPost, "/clusters/permanent-delete",
           [&clusters](const Request& r, const RouteMatch&) {
             return respond(with_cluster_id(r, [&](const std::string& id) { return clusters.permanent_delete(id); }));
           })
      .add(Method::kPost, "/clusters/edit",
           [&ws](const Request& r, const RouteMatch&) { return respond(edit_cluster(ws, r)); })
      .add(Method::kPost, "/clusters/resize",
           [&ws](const Request& r, const RouteMatch&) { return respond(resize_cluster(ws, r)); });
}

}  // namespace drdrill::databricks
