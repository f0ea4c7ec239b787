#pragma once
// MountTable: a workspace's DBFS mount points, /mnt/<name> -> an ADLS Gen2 location.
//
// On a real workspace mounts are made by running dbutils.fs.mount() on a cluster; there is no REST
// endpoint for them (api-facts.md 6.6). drdrill sets them per workspace through its own extension
// endpoint (POST /api/2.0/drdrill/mounts/..., see rest_api.h), so a scenario can say that the
// passive workspace mounts the `-secondary` endpoint, as in the seed's walkthrough.
//
// A mount's source names the storage endpoint the cluster reaches, primary or secondary:
//   abfss://<container>@<account>.dfs.core.windows.net/<path>
//   abfss://<container>@<account>-secondary.dfs.core.windows.net/<path>
// which is how a drill tells "reads the RA-GRS secondary (and cannot write)" from "reads the primary".
//
// Clusters take a snapshot of the table when their driver starts (as dbutils caches mounts until
// refreshMounts()), see ClusterDataConfig.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "databricks/api_error.h"

namespace drdrill::databricks {

// A parsed abfss:// URI.
struct StorageLocation {
  std::string container;
  std::string account;  // without "-secondary"
  bool secondary = false;
  std::string path;     // without leading '/'; may be empty

  // The canonical URI: "abfss://c@acct[-secondary].dfs.core.windows.net[/path]".
  std::string to_uri() const;
};

// Parses "abfss://<container>@<account>[-secondary].dfs.core.windows.net[/<path>]". Container and
// account names follow Azure's rules (lower-case letters and digits; containers also '-').
ApiResult<StorageLocation> parse_abfss_uri(std::string_view uri);

struct Mount {
  std::string mount_point;  // "/mnt/raw"
  StorageLocation source;
};

class MountTable {
 public:
  // Adds a mount; "/mnt/<name>" with one or more segments of [A-Za-z0-9_-.]. An existing mount point
  // is refused (as dbutils refuses "Directory already mounted"), as is a mount inside another.
  ApiStatus mount(std::string_view mount_point, std::string_view source);
  // Replaces the source of an existing mount point (dbutils.fs.updateMount).
  ApiStatus update(std::string_view mount_point, std::string_view source);
  ApiStatus unmount(std::string_view mount_point);

  // Ordered by mount point.
  std::vector<Mount> list() const;
  const Mount* find(std::string_view mount_point) const;

  // Resolves a DBFS path ("/mnt/raw/sales" or "dbfs:/mnt/raw/sales") through the table to a storage
  // location; an abfss:// URI is parsed as it is. Error (RESOURCE_DOES_NOT_EXIST): no mount covers
  // the path.
  ApiResult<StorageLocation> resolve(std::string_view path) const;

 private:
  std::map<std::string, Mount, std::less<>> mounts_;
};

}  // namespace drdrill::databricks
