// Workspace API 2.0: /workspace/import, export, list, mkdirs, delete, get-status.

#include "databricks/base64.h"
#include "routes.h"

namespace drdrill::databricks {
namespace {

Json object_info(const WorkspaceObject& object) {
  Json info = Json::object();
  info["object_type"] = std::string(to_string(object.type));
  info["path"] = object.path;
  info["object_id"] = object.object_id;
  info["resource_id"] = std::to_string(object.object_id);
  info["created_at"] = epoch_ms(object.created_at);
  info["modified_at"] = epoch_ms(object.modified_at);
  if (object.language.has_value()) info["language"] = std::string(to_string(*object.language));
  if (object.type == ObjectType::kFile) info["size"] = object.content.size();
  return info;
}

ApiResult<WorkspaceFormat> format_field(const std::optional<std::string>& text) {
  if (!text.has_value() || text->empty()) return WorkspaceFormat::kSource;
  const auto format = parse_workspace_format(*text);
  if (!format.has_value()) return ApiError::InvalidParameterValue("Invalid format: " + *text);
  return *format;
}

ApiStatus import_object(Workspace& workspace, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto path = required_string(*body, "path");
  DRDRILL_API_RETURN_IF_ERROR(path);
  auto format_text = optional_string(*body, "format");
  DRDRILL_API_RETURN_IF_ERROR(format_text);
  auto format = format_field(*format_text);
  DRDRILL_API_RETURN_IF_ERROR(format);
  auto language_text = optional_string(*body, "language");
  DRDRILL_API_RETURN_IF_ERROR(language_text);
  auto content = optional_string(*body, "content");
  DRDRILL_API_RETURN_IF_ERROR(content);
  auto overwrite = optional_bool(*body, "overwrite");
  DRDRILL_API_RETURN_IF_ERROR(overwrite);

  ImportRequest import;
  import.path = std::move(*path);
  import.format = *format;
  import.overwrite = overwrite->value_or(false);
  if (language_text->has_value()) {
    import.language = parse_language(**language_text);
    if (!import.language.has_value()) return ApiError::InvalidParameterValue("Invalid language: " + **language_text);
  }
  auto decoded = base64_decode(content->value_or(""));
  if (!decoded.has_value()) {
    return ApiError::MalformedRequest("The content field must be base64-encoded");
  }
  import.content = std::move(*decoded);
  return workspace.tree().import(import).status();
}

http::Response export_object(Workspace& workspace, const http::RouteMatch& match) {
  auto path = required_query_string(match.query, "path");
  if (!path.ok()) return error_response(path.error());
  auto format = format_field(query_string(match.query, "format"));
  if (!format.ok()) return error_response(format.error());
  auto direct = query_bool(match.query, "direct_download");
  if (!direct.ok()) return error_response(direct.error());
  auto exported = workspace.tree().export_object(*path, *format);
  if (!exported.ok()) return error_response(exported.error());
  if (direct->value_or(false)) {
    return http::Response::text(200, std::move(exported->content), "application/octet-stream");
  }
  Json out = Json::object();
  out["content"] = base64_encode(exported->content);
  if (exported->file_type.has_value()) out["file_type"] = *exported->file_type;
  return json_response(out);
}

ApiResult<Json> list_objects(Workspace& workspace, const http::RouteMatch& match) {
  auto path = required_query_string(match.query, "path");
  DRDRILL_API_RETURN_IF_ERROR(path);
  auto children = workspace.tree().list(*path);
  DRDRILL_API_RETURN_IF_ERROR(children);
  Json out = Json::object();
  // The real service leaves "objects" out for an empty folder; the SDKs tolerate both.
  if (!children->empty()) {
    Json objects = Json::array();
    for (const WorkspaceObject* child : *children) objects.push_back(object_info(*child));
    out["objects"] = std::move(objects);
  }
  return out;
}

ApiStatus mkdirs(Workspace& workspace, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto path = required_string(*body, "path");
  DRDRILL_API_RETURN_IF_ERROR(path);
  return workspace.tree().mkdirs(*path);
}

ApiStatus delete_object(Workspace& workspace, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto path = required_string(*body, "path");
  DRDRILL_API_RETURN_IF_ERROR(path);
  auto recursive = optional_bool(*body, "recursive");
  DRDRILL_API_RETURN_IF_ERROR(recursive);
  return workspace.tree().remove(*path, recursive->value_or(false));
}

ApiResult<Json> get_status(Workspace& workspace, const http::RouteMatch& match) {
  auto path = required_query_string(match.query, "path");
  DRDRILL_API_RETURN_IF_ERROR(path);
  auto object = workspace.tree().get_status(*path);
  DRDRILL_API_RETURN_IF_ERROR(object);
  return object_info(**object);
}

}  // namespace

void add_workspace_routes(http::Router& api, Workspace& ws) {
  using http::Method;
  using http::Request;
  using http::RouteMatch;
  api.add(Method::kPost, "/workspace/import",
          [&ws](const Request& r, const RouteMatch&) { return respond(import_object(ws, r)); })
      .add(Method::kGet, "/workspace/export",
           [&ws](const Request&, const RouteMatch& m) { return export_object(ws, m); })
      .add(Method::kGet, "/workspace/list",
           [&ws](const Request&, const RouteMatch& m) { return respond(list_objects(ws, m)); })
      .add(Method::kPost, "/workspace/mkdirs",
           [&ws](const Request& r, const RouteMatch&) { return respond(mkdirs(ws, r)); })
      .add(Method::kPost, "/workspace/delete",
           [&ws](const Request& r, const RouteMatch&) { return respond(delete_object(ws, r)); })
      .add(Method::kGet, "/workspace/get-status",
           [&ws](const Request&, const RouteMatch& m) { return respond(get_status(ws, m)); });
}

}  // namespace drdrill::databricks
