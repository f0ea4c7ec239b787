#pragma once
// SqlClient: the client side of a connection, as the Microsoft JDBC driver inside one process
// (a Databricks cluster's metastore client, a probe) does it: parse the JDBC URL, resolve the host
// through this process's DNS cache, then log in. One SqlClient per client process, because the
// DNS cache is per process: two clusters that resolved at different times see a failover at
// different times.

#include <string_view>

#include "core/clock.h"
#include "sql/jdbc_url.h"
#include "sql/sql_connection.h"
#include "sql/sql_dns.h"
#include "sql/sql_error.h"

namespace drdrill::sql {

class SqlService;

struct SqlClientOptions {
  // How long this process keeps a DNS answer at most (JVM networkaddress.cache.ttl: 30 s).
  Duration dns_cache_ttl = kListenerTtl;
};

class SqlClient {
 public:
  SqlClient(SqlService& service, const Clock& clock, SqlClientOptions options = {});

  // `user`/`password` empty: taken from the URL's properties (Hive passes them separately, in
  // javax.jdo.option.ConnectionUserName/ConnectionPassword).
  SqlResult<SqlConnection> connect(std::string_view jdbc_url, std::string_view user = {},
                                   std::string_view password = {});
  SqlResult<SqlConnection> connect(const JdbcUrl& url, std::string_view user = {}, std::string_view password = {});

  // Which server `host` leads to for this client right now (cached or fresh).
  Result<std::string> resolve(std::string_view host);
  void flush_dns_cache() { dns_cache_.flush(); }

 private:
  SqlService& service_;
  DnsCache dns_cache_;
};

}  // namespace drdrill::sql
