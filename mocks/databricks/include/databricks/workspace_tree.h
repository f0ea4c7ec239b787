#pragma once
// WorkspaceTree: the workspace's notebooks, files and folders (Workspace API 2.0).
//
// What CI/CD deploys to both regions' workspaces, and what a job's notebook task needs to find: a
// run whose notebook was never deployed to the secondary fails like the real one ("Notebook not
// found"). Paths are absolute ("/Shared/etl/load"), without a trailing slash; "/" always exists,
// as do "/Users" and "/Shared" (every real workspace has them).
//
// Import formats modelled: SOURCE (a notebook in `language`), AUTO (a notebook when the content
// starts with a "Databricks notebook source" header, taking its language from the file extension
// or the header's comment style and dropping the extension, as the docs describe; otherwise a
// file) and RAW (a file). HTML, JUPYTER, DBC and R_MARKDOWN are refused as unsupported by drdrill.
//
// Object ids come from a per-workspace counter, so two runs of a drill see the same ids.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "databricks/api_error.h"

namespace drdrill::databricks {

enum class ObjectType { kDirectory, kNotebook, kFile };
enum class Language { kPython, kScala, kSql, kR };
enum class WorkspaceFormat { kSource, kAuto, kRaw, kHtml, kJupyter, kDbc, kRMarkdown };

std::string_view to_string(ObjectType type);        // "DIRECTORY", "NOTEBOOK", "FILE"
std::string_view to_string(Language language);      // "PYTHON", "SCALA", "SQL", "R"
std::string_view to_string(WorkspaceFormat format);  // "SOURCE", ...
std::optional<Language> parse_language(std::string_view text);
std::optional<WorkspaceFormat> parse_workspace_format(std::string_view text);
// The extension a notebook's source exports as: "py", "scala", "sql", "r".
std::string_view file_type(Language language);

struct WorkspaceObject {
  ObjectType type = ObjectType::kDirectory;
  std::string path;
  std::optional<Language> language;  // notebooks only
  std::int64_t object_id = 0;
  TimePoint created_at;
  TimePoint modified_at;
  std::string content;  // notebooks and files: the bytes as imported
};

struct ImportRequest {
  std::string path;
  WorkspaceFormat format = WorkspaceFormat::kSource;
  std::optional<Language> language;
  std::string content;  // decoded bytes
  bool overwrite = false;
};

struct ExportedObject {
  std::string content;                  // bytes
  std::optional<std::string> file_type; // "py" for a Python notebook; absent for files
};

class WorkspaceTree {
 public:
  // The largest content an import accepts (the real limit is 10 MB).
  static constexpr std::size_t kMaxImportBytes = 10 * 1024 * 1024;

  WorkspaceTree(const Clock& clock, std::int64_t first_object_id);

  // Returns the path the object was stored at (AUTO drops a notebook's extension).
  ApiResult<std::string> import(const ImportRequest& request);
  ApiResult<ExportedObject> export_object(std::string_view path, WorkspaceFormat format) const;
  // The direct children of a directory, ordered by path.
  ApiResult<std::vector<const WorkspaceObject*>> list(std::string_view path) const;
  // Creates the directory and any missing parents; a no-op for an existing directory.
  ApiStatus mkdirs(std::string_view path);
  ApiStatus remove(std::string_view path, bool recursive);
  ApiResult<const WorkspaceObject*> get_status(std::string_view path) const;

  // nullptr if nothing is stored at the path.
  const WorkspaceObject* find(std::string_view path) const;
  std::size_t size() const { return objects_.size(); }

 private:
  WorkspaceObject& create(std::string path, ObjectType type);
  ApiStatus check_parent_is_directory(std::string_view path) const;

  const Clock& clock_;
  std::int64_t next_object_id_;
  std::map<std::string, WorkspaceObject, std::less<>> objects_;
};

// 400 INVALID_PARAMETER_VALUE unless `path` is absolute, has no empty segment and no trailing '/'.
ApiStatus validate_workspace_path(std::string_view path);

}  // namespace drdrill::databricks
