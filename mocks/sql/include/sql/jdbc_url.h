#pragma once
// JdbcUrl: a Microsoft JDBC driver URL as Hive's metastore gets it in
// `spark.hadoop.javax.jdo.option.ConnectionURL`:
//
//   jdbc:sqlserver://<host>[:<port>][;<key>=<value>]...
//   jdbc:sqlserver://srv.database.windows.net:1433;database=hms;encrypt=true;loginTimeout=30;
//
// Keys are case-insensitive (the driver's rule); `databaseName` and `database` are the same
// property, as are `user`/`userName`. A value may be wrapped in braces to contain ';'
// (`password={a;b}`), with '}}' standing for '}'. Parsing is stricter than the driver where the
// driver would silently do something surprising: a key given twice, a named instance (Azure SQL
// has none) or a malformed port is an error naming what is wrong.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace drdrill::sql {

inline constexpr int kDefaultSqlPort = 1433;

struct JdbcUrl {
  std::string host;  // lower-cased (DNS names are case-insensitive)
  int port = kDefaultSqlPort;
  // Properties by canonical lower-case key ("databasename", "user", "password", "encrypt", ...);
  // values as written, braces removed.
  std::map<std::string, std::string> properties;

  // The case-insensitive property `key` (aliases folded), if present.
  std::optional<std::string> property(std::string_view key) const;
  // `databaseName`; empty means the login's default database (master).
  std::string database() const;
  std::string user() const;
  std::string password() const;
  // `loginTimeout` in seconds; the driver's default is 15 s.
  Duration login_timeout() const;

  // Canonical form with the password replaced by "***", for logs and reports.
  std::string to_string() const;
};

Result<JdbcUrl> parse_jdbc_url(std::string_view text);

// The canonical key a property name folds to: lower case, aliases resolved
// ("databaseName" and "database" → "databasename", "userName" and "user" → "user").
std::string canonical_jdbc_key(std::string_view key);

}  // namespace drdrill::sql
