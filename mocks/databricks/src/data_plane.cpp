#include "databricks/data_plane.h"

#include <utility>

namespace drdrill::databricks {
namespace {

constexpr std::string_view kHadoopPrefix = "spark.hadoop.";

// The value of `key` with the "spark.hadoop." prefix, else without it.
std::optional<std::string> conf_value(const std::map<std::string, std::string>& conf, std::string_view key) {
  if (const auto it = conf.find(std::string(kHadoopPrefix) + std::string(key)); it != conf.end()) return it->second;
  if (const auto it = conf.find(std::string(key)); it != conf.end()) return it->second;
  return std::nullopt;
}

}  // namespace

ClusterDataConfig ClusterDataConfig::from_spark_conf(std::map<std::string, std::string> resolved_conf) {
  ClusterDataConfig config;
  if (auto url = conf_value(resolved_conf, "javax.jdo.option.ConnectionURL")) {
    MetastoreSettings metastore;
    metastore.jdbc_url = std::move(*url);
    metastore.user = conf_value(resolved_conf, "javax.jdo.option.ConnectionUserName").value_or("");
    metastore.password = conf_value(resolved_conf, "javax.jdo.option.ConnectionPassword").value_or("");
    metastore.driver = conf_value(resolved_conf, "javax.jdo.option.ConnectionDriverName").value_or("");
    const auto version = resolved_conf.find("spark.sql.hive.metastore.version");
    if (version != resolved_conf.end()) metastore.version = version->second;
    config.metastore = std::move(metastore);
  }
  // fs.azure.account.key.<account>.dfs.core.windows.net (or .blob.core.windows.net)
  constexpr std::string_view kKeyPrefix = "fs.azure.account.key.";
  for (const auto& [raw_key, value] : resolved_conf) {
    std::string_view key = raw_key;
    if (key.substr(0, kHadoopPrefix.size()) == kHadoopPrefix) key.remove_prefix(kHadoopPrefix.size());
    if (key.substr(0, kKeyPrefix.size()) != kKeyPrefix) continue;
    const std::string_view host = key.substr(kKeyPrefix.size());
    const auto dot = host.find('.');
    if (dot == std::string_view::npos) continue;
    const std::string_view suffix = host.substr(dot);
    if (suffix != ".dfs.core.windows.net" && suffix != ".blob.core.windows.net") continue;
    // The prefixed form wins: it is visited first only if it sorts first, so overwrite explicitly.
    const std::string account(host.substr(0, dot));
    const bool prefixed = raw_key.size() != key.size();
    if (prefixed || config.storage_account_keys.find(account) == config.storage_account_keys.end()) {
      config.storage_account_keys[account] = value;
    }
  }
  config.spark_conf = std::move(resolved_conf);
  return config;
}

SqlOutcome ClusterDataSession::execute_sql(const SqlRequest& request) {
  SqlOutcome out;
  out.current_database = request.current_database;
  out.failure = SqlFailure{"BAD_REQUEST", "This cluster's data session runs no SQL (no SQL engine is wired to its data plane)",
                           "", "", "unsupported"};
  return out;
}

}  // namespace drdrill::databricks
