#pragma once
// Helpers the world's builder files share (not part of sim's interface).

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/random.h"
#include "sim/scenario.h"
#include "sql/metastore_types.h"

namespace drdrill::sim {

inline bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// What the cicd_sync_lag faults starting at the drill's start keep out of `workspace` at first.
CicdSyncLag lagging_at_start(const Scenario& scenario, std::string_view workspace);

// Storage account keys the scenario's clusters set themselves (fs.azure.account.key.<account>.*,
// secret references resolved through the workspace's scopes), by account; the first one wins.
std::map<std::string, std::string> declared_account_keys(const Scenario& scenario);

// 64 random bytes, base64: an account key as Azure issues them.
std::string generate_account_key(RandomStream& rng);

// "jdbc:sqlserver://<server>.database.windows.net:1433;database=<db>;encrypt=true;loginTimeout=30;"
std::string jdbc_url_for(std::string_view server_or_listener, std::string_view database);

// "sales.orders" -> {"sales", "orders"}; a name without a database is in "default".
std::pair<std::string, std::string> split_table_name(std::string_view table);

// The Hive table a scenario table is registered as: external, at its location, with its
// partition columns, and two data columns (id bigint, payload string).
sql::HiveTable hive_table(const Table& table);

// The Key Vault behind an AZURE_KEYVAULT scope of a workspace.
std::string key_vault_dns_name(std::string_view workspace, std::string_view scope);
std::string key_vault_resource_id(std::string_view workspace, std::string_view scope);

// What CI/CD imports as a notebook's source (its header line and a comment naming it).
std::string notebook_source(const Notebook& notebook);

}  // namespace drdrill::sim
