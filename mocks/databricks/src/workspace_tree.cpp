#include "databricks/workspace_tree.h"

#include <utility>

namespace drdrill::databricks {
namespace {

// The first line of an exported notebook, in the language's comment syntax.
std::string_view notebook_header(Language language) {
  switch (language) {
    case Language::kPython:
    case Language::kR:
      return "# Databricks notebook source";
    case Language::kScala: return "// Databricks notebook source";
    case Language::kSql: return "-- Databricks notebook source";
  }
  return "# Databricks notebook source";
}

std::string_view first_line(std::string_view content) {
  std::string_view line = content.substr(0, content.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// The language a notebook header line declares, by comment style ('#' reads as Python).
std::optional<Language> language_of_header(std::string_view line) {
  if (line == notebook_header(Language::kPython)) return Language::kPython;
  if (line == notebook_header(Language::kScala)) return Language::kScala;
  if (line == notebook_header(Language::kSql)) return Language::kSql;
  return std::nullopt;
}

std::optional<Language> language_of_extension(std::string_view extension) {
  if (extension == "py") return Language::kPython;
  if (extension == "scala") return Language::kScala;
  if (extension == "sql") return Language::kSql;
  if (extension == "r" || extension == "R") return Language::kR;
  return std::nullopt;
}

std::string_view parent_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == 0 ? std::string_view("/") : path.substr(0, slash);
}

ApiError does_not_exist(std::string_view path) {
  return ApiError::DoesNotExist("Path (" + std::string(path) + ") doesn't exist.");
}

// The real service sends RESOURCE_ALREADY_EXISTS from the workspace API with 400, not the 409 the
// SDKs associate with the code (api-facts.md 6.1).
ApiError already_exists(std::string message) {
  return ApiError(ErrorCode::kResourceAlreadyExists, std::move(message), 400);
}

}  // namespace

std::string_view to_string(ObjectType type) {
  switch (type) {
    case ObjectType::kDirectory: return "DIRECTORY";
    case ObjectType::kNotebook: return "NOTEBOOK";
    case ObjectType::kFile: return "FILE";
  }
  return "DIRECTORY";
}

std::string_view to_string(Language language) {
  switch (language) {
    case Language::kPython: return "PYTHON";
    case Language::kScala: return "SCALA";
    case Language::kSql: return "SQL";
    case Language::kR: return "R";
  }
  return "PYTHON";
}

std::string_view to_string(WorkspaceFormat format) {
  switch (format) {
    case WorkspaceFormat::kSource: return "SOURCE";
    case WorkspaceFormat::kAuto: return "AUTO";
    case WorkspaceFormat::kRaw: return "RAW";
    case WorkspaceFormat::kHtml: return "HTML";
    case WorkspaceFormat::kJupyter: return "JUPYTER";
    case WorkspaceFormat::kDbc: return "DBC";
    case WorkspaceFormat::kRMarkdown: return "R_MARKDOWN";
  }
  return "SOURCE";
}

std::optional<Language> parse_language(std::string_view text) {
  for (Language l : {Language::kPython, Language::kScala, Language::kSql, Language::kR}) {
    if (text == to_string(l)) return l;
  }
  return std::nullopt;
}

std::optional<WorkspaceFormat> parse_workspace_format(std::string_view text) {
  for (WorkspaceFormat f : {WorkspaceFormat::kSource, WorkspaceFormat::kAuto, WorkspaceFormat::kRaw,
                            WorkspaceFormat::kHtml, WorkspaceFormat::kJupyter, WorkspaceFormat::kDbc,
                            WorkspaceFormat::kRMarkdown}) {
    if (text == to_string(f)) return f;
  }
  return std::nullopt;
}

std::string_view file_type(Language language) {
  switch (language) {
    case Language::kPython: return "py";
    case Language::kScala: return "scala";
    case Language::kSql: return "sql";
    case Language::kR: return "r";
  }
  return "py";
}

ApiStatus validate_workspace_path(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return ApiError::InvalidParameterValue("Path (" + std::string(path) + ") must be an absolute path starting with '/'");
  }
  if (path == "/") return {};
  if (path.back() == '/' || path.find("//") != std::string_view::npos) {
    return ApiError::InvalidParameterValue("Path (" + std::string(path) + ") is not a valid workspace path");
  }
  return {};
}

WorkspaceTree::WorkspaceTree(const Clock& clock, std::int64_t first_object_id)
    : clock_(clock), next_object_id_(first_object_id) {
  create("/", ObjectType::kDirectory);
  create("/Shared", ObjectType::kDirectory);
  create("/Users", ObjectType::kDirectory);
}

WorkspaceObject& WorkspaceTree::create(std::string path, ObjectType type) {
  WorkspaceObject object;
  object.type = type;
  object.path = path;
  object.object_id = next_object_id_++;
  object.created_at = clock_.now();
  object.modified_at = object.created_at;
  return objects_.insert_or_assign(std::move(path), std::move(object)).first->second;
}

const WorkspaceObject* WorkspaceTree::find(std::string_view path) const {
  const auto it = objects_.find(path);
  return it == objects_.end() ? nullptr : &it->second;
}

ApiStatus WorkspaceTree::check_parent_is_directory(std::string_view path) const {
  const std::string_view parent = parent_of(path);
  const WorkspaceObject* p = find(parent);
  if (p == nullptr) return does_not_exist(parent);
  if (p->type != ObjectType::kDirectory) {
    return already_exists(std::string(parent) + " already exists and it is not a folder");
  }
  return {};
}

ApiResult<std::string> WorkspaceTree::import(const ImportRequest& request) {
  DRDRILL_API_RETURN_IF_ERROR(validate_workspace_path(request.path));
  if (request.path == "/") return ApiError::InvalidParameterValue("Cannot import to the root folder /");
  if (request.content.size() > kMaxImportBytes) {
    return ApiError(ErrorCode::kMaxNotebookSizeExceeded,
                    "File size imported is (" + std::to_string(request.content.size()) +
                        " bytes), exceeded max size (" + std::to_string(kMaxImportBytes) + " bytes)");
  }

  std::string path = request.path;
  ObjectType type = ObjectType::kFile;
  std::optional<Language> language;
  switch (request.format) {
    case WorkspaceFormat::kSource:
      if (!request.language.has_value()) {
        return ApiError::InvalidParameterValue("The language field is required when importing in SOURCE format");
      }
      type = ObjectType::kNotebook;
      language = request.language;
      break;
    case WorkspaceFormat::kAuto: {
      const std::optional<Language> declared = language_of_header(first_line(request.content));
      const auto slash = path.rfind('/');
      const auto dot = path.rfind('.');
      const bool has_extension = dot != std::string::npos && dot > slash + 1;
      const std::optional<Language> by_extension =
          has_extension ? language_of_extension(std::string_view(path).substr(dot + 1)) : std::nullopt;
      if (declared.has_value()) {
        // An R notebook shares Python's '#' header; the extension tells them apart.
        const bool header_matches = !by_extension.has_value() ||
                                    notebook_header(*by_extension) == notebook_header(*declared);
        if (header_matches) {
          type = ObjectType::kNotebook;
          language = by_extension.value_or(*declared);
          if (by_extension.has_value()) path.erase(dot);
        }
      }
      break;
    }
    case WorkspaceFormat::kRaw:
      break;
    case WorkspaceFormat::kHtml:
    case WorkspaceFormat::kJupyter:
    case WorkspaceFormat::kDbc:
    case WorkspaceFormat::kRMarkdown:
      return ApiError::BadRequest("drdrill models only the SOURCE, AUTO and RAW import formats, not " +
                                  std::string(to_string(request.format)));
  }

  DRDRILL_API_RETURN_IF_ERROR(check_parent_is_directory(path));
  const auto existing = objects_.find(path);
  if (existing != objects_.end()) {
    if (!request.overwrite || existing->second.type == ObjectType::kDirectory) {
      return already_exists("Path (" + path + ") already exists.");
    }
    // Overwriting keeps the object's identity, as the real service keeps its id.
    WorkspaceObject& object = existing->second;
    object.type = type;
    object.language = language;
    object.content = request.content;
    object.modified_at = clock_.now();
    return path;
  }
  WorkspaceObject& object = create(path, type);
  object.language = language;
  object.content = request.content;
  return path;
}

ApiResult<ExportedObject> WorkspaceTree::export_object(std::string_view path, WorkspaceFormat format) const {
  DRDRILL_API_RETURN_IF_ERROR(validate_workspace_path(path));
  const WorkspaceObject* object = find(path);
  if (object == nullptr) return does_not_exist(path);
  if (format != WorkspaceFormat::kSource && format != WorkspaceFormat::kAuto && format != WorkspaceFormat::kRaw) {
    return ApiError::BadRequest("drdrill models only the SOURCE, AUTO and RAW export formats, not " +
                                std::string(to_string(format)));
  }
  if (object->type == ObjectType::kDirectory) {
    return ApiError::BadRequest("drdrill cannot export a folder (" + std::string(path) + "); export its objects one by one");
  }
  ExportedObject exported;
  if (object->type == ObjectType::kFile) {
    exported.content = object->content;
    return exported;
  }
  // A notebook's source always begins with its header line; the real service adds it when the
  // imported source lacked it.
  const std::string_view header = notebook_header(*object->language);
  if (first_line(object->content) == header) {
    exported.content = object->content;
  } else {
    exported.content = std::string(header) + "\n" + object->content;
  }
  exported.file_type = std::string(file_type(*object->language));
  return exported;
}

ApiResult<std::vector<const WorkspaceObject*>> WorkspaceTree::list(std::string_view path) const {
  DRDRILL_API_RETURN_IF_ERROR(validate_workspace_path(path));
  const WorkspaceObject* dir = find(path);
  if (dir == nullptr) return does_not_exist(path);
  if (dir->type != ObjectType::kDirectory) return std::vector<const WorkspaceObject*>{dir};
  const std::string prefix = path == "/" ? std::string("/") : std::string(path) + "/";
  std::vector<const WorkspaceObject*> children;
  for (auto it = objects_.lower_bound(prefix); it != objects_.end(); ++it) {
    const std::string_view key = it->first;
    if (key.substr(0, prefix.size()) != prefix) break;
    if (key.size() == prefix.size()) continue;  // "/" itself
    if (key.find('/', prefix.size()) != std::string_view::npos) continue;  // a grandchild
    children.push_back(&it->second);
  }
  return children;
}

ApiStatus WorkspaceTree::mkdirs(std::string_view path) {
  DRDRILL_API_RETURN_IF_ERROR(validate_workspace_path(path));
  // Check every prefix first, so a refused call changes nothing.
  std::vector<std::string> missing;
  for (std::size_t end = 1; end <= path.size(); ++end) {
    if (end != path.size() && path[end] != '/') continue;
    const std::string prefix(path.substr(0, end));
    const WorkspaceObject* object = find(prefix);
    if (object == nullptr) {
      missing.push_back(prefix);
    } else if (object->type != ObjectType::kDirectory) {
      return already_exists(prefix + " already exists and it is not a folder");
    }
  }
  for (std::string& dir : missing) create(std::move(dir), ObjectType::kDirectory);
  return {};
}

ApiStatus WorkspaceTree::remove(std::string_view path, bool recursive) {
  DRDRILL_API_RETURN_IF_ERROR(validate_workspace_path(path));
  if (path == "/") return ApiError::InvalidParameterValue("The root folder / cannot be deleted");
  const auto it = objects_.find(path);
  if (it == objects_.end()) return does_not_exist(path);
  if (it->second.type != ObjectType::kDirectory) {
    objects_.erase(it);
    return {};
  }
  const std::string prefix = std::string(path) + "/";
  const auto first_child = objects_.lower_bound(prefix);
  auto end = first_child;
  while (end != objects_.end() && std::string_view(end->first).substr(0, prefix.size()) == prefix) ++end;
  if (first_child != end && !recursive) {
    return ApiError(ErrorCode::kDirectoryNotEmpty, "Folder (" + std::string(path) + ") is not empty");
  }
  objects_.erase(first_child, end);
  objects_.erase(it);  // "/a" sorts before "/a/...", so `it` was outside the erased range
  return {};
}

ApiResult<const WorkspaceObject*> WorkspaceTree::get_status(std::string_view path) const {
  DRDRILL_API_RETURN_IF_ERROR(validate_workspace_path(path));
  const WorkspaceObject* object = find(path);
  if (object == nullptr) return does_not_exist(path);
  return object;
}

}  // namespace drdrill::databricks
