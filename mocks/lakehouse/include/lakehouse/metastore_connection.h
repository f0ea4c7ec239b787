#pragma once
// MetastoreConnection: a driver process's Hive metastore client, opened from its Spark conf
// (javax.jdo.option.ConnectionURL / ConnectionUserName / ConnectionPassword / ConnectionDriverName,
// spark.sql.hive.metastore.version) through the SQL fake: the JDBC URL is resolved through this
// process's own DNS cache (SqlClient), so a listener that moved is seen when the cache expires, and
// every call meets the SQL fake's rules (18456 without the login, 3906 on a read-only secondary,
// 40613 during failover, refused or timed-out connections during an outage).
//
// It also remembers which database each call reached, so a write can be named as the SQL fake's
// replication ledger names it (server, database, log position = CommitEvent::sequence).
//
// As the real metastore client does when it starts, the first successful call makes sure the
// `default` database exists (a read where it does, so this works against a read-only secondary).

#include <optional>
#include <string>

#include "core/clock.h"
#include "databricks/data_plane.h"
#include "lakehouse/data_error.h"
#include "sql/metastore_client.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"

namespace drdrill::lakehouse {

class MetastoreConnection {
 public:
  // `settings` absent: the conf names no external metastore; every call fails with
  // kMetastoreNotConfigured (the built-in per-workspace metastore is not modelled).
  MetastoreConnection(sql::SqlService& service, const Clock& clock, std::optional<databricks::MetastoreSettings> settings,
                      sql::SqlClientOptions client_options = {});
  MetastoreConnection(const MetastoreConnection&) = delete;
  MetastoreConnection& operator=(const MetastoreConnection&) = delete;

  // The client, ready for a call; or why there is none (bad URL, unsupported driver or metastore
  // version, the `default` database check failing).
  DataResult<sql::MetastoreClient*> client();

  // Where the last write landed, as the SQL replication ledger names it: store
  // "sql:<server>/<database>" and the database's log position after it (0 when the database is
  // not a geo-primary, whose commits are not logged).
  databricks::UnderlyingWrite last_write(TimePoint at) const;

  // "jdbc:sqlserver://srv.database.windows.net:1433;database=hms" (password hidden), or "" if none.
  const std::string& target() const { return target_; }

 private:
  sql::SqlService& service_;
  const Clock& clock_;
  std::optional<databricks::MetastoreSettings> settings_;
  sql::SqlClient sql_client_;
  std::optional<sql::MetastoreClient> metastore_;
  std::optional<DataError> setup_error_;
  bool default_checked_ = false;
  std::string target_;
  // What the last connection reached.
  std::string last_server_;
  std::string last_database_;
};

}  // namespace drdrill::lakehouse
