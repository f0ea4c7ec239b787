#pragma once
// LogicalServer: an Azure SQL logical server (`<name>.database.windows.net`) in one region: its SQL
// logins and the databases it hosts.
//
// Logins belong to the server, not to a database, so geo-replication does not copy them: a
// secondary server created without the metastore's login refuses it after failover with 18456
// (dr-parameters 2b.9), one of the failure modes a drill must surface. Every server also has an
// empty `master` database, where a client lands when its JDBC URL names no database.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sql/database.h"
#include "sql/sql_error.h"

namespace drdrill::sql {

inline constexpr std::string_view kMasterDatabase = "master";

class LogicalServer {
 public:
  // `storage_dir` empty: databases live in memory; otherwise each is `<dir>/<server>/<db>.db`.
  static Result<std::unique_ptr<LogicalServer>> create(std::string name, std::string region, const Clock& clock,
                                                       std::filesystem::path storage_dir = {});

  const std::string& name() const { return name_; }
  const std::string& region() const { return region_; }
  std::string host() const;  // <name>.database.windows.net

  // SQL authentication. Login names compare case-insensitively (SQL Server's default collation);
  // passwords exactly.
  Status add_login(std::string_view user, std::string_view password);
  Status remove_login(std::string_view user);
  bool has_login(std::string_view user) const;
  // 18456 for an unknown login or a wrong password (SQL Server tells the client nothing more).
  // A "user@server" name, which Azure's gateway accepts, is checked without the suffix.
  SqlStatus authenticate(std::string_view user, std::string_view password) const;

  Result<Database*> create_database(std::string_view name);
  // Case-insensitive, like database names in Azure SQL. Null if there is none.
  Database* database(std::string_view name);
  Status drop_database(std::string_view name);
  std::vector<std::string> database_names() const;

 private:
  LogicalServer(std::string name, std::string region, const Clock& clock, std::filesystem::path storage_dir)
      : name_(std::move(name)), region_(std::move(region)), clock_(clock), storage_dir_(std::move(storage_dir)) {}

  std::string name_;
  std::string region_;
  const Clock& clock_;
  std::filesystem::path storage_dir_;
  std::map<std::string, std::string, std::less<>> logins_;  // lower-case user → password
  std::map<std::string, std::unique_ptr<Database>, std::less<>> databases_;  // lower-case name
};

}  // namespace drdrill::sql
