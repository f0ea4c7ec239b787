// Jobs API 2.1/2.2 (and the 2.0 paths): /jobs/create, get, list, reset, update, delete, run-now,
// runs/get, runs/list, runs/cancel.

#include <algorithm>

#include "databricks/base64.h"
#include "http/headers.h"
#include "routes.h"

namespace drdrill::databricks {
namespace {

// A page of a listing: limit/offset as the SDKs send them, or an opaque page_token from a previous
// answer (base64 of "offset=<n>"), which wins over offset.
struct Page {
  std::size_t offset = 0;
  std::size_t limit = 20;
};

ApiResult<Page> page_of(const http::QueryParams& query, std::int64_t default_limit, std::int64_t max_limit,
                        std::int64_t zero_means) {
  auto limit = query_int64(query, "limit");
  DRDRILL_API_RETURN_IF_ERROR(limit);
  auto offset = query_int64(query, "offset");
  DRDRILL_API_RETURN_IF_ERROR(offset);
  Page page;
  const std::int64_t wanted = limit->value_or(default_limit) == 0 ? zero_means : limit->value_or(default_limit);
  if (wanted < 1 || wanted > max_limit) {
    return ApiError::InvalidParameterValue("limit must be between 1 and " + std::to_string(max_limit));
  }
  page.limit = static_cast<std::size_t>(wanted);
  const std::int64_t start = offset->value_or(0);
  if (start < 0) return ApiError::InvalidParameterValue("offset must not be negative");
  page.offset = static_cast<std::size_t>(start);
  if (const auto token = query_string(query, "page_token"); token.has_value() && !token->empty()) {
    const auto decoded = base64_decode(*token);
    const auto parsed = decoded.has_value() && decoded->rfind("offset=", 0) == 0 ? parse_int64(decoded->substr(7))
                                                                                : std::nullopt;
    if (!parsed.has_value() || *parsed < 0) return ApiError::InvalidParameterValue("Invalid page_token: " + *token);
    page.offset = static_cast<std::size_t>(*parsed);
  }
  return page;
}

std::string page_token(std::size_t offset) { return base64_encode("offset=" + std::to_string(offset)); }

// The page of `items` under `field` (left out when the page is empty), each item as `to_json`
// writes it, with has_more / next_page_token / prev_page_token.
template <typename Item, typename ToJson>
Json paged_list(const char* field, const std::vector<const Item*>& items, const Page& page, ToJson to_json) {
  Json out = Json::object();
  Json listed = Json::array();
  for (std::size_t i = page.offset; i < items.size() && listed.size() < page.limit; ++i) {
    listed.push_back(to_json(*items[i]));
  }
  if (!listed.empty()) out[field] = std::move(listed);
  const bool more = page.offset + page.limit < items.size();
  out["has_more"] = more;
  if (more) out["next_page_token"] = page_token(page.offset + page.limit);
  if (page.offset > 0) out["prev_page_token"] = page_token(page.offset > page.limit ? page.offset - page.limit : 0);
  return out;
}

ApiResult<std::map<std::string, std::string>> string_map(const Json& body, std::string_view field) {
  std::map<std::string, std::string> out;
  auto object = optional_object(body, field);
  DRDRILL_API_RETURN_IF_ERROR(object);
  if (*object == nullptr) return out;
  for (const auto& [key, value] : (*object)->items()) {
    if (!value.is_string()) {
      return ApiError::MalformedRequest("Invalid JSON given in the body of the request - expected a string for field '" +
                                        std::string(field) + "." + key + "'");
    }
    out[key] = value.get<std::string>();
  }
  return out;
}

ApiResult<Json> create_job(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto id = ws.jobs().create(*body, authenticated_user(request));
  DRDRILL_API_RETURN_IF_ERROR(id);
  return Json{{"job_id", *id}};
}

ApiResult<Json> get_job(Workspace& ws, const http::RouteMatch& match) {
  auto id = required_query_int64(match.query, "job_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  auto job = ws.jobs().get(*id);
  DRDRILL_API_RETURN_IF_ERROR(job);
  return (*job)->to_json(/*with_tasks=*/true);
}

ApiResult<Json> list_jobs(Workspace& ws, const http::RouteMatch& match) {
  auto page = page_of(match.query, 20, 100, 20);
  DRDRILL_API_RETURN_IF_ERROR(page);
  auto expand = query_bool(match.query, "expand_tasks");
  DRDRILL_API_RETURN_IF_ERROR(expand);
  const auto name = query_string(match.query, "name");
  std::vector<const Job*> jobs;
  for (const Job* job : ws.jobs().list()) {
    // The name filter is exact and case-insensitive.
    if (name.has_value() && !name->empty() && !http::iequals(string_or(job->settings, "name", ""), *name)) continue;
    jobs.push_back(job);
  }
  const bool expand_tasks = expand->value_or(false);
  return paged_list("jobs", jobs, *page, [&](const Job& job) { return job.to_json(expand_tasks); });
}

ApiStatus reset_job(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto id = required_int64(*body, "job_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  auto settings = optional_object(*body, "new_settings");
  DRDRILL_API_RETURN_IF_ERROR(settings);
  if (*settings == nullptr) return ApiError::InvalidParameterValue("Missing required field: new_settings");
  return ws.jobs().reset(*id, **settings);
}

ApiStatus update_job(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto id = required_int64(*body, "job_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  auto settings = optional_object(*body, "new_settings");
  DRDRILL_API_RETURN_IF_ERROR(settings);
  auto remove = optional_array(*body, "fields_to_remove");
  DRDRILL_API_RETURN_IF_ERROR(remove);
  std::vector<std::string> fields;
  if (*remove != nullptr) {
    for (const Json& field : **remove) {
      if (!field.is_string()) return ApiError::MalformedRequest("fields_to_remove must be an array of strings");
      fields.push_back(field.get<std::string>());
    }
  }
  return ws.jobs().update(*id, *settings != nullptr ? **settings : Json::object(), fields);
}

ApiStatus delete_job(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto id = required_int64(*body, "job_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  return ws.jobs().remove(*id);
}

ApiResult<Json> run_now(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto id = required_int64(*body, "job_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  RunNowRequest run;
  auto notebook_params = string_map(*body, "notebook_params");
  DRDRILL_API_RETURN_IF_ERROR(notebook_params);
  auto job_parameters = string_map(*body, "job_parameters");
  DRDRILL_API_RETURN_IF_ERROR(job_parameters);
  run.parameters = std::move(*notebook_params);
  for (auto& [key, value] : *job_parameters) run.parameters[key] = std::move(value);
  auto queue = optional_object(*body, "queue");
  DRDRILL_API_RETURN_IF_ERROR(queue);
  if (*queue != nullptr) {
    auto enabled = optional_bool(**queue, "enabled");
    DRDRILL_API_RETURN_IF_ERROR(enabled);
    run.queue_enabled = *enabled;
  }
  auto token = optional_string(*body, "idempotency_token");
  DRDRILL_API_RETURN_IF_ERROR(token);
  run.idempotency_token = *token;
  auto run_id = ws.jobs().run_now(*id, authenticated_user(request), run);
  DRDRILL_API_RETURN_IF_ERROR(run_id);
  return Json{{"run_id", *run_id}, {"number_in_job", *run_id}};
}

ApiResult<Json> get_run(Workspace& ws, const http::RouteMatch& match) {
  auto id = required_query_int64(match.query, "run_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  auto run = ws.jobs().get_run(*id);
  DRDRILL_API_RETURN_IF_ERROR(run);
  return (*run)->to_json(ws.config().host, ws.config().workspace_id, /*with_tasks=*/true);
}

ApiResult<Json> list_runs(Workspace& ws, const http::RouteMatch& match) {
  auto page = page_of(match.query, 20, 25, 25);
  DRDRILL_API_RETURN_IF_ERROR(page);
  RunsFilter filter;
  auto job_id = query_int64(match.query, "job_id");
  DRDRILL_API_RETURN_IF_ERROR(job_id);
  filter.job_id = *job_id;
  auto active = query_bool(match.query, "active_only");
  DRDRILL_API_RETURN_IF_ERROR(active);
  auto completed = query_bool(match.query, "completed_only");
  DRDRILL_API_RETURN_IF_ERROR(completed);
  filter.active_only = active->value_or(false);
  filter.completed_only = completed->value_or(false);
  if (filter.active_only && filter.completed_only) {
    return ApiError::InvalidParameterValue("active_only and completed_only cannot both be true");
  }
  auto from = query_int64(match.query, "start_time_from");
  DRDRILL_API_RETURN_IF_ERROR(from);
  auto to = query_int64(match.query, "start_time_to");
  DRDRILL_API_RETURN_IF_ERROR(to);
  if (from->has_value()) filter.start_time_from = from_epoch_ms(**from);
  if (to->has_value()) filter.start_time_to = from_epoch_ms(**to);
  const auto run_type = query_string(match.query, "run_type");
  auto expand = query_bool(match.query, "expand_tasks");
  DRDRILL_API_RETURN_IF_ERROR(expand);

  // Every run here is a JOB_RUN; asking for another type lists nothing.
  std::vector<const Run*> runs;
  if (!run_type.has_value() || run_type->empty() || *run_type == "JOB_RUN") runs = ws.jobs().list_runs(filter);
  const bool expand_tasks = expand->value_or(false);
  return paged_list("runs", runs, *page, [&](const Run& run) {
    return run.to_json(ws.config().host, ws.config().workspace_id, expand_tasks);
  });
}

ApiStatus cancel_run(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto id = required_int64(*body, "run_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  return ws.jobs().cancel_run(*id);
}

}  // namespace

void add_jobs_routes(http::Router& api, Workspace& ws) {
  using http::Method;
  using http::Request;
  using http::RouteMatch;
  api.add(Method::kPost, "/jobs/create", [&ws](const Request& r, const RouteMatch&) { return respond(create_job(ws, r)); })
      .add(Method::kGet, "/jobs/get", [&ws](const Request&, const RouteMatch& m) { return respond(get_job(ws, m)); })
      .add(Method::kGet, "/jobs/list", [&ws](const Request&, const RouteMatch& m) { return respond(list_jobs(ws, m)); })
      .add(Method::kPost, "/jobs/reset", [&ws](const Request& r, const RouteMatch&) { return respond(reset_job(ws, r)); })
      .add(Method::kPost, "/jobs/update",
           [&ws](const Request& r, const RouteMatch&) { return respond(update_job(ws, r)); })
      .add(Method::kPost, "/jobs/delete",
           [&ws](const Request& r, const RouteMatch&) { return respond(delete_job(ws, r)); })
      .add(Method::kPost, "/jobs/run-now", [&ws](const Request& r, const RouteMatch&) { return respond(run_now(ws, r)); })
      .add(Method::kGet, "/jobs/runs/get", [&ws](const Request&, const RouteMatch& m) { return respond(get_run(ws, m)); })
      .add(Method::kGet, "/jobs/runs/list",
           [&ws](const Request&, const RouteMatch& m) { return respond(list_runs(ws, m)); })
      .add(Method::kPost, "/jobs/runs/cancel",
           [&ws](const Request& r, const RouteMatch&) { return respond(cancel_run(ws, r)); });
}

}  // namespace drdrill::databricks
