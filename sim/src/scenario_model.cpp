// Small helpers of the scenario value types (topology lookups, kinds, the default probes).

#include <algorithm>


#include "core/ascii_case.h"
#include "sim/faults.h"
#include "sim/probes.h"
#include "sim/runbook.h"
#include "sim/topology.h"

namespace drdrill::sim {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return equals_ignoring_ascii_case(a, b);
}

template <typename T, typename Key>
const T* find_by(const std::vector<T>& items, Key key) {
  const auto it = std::find_if(items.begin(), items.end(), key);
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

bool is_geo_redundant(Redundancy r) {
  return r == Redundancy::kGrs || r == Redundancy::kRaGrs || r == Redundancy::kGzrs || r == Redundancy::kRaGzrs;
}

bool has_readable_secondary(Redundancy r) { return r == Redundancy::kRaGrs || r == Redundancy::kRaGzrs; }

bool StorageAccount::has_container(std::string_view container) const {
  return std::find(containers.begin(), containers.end(), container) != containers.end();
}

bool SqlServer::has_login(std::string_view user) const {
  if (iequals(user, admin_user)) return true;
  return std::any_of(logins.begin(), logins.end(), [&](const SqlLogin& l) { return iequals(l.user, user); });
}

bool SqlServer::has_database(std::string_view database) const {
  return std::any_of(databases.begin(), databases.end(), [&](const std::string& d) { return iequals(d, database); });
}

const SqlServer* SqlTopology::server(std::string_view name) const {
  return find_by(servers, [&](const SqlServer& s) { return iequals(s.name, name); });
}

const FailoverGroup* SqlTopology::failover_group(std::string_view name) const {
  return find_by(failover_groups, [&](const FailoverGroup& g) { return iequals(g.name, name); });
}

const ReplicationLink* SqlTopology::link_of(std::string_view database) const {
  return find_by(replication_links, [&](const ReplicationLink& l) { return iequals(l.database, database); });
}

const FailoverGroup* SqlTopology::failover_group_of(std::string_view database) const {
  return find_by(failover_groups, [&](const FailoverGroup& g) {
    return std::any_of(g.databases.begin(), g.databases.end(), [&](const std::string& d) { return iequals(d, database); });
  });
}

std::map<std::string, std::string> Cluster::effective_spark_conf() const {
  std::map<std::string, std::string> conf = spark_conf;
  if (metastore) {
    conf[std::string(kSparkConfJdbcUrl)] = metastore->jdbc_url;
    conf[std::string(kSparkConfJdbcUser)] = metastore->user;
    conf[std::string(kSparkConfJdbcPassword)] = metastore->password;
    conf[std::string(kSparkConfJdbcDriver)] = metastore->driver;
    conf[std::string(kSparkConfMetastoreVersion)] = metastore->version;
    conf[std::string(kSparkConfMetastoreJars)] = metastore->jars;
  }
  return conf;
}

const Notebook* Workspace::notebook(std::string_view path) const {
  return find_by(notebooks, [&](const Notebook& n) { return n.path == path; });
}

const SecretScope* Workspace::secret_scope(std::string_view scope_name) const {
  return find_by(secret_scopes, [&](const SecretScope& s) { return s.name == scope_name; });
}

const Cluster* Workspace::cluster(std::string_view cluster_name) const {
  return find_by(clusters, [&](const Cluster& c) { return c.name == cluster_name; });
}

const Job* Workspace::job(std::string_view job_name) const {
  return find_by(jobs, [&](const Job& j) { return j.name == job_name; });
}

std::optional<SecretReference> parse_secret_reference(std::string_view value) {
  constexpr std::string_view kOpen = "{{secrets/";
  constexpr std::string_view kClose = "}}";
  if (!value.starts_with(kOpen) || !value.ends_with(kClose)) return std::nullopt;
  const std::string_view inner = value.substr(kOpen.size(), value.size() - kOpen.size() - kClose.size());
  const std::size_t slash = inner.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == inner.size()) return std::nullopt;
  if (inner.find('/', slash + 1) != std::string_view::npos) return std::nullopt;
  return SecretReference{std::string(inner.substr(0, slash)), std::string(inner.substr(slash + 1))};
}

const StorageAccount* Topology::storage_account(std::string_view name) const {
  return find_by(storage_accounts, [&](const StorageAccount& a) { return a.name == name; });
}

const Table* Topology::table(std::string_view name) const {
  return find_by(tables, [&](const Table& t) { return iequals(t.name, name); });
}

const Workspace* Topology::workspace(std::string_view name) const {
  return find_by(workspaces, [&](const Workspace& w) { return w.name == name; });
}

std::string_view Fault::kind() const {
  return std::visit([](const auto& f) { return std::remove_cvref_t<decltype(f)>::kKind; }, what);
}

std::string_view runbook_kind(const Runbook& runbook) {
  return std::visit([](const auto& r) { return std::remove_cvref_t<decltype(r)>::kKind; }, runbook);
}

std::string_view Probe::kind() const {
  return std::visit([](const auto& p) { return std::remove_cvref_t<decltype(p)>::kKind; }, what);
}

std::vector<Probe> default_probes() {
  Probe tables;
  tables.name = "tables";
  tables.what = TableReadProbe{};
  return {tables};
}

}  // namespace drdrill::sim
