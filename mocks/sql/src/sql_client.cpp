#include "sql/sql_client.h"

#include <string>

#include "sql/sql_service.h"

namespace drdrill::sql {

SqlClient::SqlClient(SqlService& service, const Clock& clock, SqlClientOptions options)
    : service_(service), dns_cache_(clock, options.dns_cache_ttl) {}

Result<std::string> SqlClient::resolve(std::string_view host) { return dns_cache_.resolve(host, service_.dns()); }

SqlResult<SqlConnection> SqlClient::connect(std::string_view jdbc_url, std::string_view user,
                                            std::string_view password) {
  auto url = parse_jdbc_url(jdbc_url);
  // The driver refuses a malformed URL before any network traffic.
  if (!url.ok()) return SqlError::client_misuse(url.status().message());
  return connect(*url, user, password);
}

SqlResult<SqlConnection> SqlClient::connect(const JdbcUrl& url, std::string_view user, std::string_view password) {
  auto server = resolve(url.host);
  if (!server.ok()) return SqlError::unknown_host(url.host, url.port);
  LoginRequest request;
  request.server = *server;
  request.database = url.database();
  request.user = user.empty() ? url.user() : std::string(user);
  request.password = user.empty() ? url.password() : std::string(password);
  request.host = url.host;
  request.port = url.port;
  request.login_timeout = url.login_timeout();
  return service_.open_connection(request);
}

}  // namespace drdrill::sql
