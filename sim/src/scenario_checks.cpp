#include "scenario_checks.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/ascii_case.h"
#include "sim/duration_text.h"
#include "sql/jdbc_url.h"
#include "suggest.h"

namespace drdrill::sim::spec {

namespace {

bool iequals(std::string_view a, std::string_view b) { return ascii_lower(a) == ascii_lower(b); }

std::string at(std::string_view base, std::size_t index) { return pointer_append(base, index); }
std::string at(std::string_view base, std::string_view key) { return pointer_append(base, key); }

struct StorageLocation {
  std::string container;
  std::string account;
  bool secondary = false;
};

// abfss://<container>@<account>[-secondary].dfs.core.windows.net[/path]; the format was validated.
std::optional<StorageLocation> parse_abfss(std::string_view uri) {
  constexpr std::string_view kScheme = "abfss://";
  constexpr std::string_view kHost = ".dfs.core.windows.net";
  if (!uri.starts_with(kScheme)) return std::nullopt;
  uri.remove_prefix(kScheme.size());
  const std::size_t at_sign = uri.find('@');
  const std::size_t host = uri.find(kHost);
  if (at_sign == std::string_view::npos || host == std::string_view::npos || host < at_sign) return std::nullopt;
  StorageLocation loc;
  loc.container = std::string(uri.substr(0, at_sign));
  std::string_view account = uri.substr(at_sign + 1, host - at_sign - 1);
  if (account.ends_with("-secondary")) {
    loc.secondary = true;
    account.remove_suffix(std::string_view("-secondary").size());
  }
  loc.account = std::string(account);
  return loc;
}

class Checker {
 public:
  Checker(Scenario& s, Problems& p) : s_(s), t_(s.topology), p_(p) {}

  void run() {
    regions();
    storage();
    sql();
    metastore_and_tables();
    workspaces();
    workload();
    faults();
    runbook();
    probes();
    expect();
  }

 private:
  void error(const std::string& ptr, std::string message) {
    if (p_.invalid(ptr)) return;
    p_.at_value(ptr, std::move(message));
    ++errors_;
  }

  // "unknown storage account "x" (did you mean "y"?)" / "; declared: ..." / ": none is declared".
  void unknown(const std::string& ptr, std::string_view what, std::string_view name,
               const std::vector<std::string>& declared, std::string_view where) {
    std::string message = "unknown " + std::string(what) + " \"" + std::string(name) + "\"";
    if (declared.empty()) {
      message += ": " + std::string(where) + " declares none";
    } else if (const std::string suggestion = did_you_mean(name, declared); !suggestion.empty()) {
      message += suggestion;
    } else {
      message += "; expected one of " + quote_list(declared);
    }
    error(ptr, std::move(message));
  }

  // Reports later duplicates of names[i] (compared case-insensitively when `fold_case`).
  void unique(const std::vector<std::string>& names, const std::function<std::string(std::size_t)>& ptr_of,
              std::string_view what, bool fold_case) {
    std::map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i].empty() || p_.invalid(ptr_of(i))) continue;
      const std::string key = fold_case ? ascii_lower(names[i]) : names[i];
      const auto [it, inserted] = first.emplace(key, i);
      if (!inserted) {
        error(ptr_of(i), "duplicate " + std::string(what) + " \"" + names[i] + "\" (first at " + ptr_of(it->second) + ")");
      }
    }
  }

  void region_ref(const std::string& ptr, std::string_view region) {
    if (region.empty() || t_.regions.contains(region)) return;
    unknown(ptr, "region", region, {t_.regions.primary, t_.regions.secondary}, "topology.regions");
  }

  std::vector<std::string> account_names() const {
    std::vector<std::string> out;
    for (const auto& a : t_.storage_accounts) out.push_back(a.name);
    return out;
  }
  std::vector<std::string> server_names() const {
    std::vector<std::string> out;
    for (const auto& s : t_.sql.servers) out.push_back(s.name);
    return out;
  }
  std::vector<std::string> workspace_names() const {
    std::vector<std::string> out;
    for (const auto& w : t_.workspaces) out.push_back(w.name);
    return out;
  }
  std::vector<std::string> table_names() const {
    std::vector<std::string> out;
    for (const auto& t : t_.tables) out.push_back(t.name);
    return out;
  }
  std::vector<std::string> replicated_databases() const {
    std::vector<std::string> out;
    for (const auto& l : t_.sql.replication_links) out.push_back(l.database);
    for (const auto& g : t_.sql.failover_groups) out.insert(out.end(), g.databases.begin(), g.databases.end());
    return out;
  }

  const StorageAccount* account_ref(const std::string& ptr, std::string_view name) {
    if (name.empty()) return nullptr;
    const StorageAccount* a = t_.storage_account(name);
    if (a == nullptr) unknown(ptr, "storage account", name, account_names(), "topology.storage_accounts");
    return a;
  }

  const StorageAccount* geo_account_ref(const std::string& ptr, std::string_view name) {
    const StorageAccount* a = account_ref(ptr, name);
    if (a != nullptr && !is_geo_redundant(a->redundancy)) {
      error(ptr, "storage account \"" + a->name + "\" is " + std::string(enum_name(a->redundancy)) +
                     ": it has no geo-replication (use GRS, RA-GRS, GZRS or RA-GZRS)");
      return nullptr;
    }
    return a;
  }

  void container_ref(const std::string& ptr, const StorageAccount* account, std::string_view container) {
    if (account == nullptr || container.empty() || account->has_container(container)) return;
    unknown(ptr, "container", container, account->containers,
            "storage account \"" + account->name + "\" (its `containers`)");
  }

  const SqlServer* server_ref(const std::string& ptr, std::string_view name) {
    if (name.empty()) return nullptr;
    const SqlServer* s = t_.sql.server(name);
    if (s == nullptr) unknown(ptr, "SQL server", name, server_names(), "topology.sql.servers");
    return s;
  }

  const Workspace* workspace_ref(const std::string& ptr, std::string_view name) {
    if (name.empty()) return nullptr;
    const Workspace* w = t_.workspace(name);
    if (w == nullptr) unknown(ptr, "workspace", name, workspace_names(), "topology.workspaces");
    return w;
  }

  const Table* table_ref(const std::string& ptr, std::string_view name) {
    if (name.empty()) return nullptr;
    const Table* t = t_.table(name);
    if (t == nullptr) unknown(ptr, "table", name, table_names(), "topology.tables");
    return t;
  }

  void replicated_database_ref(const std::string& ptr, std::string_view database) {
    if (database.empty() || t_.sql.link_of(database) != nullptr || t_.sql.failover_group_of(database) != nullptr) {
      return;
    }
    unknown(ptr, "geo-replicated database", database, replicated_databases(),
            "topology.sql (replication_links or failover_groups)");
  }

  void cluster_ref(const std::string& ptr, const Workspace& w, std::string_view name) {
    if (name.empty() || w.cluster(name) != nullptr) return;
    std::vector<std::string> names;
    for (const auto& c : w.clusters) names.push_back(c.name);
    unknown(ptr, "cluster", name, names, "workspace \"" + w.name + "\"");
  }

  void job_ref(const std::string& ptr, const Workspace& w, std::string_view name) {
    if (name.empty() || w.job(name) != nullptr) return;
    std::vector<std::string> names;
    for (const auto& j : w.jobs) names.push_back(j.name);
    unknown(ptr, "job", name, names, "workspace \"" + w.name + "\"");
  }

  void notebook_ref(const std::string& ptr, const Workspace& w, std::string_view path) {
    if (path.empty() || w.notebook(path) != nullptr) return;
    std::vector<std::string> names;
    for (const auto& n : w.notebooks) names.push_back(n.path);
    unknown(ptr, "notebook", path, names, "workspace \"" + w.name + "\"");
  }

  void secret_ref(const std::string& ptr, const Workspace& w, std::string_view scope_name, std::string_view key) {
    const SecretScope* scope = w.secret_scope(scope_name);
    if (scope == nullptr) {
      std::vector<std::string> names;
      for (const auto& s : w.secret_scopes) names.push_back(s.name);
      unknown(ptr, "secret scope", scope_name, names, "workspace \"" + w.name + "\"");
      return;
    }
    if (scope->secrets.count(std::string(key)) == 0) {
      std::vector<std::string> keys;
      for (const auto& [k, unused] : scope->secrets) keys.push_back(k);
      unknown(ptr, "secret key", key, keys, "secret scope \"" + scope->name + "\" of workspace \"" + w.name + "\"");
    }
  }

  // A Spark conf value: a secret reference must resolve; a malformed one is an error.
  void conf_value(const std::string& ptr, const Workspace& w, std::string_view value) {
    if (const auto ref = parse_secret_reference(value)) {
      secret_ref(ptr, w, ref->scope, ref->key);
    } else if (value.starts_with("{{secrets")) {
      error(ptr, "expected a secret reference \"{{secrets/<scope>/<key>}}\", got \"" + std::string(value) + "\"");
    }
  }

  // Where a JDBC URL leads: the server (plain), or a failover group listener, and the database it
  // names must be reachable there.
  // Returns whether it found nothing to report.
  bool jdbc_url(const std::string& ptr, std::string_view url) {
    const std::size_t before = errors_;
    check_jdbc_url(ptr, url);
    return errors_ == before;
  }

  void check_jdbc_url(const std::string& ptr, std::string_view url) {
    const auto parsed = sql::parse_jdbc_url(url);
    if (!parsed.ok()) {
      error(ptr, "expected a JDBC URL (jdbc:sqlserver://<host>[:<port>][;<key>=<value>]...): " +
                     parsed.status().message());
      return;
    }
    constexpr std::string_view kSuffix = ".database.windows.net";
    const std::string& host = parsed->host;
    if (!host.ends_with(kSuffix)) {
      error(ptr, "the JDBC URL's host \"" + host + "\" is not an Azure SQL name (<server>" + std::string(kSuffix) +
                     " or a failover group listener)");
      return;
    }
    std::string name = host.substr(0, host.size() - kSuffix.size());
    bool read_only_listener = false;
    if (name.ends_with(".secondary")) {
      name.resize(name.size() - std::string_view(".secondary").size());
      read_only_listener = true;
    }
    const std::string database = parsed->database();
    if (database.empty()) {
      error(ptr, "the JDBC URL names no database (add ;database=<name>): the metastore would land in master");
      return;
    }
    if (const FailoverGroup* g = t_.sql.failover_group(name)) {
      const bool in_group = std::any_of(g->databases.begin(), g->databases.end(),
                                        [&](const std::string& d) { return iequals(d, database); });
      if (!in_group) {
        error(ptr, "database \"" + database + "\" is not in failover group \"" + g->name + "\"; expected one of " +
                       quote_list(g->databases));
      } else if (read_only_listener && !g->read_only_endpoint) {
        error(ptr, "the JDBC URL uses the read-only listener of failover group \"" + g->name +
                       "\", whose read_only_endpoint is false");
      }
      return;
    }
    if (read_only_listener) {
      std::vector<std::string> groups;
      for (const auto& fg : t_.sql.failover_groups) groups.push_back(fg.name);
      unknown(ptr, "failover group", name, groups, "topology.sql.failover_groups");
      return;
    }
    const SqlServer* server = t_.sql.server(name);
    if (server == nullptr) {
      std::vector<std::string> names = server_names();
      for (const auto& fg : t_.sql.failover_groups) names.push_back(fg.name);
      unknown(ptr, "SQL server or failover group", name, names, "topology.sql");
      return;
    }
    if (server->has_database(database)) return;
    const ReplicationLink* link = t_.sql.link_of(database);
    const FailoverGroup* group = t_.sql.failover_group_of(database);
    const bool replicated_here = (link != nullptr && iequals(link->secondary, server->name)) ||
                                 (group != nullptr && iequals(group->secondary, server->name));
    if (!replicated_here) {
      error(ptr, "database \"" + database + "\" is neither on server \"" + server->name +
                     "\" nor geo-replicated to it");
    }
  }

  // ---------------------------------------------------------------------------------------------

  void regions() {
    if (!t_.regions.primary.empty() && t_.regions.primary == t_.regions.secondary) {
      error("/topology/regions/secondary", "the secondary region must differ from the primary (\"" +
                                               t_.regions.primary + "\")");
    }
  }

  void storage() {
    const std::string base = "/topology/storage_accounts";
    unique(account_names(), [&](std::size_t i) { return at(at(base, i), "name"); }, "storage account", false);
    for (std::size_t i = 0; i < t_.storage_accounts.size(); ++i) {
      const StorageAccount& a = t_.storage_accounts[i];
      region_ref(at(at(base, i), "region"), a.region);
      unique(a.containers, [&](std::size_t j) { return at(at(at(base, i), "containers"), j); }, "container", false);
    }
  }

  void sql() {
    const std::string servers = "/topology/sql/servers";
    unique(server_names(), [&](std::size_t i) { return at(at(servers, i), "name"); }, "SQL server", true);
    for (std::size_t i = 0; i < t_.sql.servers.size(); ++i) {
      const SqlServer& s = t_.sql.servers[i];
      const std::string ptr = at(servers, i);
      region_ref(at(ptr, "region"), s.region);
      std::vector<std::string> users{s.admin_user};
      for (const auto& l : s.logins) users.push_back(l.user);
      unique(users, [&](std::size_t j) { return j == 0 ? at(ptr, "admin_user") : at(at(at(ptr, "logins"), j - 1), "user"); },
             "login", true);
      unique(s.databases, [&](std::size_t j) { return at(at(ptr, "databases"), j); }, "database", true);
    }

    std::map<std::string, std::string> replicated;  // lower-case database -> pointer of its link or group
    auto pair_check = [&](const std::string& ptr, std::string_view primary, std::string_view secondary) {
      const SqlServer* p = server_ref(at(ptr, "primary"), primary);
      const SqlServer* s = server_ref(at(ptr, "secondary"), secondary);
      if (p == nullptr || s == nullptr) return p;
      if (iequals(p->name, s->name)) {
        error(at(ptr, "secondary"), "the secondary must be another server than the primary");
      } else if (p->region == s->region) {
        error(at(ptr, "secondary"), "server \"" + s->name + "\" is in the primary's region (\"" + p->region +
                                        "\"); geo-replication pairs servers in different regions");
      }
      return p;
    };
    auto database_check = [&](const std::string& ptr, const SqlServer* primary, std::string_view database) {
      if (database.empty()) return;
      if (primary != nullptr && !primary->has_database(database)) {
        unknown(ptr, "database", database, primary->databases, "server \"" + primary->name + "\" (its `databases`)");
      }
      const auto [it, inserted] = replicated.emplace(ascii_lower(database), ptr);
      if (!inserted) error(ptr, "database \"" + std::string(database) + "\" is already geo-replicated by " + it->second);
    };

    const std::string links = "/topology/sql/replication_links";
    for (std::size_t i = 0; i < t_.sql.replication_links.size(); ++i) {
      const ReplicationLink& l = t_.sql.replication_links[i];
      const SqlServer* primary = pair_check(at(links, i), l.primary, l.secondary);
      database_check(at(at(links, i), "database"), primary, l.database);
    }

    const std::string groups = "/topology/sql/failover_groups";
    std::vector<std::string> group_names;
    for (const auto& g : t_.sql.failover_groups) group_names.push_back(g.name);
    unique(group_names, [&](std::size_t i) { return at(at(groups, i), "name"); }, "failover group", true);
    for (std::size_t i = 0; i < t_.sql.failover_groups.size(); ++i) {
      const FailoverGroup& g = t_.sql.failover_groups[i];
      const std::string ptr = at(groups, i);
      if (t_.sql.server(g.name) != nullptr) {
        error(at(ptr, "name"), "failover group \"" + g.name + "\" has a server's name; listeners share the "
                                   "database.windows.net namespace with servers");
      }
      const SqlServer* primary = pair_check(ptr, g.primary, g.secondary);
      for (std::size_t j = 0; j < g.databases.size(); ++j) {
        database_check(at(at(ptr, "databases"), j), primary, g.databases[j]);
      }
      if (g.policy == FailoverPolicy::kAutomatic && g.grace_period < std::chrono::hours(1)) {
        error(at(ptr, "grace_period"), "the Automatic policy needs a grace period of at least 1h (Q5), got \"" +
                                           format_duration_text(g.grace_period) + "\"");
      }
    }
  }

  // Whether some workspace mounts a path covering `dbfs_path` ("/mnt/x/y").
  bool mounted_somewhere(std::string_view dbfs_path) const {
    for (const auto& w : t_.workspaces) {
      for (const auto& m : w.mounts) {
        if (dbfs_path == m.mount_point ||
            (dbfs_path.starts_with(m.mount_point) && dbfs_path.size() > m.mount_point.size() &&
             dbfs_path[m.mount_point.size()] == '/')) {
          return true;
        }
      }
    }
    return false;
  }

  void metastore_and_tables() {
    if (t_.metastore) {
      const SqlServer* server = server_ref("/topology/metastore/server", t_.metastore->server);
      if (server != nullptr && !t_.metastore->database.empty() && !server->has_database(t_.metastore->database)) {
        unknown("/topology/metastore/database", "database", t_.metastore->database, server->databases,
                "server \"" + server->name + "\" (its `databases`)");
      }
    } else if (!t_.tables.empty() || !s_.workload.job_writes.empty() || !s_.workload.metastore_ddl.empty()) {
      error("/topology/metastore", "tables and metastore workloads need a metastore: add topology.metastore "
                                   "{\"server\": ..., \"database\": ...}");
    }

    const std::string base = "/topology/tables";
    unique(table_names(), [&](std::size_t i) { return at(at(base, i), "name"); }, "table", true);
    for (std::size_t i = 0; i < t_.tables.size(); ++i) {
      const Table& table = t_.tables[i];
      const std::string ptr = at(base, i);
      const std::string location_ptr = at(ptr, "location");
      if (table.location.starts_with("dbfs:")) {
        const std::string_view path = std::string_view(table.location).substr(5);
        if (!mounted_somewhere(path)) {
          error(location_ptr, "no workspace mounts a mount point covering \"" + table.location +
                                  "\" (declare it in a workspace's `mounts`)");
        }
      } else if (const auto loc = parse_abfss(table.location)) {
        if (loc->secondary) {
          error(location_ptr, "a table's location names the account's primary endpoint (\"" + loc->account +
                                  "\"); workspaces reach the secondary through their mounts");
        }
        container_ref(location_ptr, account_ref(location_ptr, loc->account), loc->container);
      }
      unique(table.partition_columns, [&](std::size_t j) { return at(at(ptr, "partition_columns"), j); },
             "partition column", true);
    }
  }

  void workspaces() {
    const std::string base = "/topology/workspaces";
    unique(workspace_names(), [&](std::size_t i) { return at(at(base, i), "name"); }, "workspace", false);
    for (std::size_t i = 0; i < t_.workspaces.size(); ++i) {
      const Workspace& w = t_.workspaces[i];
      const std::string ptr = at(base, i);
      region_ref(at(ptr, "region"), w.region);

      std::vector<std::string> names;
      for (const auto& n : w.notebooks) names.push_back(n.path);
      unique(names, [&](std::size_t j) { return at(at(at(ptr, "notebooks"), j), "path"); }, "notebook", false);
      names.clear();
      for (const auto& s : w.secret_scopes) names.push_back(s.name);
      unique(names, [&](std::size_t j) { return at(at(at(ptr, "secret_scopes"), j), "name"); }, "secret scope", false);

      names.clear();
      for (const auto& m : w.mounts) names.push_back(m.mount_point);
      unique(names, [&](std::size_t j) { return at(at(at(ptr, "mounts"), j), "mount_point"); }, "mount point", false);
      for (std::size_t j = 0; j < w.mounts.size(); ++j) {
        const Mount& m = w.mounts[j];
        const std::string mptr = at(at(ptr, "mounts"), j);
        for (std::size_t k = 0; k < w.mounts.size(); ++k) {
          const std::string& other = w.mounts[k].mount_point;
          if (k != j && m.mount_point.starts_with(other + "/")) {
            error(at(mptr, "mount_point"), "mount point \"" + m.mount_point + "\" is inside mount point \"" + other +
                                               "\" (dbutils refuses nested mounts)");
          }
        }
        if (const auto loc = parse_abfss(m.source)) {
          const std::string sptr = at(mptr, "source");
          const StorageAccount* a = account_ref(sptr, loc->account);
          container_ref(sptr, a, loc->container);
          if (a != nullptr && loc->secondary && !has_readable_secondary(a->redundancy)) {
            error(sptr, "storage account \"" + a->name + "\" is " + std::string(enum_name(a->redundancy)) +
                            ": only RA-GRS and RA-GZRS accounts serve \"" + a->name + "-secondary\"");
          }
        }
      }

      names.clear();
      for (const auto& c : w.clusters) names.push_back(c.name);
      unique(names, [&](std::size_t j) { return at(at(at(ptr, "clusters"), j), "name"); }, "cluster", false);
      for (std::size_t j = 0; j < w.clusters.size(); ++j) cluster(at(at(ptr, "clusters"), j), w, w.clusters[j]);

      names.clear();
      for (const auto& jb : w.jobs) names.push_back(jb.name);
      unique(names, [&](std::size_t j) { return at(at(at(ptr, "jobs"), j), "name"); }, "job", false);
      for (std::size_t j = 0; j < w.jobs.size(); ++j) {
        const Job& job = w.jobs[j];
        const std::string jptr = at(at(ptr, "jobs"), j);
        notebook_ref(at(jptr, "notebook"), w, job.notebook);
        cluster_ref(at(jptr, "cluster"), w, job.cluster);
      }
    }
  }

  void cluster(const std::string& ptr, const Workspace& w, const Cluster& c) {
    if (c.metastore) {
      const std::string mptr = at(ptr, "metastore");
      const bool url_ok = jdbc_url(at(mptr, "jdbc_url"), c.metastore->jdbc_url);
      conf_value(at(mptr, "password"), w, c.metastore->password);
      conf_value(at(mptr, "user"), w, c.metastore->user);
      if (t_.metastore && url_ok && !p_.invalid(at(mptr, "jdbc_url"))) {
        if (const auto url = sql::parse_jdbc_url(c.metastore->jdbc_url); url.ok() && !url->database().empty() &&
                                                                         !iequals(url->database(), t_.metastore->database)) {
          error(at(mptr, "jdbc_url"), "the JDBC URL names database \"" + url->database() +
                                          "\", not the metastore's (\"" + t_.metastore->database + "\")");
        }
      }
    }
    for (const auto& [key, value] : c.spark_conf) {
      const std::string kptr = at(at(ptr, "spark_conf"), key);
      if (c.metastore) {
        for (std::string_view reserved : {kSparkConfJdbcUrl, kSparkConfJdbcUser, kSparkConfJdbcPassword,
                                          kSparkConfJdbcDriver, kSparkConfMetastoreVersion, kSparkConfMetastoreJars}) {
          if (key == reserved) {
            error(kptr, "\"" + key + "\" comes from the cluster's `metastore` settings; set it there, not here");
          }
        }
      }
      conf_value(kptr, w, value);
    }
  }

  void window(const std::string& ptr, const TimeWindow& w, std::string_view end_key) {
    if (w.end && *w.end <= w.start) {
      error(at(ptr, end_key), "ends at \"" + format_duration_text(*w.end) + "\", not after its start (\"" +
                                  format_duration_text(w.start) + "\")");
    }
    if (w.start >= s_.run.max_time && !p_.invalid("/run/max_time")) {
      error(at(ptr, "start"), "starts at \"" + format_duration_text(w.start) + "\", after the run ends (run.max_time \"" +
                                  format_duration_text(s_.run.max_time) + "\")");
    }
  }

  void workload() {
    const std::string writes = "/workload/job_writes";
    for (std::size_t i = 0; i < s_.workload.job_writes.size(); ++i) {
      const JobWrite& jw = s_.workload.job_writes[i];
      const std::string ptr = at(writes, i);
      table_ref(at(ptr, "table"), jw.table);
      if (jw.job.empty()) continue;
      bool exists = false;
      bool scheduled = false;
      std::vector<std::string> all_jobs;
      for (const auto& w : t_.workspaces) {
        for (const auto& j : w.jobs) {
          all_jobs.push_back(j.name);
          if (j.name == jw.job) {
            exists = true;
            scheduled = scheduled || j.schedule.has_value();
          }
        }
      }
      if (!exists) {
        unknown(at(ptr, "job"), "job", jw.job, all_jobs, "no workspace");
      } else if (!scheduled) {
        error(at(ptr, "job"), "job \"" + jw.job + "\" has no schedule in any workspace, so nothing would run it");
      }
    }
    const std::string ddl = "/workload/metastore_ddl";
    for (std::size_t i = 0; i < s_.workload.metastore_ddl.size(); ++i) {
      const MetastoreDdl& d = s_.workload.metastore_ddl[i];
      const std::string ptr = at(ddl, i);
      if (const auto* op = std::get_if<AddPartition>(&d.operation)) {
        const Table* table = table_ref(at(ptr, "table"), op->table);
        if (table != nullptr && table->partition_columns.empty()) {
          error(at(ptr, "table"), "table \"" + table->name + "\" has no partition_columns to add partitions to");
        }
      }
      window(ptr, d.window, "end");
    }
    const std::string blobs = "/workload/blob_writes";
    for (std::size_t i = 0; i < s_.workload.blob_writes.size(); ++i) {
      const BlobWrite& b = s_.workload.blob_writes[i];
      const std::string ptr = at(blobs, i);
      container_ref(at(ptr, "container"), account_ref(at(ptr, "account"), b.account), b.container);
      window(ptr, b.window, "end");
    }
  }

  void faults() {
    for (std::size_t i = 0; i < s_.faults.size(); ++i) {
      const Fault& f = s_.faults[i];
      const std::string ptr = at("/faults", i);
      if (p_.invalid(ptr)) continue;
      window(ptr, f.window, "end");
      std::visit([&](const auto& kind) { fault(ptr, kind); }, f.what);
    }
  }

  void fault(const std::string& ptr, const RegionOutage& f) { region_ref(at(ptr, "region"), f.region); }
  void fault(const std::string& ptr, const StorageOutage& f) { account_ref(at(ptr, "account"), f.account); }
  void fault(const std::string& ptr, const SqlServerOutage& f) { server_ref(at(ptr, "server"), f.server); }
  void fault(const std::string& ptr, const WorkspaceOutage& f) { workspace_ref(at(ptr, "workspace"), f.workspace); }
  void fault(const std::string&, const InterRegionPartition&) {}
  void fault(const std::string& ptr, const StorageLagSpike& f) { geo_account_ref(at(ptr, "account"), f.account); }
  void fault(const std::string& ptr, const StorageReplicationStall& f) {
    geo_account_ref(at(ptr, "account"), f.account);
  }
  void fault(const std::string& ptr, const SqlLagSpike& f) { replicated_database_ref(at(ptr, "database"), f.database); }
  void fault(const std::string& ptr, const SqlReplicationStall& f) {
    replicated_database_ref(at(ptr, "database"), f.database);
  }
  void fault(const std::string& ptr, const StorageErrorStorm& f) { account_ref(at(ptr, "account"), f.account); }
  void fault(const std::string& ptr, const SqlErrorStorm& f) {
    server_ref(at(ptr, "server"), f.server);
    if (!f.database.empty()) {
      const bool declared = std::any_of(t_.sql.servers.begin(), t_.sql.servers.end(),
                                        [&](const SqlServer& s) { return s.has_database(f.database); });
      if (!declared) {
        std::vector<std::string> all;
        for (const auto& s : t_.sql.servers) all.insert(all.end(), s.databases.begin(), s.databases.end());
        unknown(at(ptr, "database"), "database", f.database, all, "no SQL server");
      }
    }
  }
  void fault(const std::string& ptr, const DatabricksErrorStorm& f) {
    workspace_ref(at(ptr, "workspace"), f.workspace);
  }
  void fault(const std::string& ptr, const SlowStorageFailover& f) { geo_account_ref(at(ptr, "account"), f.account); }
  void fault(const std::string& ptr, const ClusterCapacityShortage& f) { region_ref(at(ptr, "region"), f.region); }
  void fault(const std::string& ptr, const MissingLogin& f) {
    const SqlServer* s = server_ref(at(ptr, "server"), f.server);
    if (s != nullptr && !f.login.empty() && !s->has_login(f.login)) {
      std::vector<std::string> users{s->admin_user};
      for (const auto& l : s->logins) users.push_back(l.user);
      unknown(at(ptr, "login"), "login", f.login, users,
              "server \"" + s->name + "\" (a login it does not declare is missing anyway)");
    }
  }
  void fault(const std::string&, const DnsCacheBeyondTtl&) {}
  void fault(const std::string& ptr, const CicdSyncLag& f) {
    const Workspace* w = workspace_ref(at(ptr, "workspace"), f.workspace);
    if (w == nullptr) return;
    for (std::size_t j = 0; j < f.notebooks.size(); ++j) notebook_ref(at(at(ptr, "notebooks"), j), *w, f.notebooks[j]);
    for (std::size_t j = 0; j < f.jobs.size(); ++j) job_ref(at(at(ptr, "jobs"), j), *w, f.jobs[j]);
    for (std::size_t j = 0; j < f.clusters.size(); ++j) cluster_ref(at(at(ptr, "clusters"), j), *w, f.clusters[j]);
    for (std::size_t j = 0; j < f.secrets.size(); ++j) {
      const std::string& path = f.secrets[j];
      const std::size_t slash = path.find('/');
      if (slash != std::string::npos) {
        secret_ref(at(at(ptr, "secrets"), j), *w, path.substr(0, slash), path.substr(slash + 1));
      }
    }
  }

  // The only workspace of `region`, or "" (with an error when there are several).
  std::string only_workspace_in(const std::string& region, const std::string& ptr, std::string_view field) {
    std::vector<std::string> found;
    for (const auto& w : t_.workspaces) {
      if (w.region == region) found.push_back(w.name);
    }
    if (found.size() > 1) {
      error(ptr, "several workspaces are in region \"" + region + "\" (" + quote_list(found) + "): set runbook." +
                     std::string(field));
      return {};
    }
    return found.empty() ? std::string() : found.front();
  }

  void runbook() {
    auto* rb = std::get_if<ReferenceRunbook>(&s_.runbook);
    if (rb == nullptr || p_.invalid("/runbook")) return;
    const std::string ptr = "/runbook";
    if (rb->from_workspace.empty()) {
      rb->from_workspace = only_workspace_in(t_.regions.primary, ptr, "from_workspace");
    } else {
      workspace_ref(at(ptr, "from_workspace"), rb->from_workspace);
    }
    if (rb->to_workspace.empty()) {
      rb->to_workspace = only_workspace_in(t_.regions.secondary, ptr, "to_workspace");
    } else {
      workspace_ref(at(ptr, "to_workspace"), rb->to_workspace);
    }
    if (rb->start_at && *rb->start_at >= s_.run.max_time && !p_.invalid("/run/max_time")) {
      error(at(ptr, "start_at"), "starts at \"" + format_duration_text(*rb->start_at) +
                                     "\", after the run ends (run.max_time \"" + format_duration_text(s_.run.max_time) + "\")");
    }
    // from == to is a failover that keeps its workspace (a SQL-only or storage-only outage: the
    // workspace's own clusters are re-pointed, nothing is released or held). A deliberate mistake
    // about holding the other workspace's jobs means nothing then.
    if (!rb->from_workspace.empty() && rb->from_workspace == rb->to_workspace && rb->bugs.release_jobs_while_primary_runs) {
      error(at(at(ptr, "bugs"), "release_jobs_while_primary_runs"),
            "the runbook stays in workspace \"" + rb->to_workspace + "\" (from_workspace = to_workspace): no jobs move between workspaces");
    }

    const std::string storage = at(ptr, "storage_failover");
    for (std::size_t i = 0; i < rb->storage_failover.accounts.size(); ++i) {
      geo_account_ref(at(at(storage, "accounts"), i), rb->storage_failover.accounts[i]);
    }
    const std::string sql_step = at(ptr, "sql_failover");
    for (std::size_t i = 0; i < rb->sql_failover.databases.size(); ++i) {
      replicated_database_ref(at(at(sql_step, "databases"), i), rb->sql_failover.databases[i]);
    }
    if (rb->repoint.jdbc_url != kRepointAuto) jdbc_url(at(at(ptr, "repoint"), "jdbc_url"), rb->repoint.jdbc_url);

    const Workspace* target = t_.workspace(rb->to_workspace);
    auto need_target = [&](const std::string& list_ptr, const std::vector<std::string>& names, auto&& ref) {
      if (names.empty()) return;
      if (target == nullptr) {
        error(list_ptr, "names objects of the target workspace, but the runbook has none (set runbook.to_workspace)");
        return;
      }
      for (std::size_t i = 0; i < names.size(); ++i) ref(at(list_ptr, i), *target, names[i]);
    };
    need_target(at(at(ptr, "start_clusters"), "clusters"), rb->start_clusters.clusters,
                [&](const std::string& p, const Workspace& w, const std::string& n) { cluster_ref(p, w, n); });
    need_target(at(at(ptr, "release_jobs"), "jobs"), rb->release_jobs.jobs,
                [&](const std::string& p, const Workspace& w, const std::string& n) { job_ref(p, w, n); });
  }

  void probes() {
    std::vector<std::string> names;
    for (const auto& p : s_.probes) names.push_back(p.name);
    unique(names, [&](std::size_t i) { return at(at("/probes", i), "name"); }, "probe", false);
    for (std::size_t i = 0; i < s_.probes.size(); ++i) {
      const Probe& probe = s_.probes[i];
      const std::string ptr = at("/probes", i);
      if (p_.invalid(ptr)) continue;
      workspace_ref(at(ptr, "workspace"), probe.workspace);
      if (const auto* read = std::get_if<TableReadProbe>(&probe.what)) table_ref(at(ptr, "table"), read->table);
      if (const auto* write = std::get_if<TableWriteProbe>(&probe.what)) table_ref(at(ptr, "table"), write->table);
      if (const auto* blob = std::get_if<BlobWriteProbe>(&probe.what)) {
        container_ref(at(ptr, "container"), account_ref(at(ptr, "account"), blob->account), blob->container);
      }
    }
  }

  void expect() {
    if (!s_.expect) return;
    // Unrecognised findings were reported and left out, so positions would not line up.
    const nlohmann::json& root = p_.doc().root();
    if (root.contains("expect") && root["expect"].is_object() && root["expect"].contains("findings") &&
        root["expect"]["findings"].is_array() && root["expect"]["findings"].size() != s_.expect->findings.size()) {
      return;
    }
    std::vector<std::string> names;
    for (Finding f : s_.expect->findings) names.emplace_back(enum_name(f));
    unique(names, [&](std::size_t i) { return at("/expect/findings", i); }, "finding", false);
  }

  Scenario& s_;
  const Topology& t_;
  Problems& p_;
  std::size_t errors_ = 0;  // reported by this checker
};

}  // namespace

void check_scenario(Scenario& scenario, Problems& problems) { Checker(scenario, problems).run(); }

}  // namespace drdrill::sim::spec
