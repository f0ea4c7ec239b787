#include "lakehouse/metastore_connection.h"

#include <utility>

#include "sql/jdbc_url.h"

namespace drdrill::lakehouse {
namespace {

constexpr std::string_view kSqlServerDriver = "com.microsoft.sqlserver.jdbc.SQLServerDriver";

DataError not_configured(std::string message) {
  return DataError::make(DataErrorKind::kMetastoreNotConfigured, "", "", std::move(message));
}

}  // namespace

MetastoreConnection::MetastoreConnection(sql::SqlService& service, const Clock& clock,
                                         std::optional<databricks::MetastoreSettings> settings,
                                         sql::SqlClientOptions client_options)
    : service_(service), clock_(clock), settings_(std::move(settings)), sql_client_(service, clock, client_options) {
  if (!settings_) {
    setup_error_ = not_configured(
        "The cluster's Spark conf names no external Hive metastore (spark.hadoop.javax.jdo.option.ConnectionURL); "
        "drdrill does not model the workspace's built-in metastore");
    return;
  }
  if (!settings_->driver.empty() && settings_->driver != kSqlServerDriver) {
    setup_error_ = not_configured("javax.jdo.option.ConnectionDriverName is " + settings_->driver +
                                  "; drdrill's metastore is Azure SQL, reached with " + std::string(kSqlServerDriver));
    return;
  }
  // The model is the Hive 2.3 schema; a client of another version would fail schema verification.
  if (!settings_->version.empty() && settings_->version.rfind("2.3", 0) != 0) {
    setup_error_ = not_configured("spark.sql.hive.metastore.version is " + settings_->version +
                                  "; drdrill models Hive metastore 2.3 (e.g. 2.3.7, the seed's version)");
    return;
  }
  auto url = sql::parse_jdbc_url(settings_->jdbc_url);
  if (!url.ok()) {
    setup_error_ = DataError::make(DataErrorKind::kMetastoreOther, "", "",
                                   "Invalid javax.jdo.option.ConnectionURL: " + url.status().message());
    return;
  }
  target_ = url->to_string();
  sql::JdbcUrl parsed = *url;
  const std::string user = settings_->user;
  const std::string password = settings_->password;
  sql::MetastoreClient::ConnectionFactory connect = [this, parsed, user, password]() {
    auto connection = sql_client_.connect(parsed, user, password);
    if (connection.ok()) {
      last_server_ = connection->server();
      last_database_ = connection->database();
    }
    return connection;
  };
  metastore_.emplace(std::move(connect), target_, user.empty() ? parsed.user() : user, clock_);
}

DataResult<sql::MetastoreClient*> MetastoreConnection::client() {
  if (setup_error_) return *setup_error_;
  if (!default_checked_) {
    sql::MetastoreStatus checked = metastore_->ensure_default_database();
    if (!checked.ok()) return DataError::from_metastore(checked.error());
    default_checked_ = true;
  }
  return &*metastore_;
}

databricks::UnderlyingWrite MetastoreConnection::last_write(TimePoint at) const {
  databricks::UnderlyingWrite w;
  w.store = "sql:" + last_server_ + "/" + last_database_;
  if (const sql::Database* db = service_.database(last_server_, last_database_)) w.sequence = db->sequence();
  w.acknowledged_at = at;
  return w;
}

}  // namespace drdrill::lakehouse
