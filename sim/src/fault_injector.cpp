#include "sim/fault_injector.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "core/ascii_case.h"
#include "databricks/api_error.h"
#include "storage/blob_error.h"
#include "storage/blob_operation.h"
#include "storage/error_injection.h"
#include "storage/geo_replication.h"

namespace drdrill::sim {
namespace {

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// How far past the run's end a fault that never ends reaches (a finite window the models accept).
constexpr Duration kForever = std::chrono::hours(24 * 3650);

storage::OutageMode storage_mode(OutageMode mode) {
  switch (mode) {
    case OutageMode::kHang: return storage::OutageMode::kHang;
    case OutageMode::kRefuse: return storage::OutageMode::kRefuseConnections;
    case OutageMode::kUnavailable: return storage::OutageMode::kServerBusy;
  }
  return storage::OutageMode::kServerBusy;
}

databricks::ControlPlaneOutage control_plane_mode(OutageMode mode) {
  switch (mode) {
    case OutageMode::kHang: return databricks::ControlPlaneOutage::kHang;
    case OutageMode::kRefuse: return databricks::ControlPlaneOutage::kRefuseConnections;
    case OutageMode::kUnavailable: return databricks::ControlPlaneOutage::kServiceUnavailable;
  }
  return databricks::ControlPlaneOutage::kServiceUnavailable;
}

// A dead region's SQL servers do not answer (hang) or refuse; SQL has no regional "unavailable"
// answer that would also stop replication, so that mode refuses too.
sql::Reachability sql_reachability(OutageMode mode) {
  return mode == OutageMode::kHang ? sql::Reachability::kTimedOut : sql::Reachability::kRefused;
}

storage::GeoReplication* geo_of(storage::Account& account) {
  return dynamic_cast<storage::GeoReplication*>(&account.replication_link());
}

std::optional<storage::BlobOperation> blob_operation(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(storage::BlobOperation::kDeleteBlob); ++i) {
    const auto op = static_cast<storage::BlobOperation>(i);
    if (storage::to_string(op) == name) return op;
  }
  return std::nullopt;
}

storage::BlobError storage_error(StorageErrorCode code) {
  switch (code) {
    case StorageErrorCode::kServerBusy: return storage::errors::server_busy();
    case StorageErrorCode::kInternalError: return storage::errors::internal_error();
    case StorageErrorCode::kOperationTimedOut: return storage::errors::operation_timed_out();
  }
  return storage::errors::server_busy();
}

sql::SqlError sql_error(std::int64_t number, const std::string& server, const std::string& database) {
  switch (number) {
    case 40613: return sql::SqlError::database_unavailable(database, server);
    case 40501: return sql::SqlError::service_busy(server);
    case 40197: return sql::SqlError::service_error(4815, server);
    case 4060: return sql::SqlError::cannot_open_database(database, server);
    default: break;
  }
  sql::SqlError e;
  e.number = static_cast<int>(number);
  e.severity = 16;
  e.state = 1;
  e.server = server;
  e.message = "Transient error " + std::to_string(number) + " (injected by drdrill).";
  return e;
}

}  // namespace

std::optional<Duration> outage_start(const Scenario& scenario) {
  // The outage proper: the first fault that takes a service down. Faults that only set the stage
  // (a lag spike before the outage) do not start the clock: without any outage, a planned drill's
  // start_at does, and only a drill with neither starts it at its first fault.
  std::optional<Duration> first_outage;
  std::optional<Duration> first_fault;
  for (const Fault& fault : scenario.faults) {
    const bool outage = std::holds_alternative<RegionOutage>(fault.what) ||
                        std::holds_alternative<StorageOutage>(fault.what) ||
                        std::holds_alternative<SqlServerOutage>(fault.what) ||
                        std::holds_alternative<WorkspaceOutage>(fault.what);
    if (!first_fault || fault.window.start < *first_fault) first_fault = fault.window.start;
    if (outage && (!first_outage || fault.window.start < *first_outage)) first_outage = fault.window.start;
  }
  if (first_outage) return first_outage;
  if (const auto* reference = std::get_if<ReferenceRunbook>(&scenario.runbook); reference && reference->start_at) {
    return reference->start_at;
  }
  return first_fault;
}

FaultInjector::FaultInjector(World& world, Timeline& timeline) : world_(world), timeline_(timeline) {}

void FaultInjector::note(const Status& s) {
  if (!s.ok() && status_.ok()) status_ = s;
}

std::vector<std::string> FaultInjector::link_ids_of(const std::string& database) const {
  std::vector<std::string> out;
  for (const sql::ReplicationLinkInfo& link : world_.sql_geo().links()) {
    if (ascii_lower(link.database) == ascii_lower(database)) out.push_back(link.id);
  }
  return out;
}

Status FaultInjector::arm(TimePoint run_end) {
  run_end_ = run_end;
  for (const Fault& fault : world_.scenario().faults) schedule(fault);
  return Status::Ok();
}

std::size_t FaultInjector::schedule(const Fault& fault_in) {
  const std::size_t i = faults_.size();
  faults_.push_back(Injected{fault_in, 0, 0, false, false, false});
  sql_fault_ids_.emplace_back();
  const Fault& fault = faults_[i].fault;
  const TimePoint epoch = world_.epoch();
  const TimePoint from = epoch + fault.window.start;
  // "never": a window past anything the run can see, so what it holds back never arrives.
  const TimePoint until = fault.window.end ? epoch + *fault.window.end : run_end_ + kForever;
  // Faults that are windows in the models: registered now.
  std::visit(Overloaded{
                 [&](const StorageLagSpike& f) {
                   if (auto* geo = geo_of(*world_.storage().find_account(f.account))) {
                     geo->add_lag_spike(from, until - from, f.factor);
                   }
                 },
                 [&](const StorageReplicationStall& f) {
                   if (auto* geo = geo_of(*world_.storage().find_account(f.account))) geo->add_stall(from, until - from);
                 },
                 [&](const InterRegionPartition&) {
                   for (const auto& [name, account] : world_.storage().accounts()) {
                     if (auto* geo = geo_of(*account)) geo->add_stall(from, until - from);
                   }
                 },
                 [&](const StorageErrorStorm& f) {
                   storage::ErrorRule rule;
                   if (!f.operation.empty()) rule.operation = blob_operation(f.operation);
                   rule.account = f.account;
                   if (f.endpoint != StorageEndpoint::kBoth) rule.secondary = f.endpoint == StorageEndpoint::kSecondary;
                   rule.start = from;
                   rule.end = until;
                   rule.rate = f.rate;
                   rule.error = storage_error(f.error);
                   world_.storage().errors().add(std::move(rule));
                 },
                 [&](const DatabricksErrorStorm& f) {
                   for (auto& [name, handle] : world_.workspaces()) {
                     if (!f.workspace.empty() && f.workspace != name) continue;
                     databricks::ApiFaultRule rule;
                     rule.operation = f.operation;
                     rule.code = f.error == 503 ? databricks::ErrorCode::kTemporarilyUnavailable
                                                : databricks::ErrorCode::kRequestLimitExceeded;
                     rule.rate = f.rate;
                     rule.from = from;
                     rule.until = until;
                     world_.workspace(name).model->api_faults().add(rule);
                   }
                 },
                 [&](const ClusterCapacityShortage& f) {
                   for (auto& [name, handle] : world_.workspaces()) {
                     if (handle.spec->region != f.region) continue;
                     databricks::CapacityFault capacity;
                     capacity.from = from;
                     capacity.until = until;
                     capacity.probability = f.probability;
                     capacity.fail_after_s = f.fail_after_s;
                     world_.workspace(name).model->clusters().add_capacity_fault(capacity);
                   }
                 },
                 [](const auto&) {},
             },
             fault.what);
  faults_[i].start_timer = world_.scheduler().schedule_at(from, [this, i] { start(i); }, "fault.start");
  if (fault.window.end) faults_[i].end_timer = world_.scheduler().schedule_at(until, [this, i] { end(i); }, "fault.end");
  return i;
}

std::size_t FaultInjector::add(const Fault& fault) {
  const std::size_t i = schedule(fault);
  timeline_.record("fault", "added " + std::string(fault.kind()) + " (control API)");
  return i;
}

bool FaultInjector::is_model_window(const Fault& fault) {
  return std::holds_alternative<StorageLagSpike>(fault.what) || std::holds_alternative<StorageReplicationStall>(fault.what) ||
         std::holds_alternative<InterRegionPartition>(fault.what) || std::holds_alternative<StorageErrorStorm>(fault.what) ||
         std::holds_alternative<DatabricksErrorStorm>(fault.what) || std::holds_alternative<ClusterCapacityShortage>(fault.what);
}

Status FaultInjector::remove(std::size_t index) {
  if (index >= faults_.size()) return Status::NotFound("no fault " + std::to_string(index));
  Injected& f = faults_[index];
  if (f.removed) return Status::NotFound("fault " + std::to_string(index) + " was removed already");
  if (f.ended) return Status::FailedPrecondition("fault " + std::to_string(index) + " has ended already");
  // A started region or storage outage has stalled its accounts' replication to its window's end.
  const bool stalls_replication =
      std::holds_alternative<RegionOutage>(f.fault.what) || std::holds_alternative<StorageOutage>(f.fault.what);
  if (is_model_window(f.fault) || (stalls_replication && f.started)) {
    return Status::FailedPrecondition("a " + std::string(f.fault.kind()) + " fault cannot be removed" +
                                      (is_model_window(f.fault) ? "" : " once started") +
                                      ": the models hold its window; give it a duration instead");
  }
  world_.scheduler().cancel(f.start_timer);
  world_.scheduler().cancel(f.end_timer);
  if (f.started) end(index);
  f.removed = true;
  timeline_.record("fault", "removed " + std::string(f.fault.kind()) + " (control API)");
  return Status::Ok();
}

std::vector<FaultInjector::FaultState> FaultInjector::list() const {
  std::vector<FaultState> out;
  for (std::size_t i = 0; i < faults_.size(); ++i) {
    const Injected& f = faults_[i];
    out.push_back(FaultState{i, &f.fault, f.started, f.ended, f.removed});
  }
  return out;
}

void FaultInjector::stall_replication(storage::Account& account, const Fault& fault) {
  // Until the fault ends, or to the run's end.
  if (auto* geo = geo_of(account)) {
    const TimePoint now = world_.scheduler().now();
    const TimePoint until = fault.window.end ? world_.epoch() + *fault.window.end : run_end_ + kForever;
    if (until > now) geo->add_stall(now, until - now);
  }
}

void FaultInjector::start(std::size_t index) {
  faults_[index].started = true;
  const Fault& fault = faults_[index].fault;
  std::string what = std::string(fault.kind());
  std::visit(
      Overloaded{
          [&](const RegionOutage& f) {
            what += " " + f.region + " (" + std::string(enum_name(f.mode)) + ")";
            world_.storage().outages().set(f.region, storage_mode(f.mode));
            // Accounts whose primary is there stop replicating: the copy they send from is down.
            for (const auto& [name, account] : world_.storage().accounts()) {
              if (account->config().primary_location == f.region) stall_replication(*account, fault);
            }
            world_.sql().set_region_reachability(f.region, sql_reachability(f.mode));
            for (auto& [name, handle] : world_.workspaces()) {
              world_.workspace(name).model->region_outage_began(f.region, control_plane_mode(f.mode));
            }
          },
          [&](const StorageOutage& f) {
            what += " " + f.account + " (" + std::string(enum_name(f.mode)) + ")";
            storage::Account& account = *world_.storage().find_account(f.account);
            world_.blob_front().set_account_outage(account, storage_mode(f.mode));
            stall_replication(account, fault);
          },
          [&](const SqlServerOutage& f) {
            what += " " + f.server + " (" + std::string(enum_name(f.mode)) + ")";
            if (f.mode == OutageMode::kUnavailable) {
              for (const sql::SqlOperation op : {sql::SqlOperation::kConnect, sql::SqlOperation::kRead, sql::SqlOperation::kWrite}) {
                sql_fault_ids_[index].push_back(
                    world_.sql().inject_fault(sql::FaultRule{f.server, "", op, sql_error(40613, f.server, ""), -1}));
              }
            } else {
              world_.sql().set_server_reachability(f.server, sql_reachability(f.mode));
            }
          },
          [&](const WorkspaceOutage& f) {
            what += " " + f.workspace + " (" + std::string(enum_name(f.mode)) + ")";
            world_.workspace(f.workspace).model->set_control_plane_outage(control_plane_mode(f.mode));
          },
          [&](const InterRegionPartition&) {
            for (const sql::ReplicationLinkInfo& link : world_.sql_geo().links()) note(world_.sql_geo().stall(link.id));
          },
          [&](const StorageLagSpike& f) { what += " " + f.account + " x" + std::to_string(f.factor); },
          [&](const StorageReplicationStall& f) { what += " " + f.account; },
          [&](const SqlLagSpike& f) {
            what += " " + f.database + " +" + format_duration(f.extra_lag);
            for (const std::string& id : link_ids_of(f.database)) note(world_.sql_geo().set_extra_lag(id, f.extra_lag));
          },
          [&](const SqlReplicationStall& f) {
            what += " " + f.database;
            for (const std::string& id : link_ids_of(f.database)) note(world_.sql_geo().stall(id));
          },
          [&](const StorageErrorStorm& f) { what += " rate " + std::to_string(f.rate); },
          [&](const SqlErrorStorm& f) {
            what += " " + std::to_string(f.error);
            std::vector<sql::SqlOperation> ops;
            switch (f.operation) {
              case SqlOperationKind::kConnect: ops = {sql::SqlOperation::kConnect}; break;
              case SqlOperationKind::kRead: ops = {sql::SqlOperation::kRead}; break;
              case SqlOperationKind::kWrite: ops = {sql::SqlOperation::kWrite}; break;
              case SqlOperationKind::kAny:
                ops = {sql::SqlOperation::kConnect, sql::SqlOperation::kRead, sql::SqlOperation::kWrite};
                break;
            }
            for (const sql::SqlOperation op : ops) {
              sql_fault_ids_[index].push_back(world_.sql().inject_fault(
                  sql::FaultRule{f.server, f.database, op, sql_error(f.error, f.server, f.database), -1}));
            }
          },
          [&](const DatabricksErrorStorm& f) { what += " " + std::to_string(f.error) + " rate " + std::to_string(f.rate); },
          [&](const SlowStorageFailover& f) {
            for (const StorageAccount& a : world_.scenario().topology.storage_accounts) {
              if (!f.account.empty() && f.account != a.name) continue;
              storage::FailoverConfig config = world_.storage_failovers().config_for(a.name);
              config.unplanned_duration_s = f.failover_s;
              config.planned_duration_s = f.failover_s;
              world_.storage_failovers().set_account_config(a.name, config);
            }
          },
          [&](const ClusterCapacityShortage& f) {
            what += " " + f.region;
            for (auto& [name, handle] : world_.workspaces()) {
              if (handle.spec->region != f.region) continue;
              databricks::ClusterService& clusters = world_.workspace(name).model->clusters();
              databricks::ClusterTimings timings = clusters.timings();
              timings.start_delay_scale = f.start_delay_factor;
              clusters.set_timings(timings);
            }
          },
          [&](const MissingLogin& f) {
            what += " " + f.login + "@" + f.server;
            if (sql::LogicalServer* server = world_.sql().server(f.server)) note(server->remove_login(f.login));
          },
          [&](const DnsCacheBeyondTtl& f) {
            what += " " + format_duration(f.cache_for);
            world_.blob_front().set_client_cache_floor(f.cache_for);
          },
          [&](const CicdSyncLag& f) {
            what += " " + f.workspace;
            if (fault.window.start > Duration::zero()) note(world_.withdraw(f));
          },
      },
      fault.what);
  timeline_.record("fault", "start " + what + (fault.description.empty() ? "" : ": " + fault.description));
}

void FaultInjector::end(std::size_t index) {
  faults_[index].ended = true;
  const Fault& fault = faults_[index].fault;
  // Faults may overlap or touch: what one sets, another still running may hold too (two windows of
  // one region's outage, a partition and a SQL stall). Ending one must not end the other, so each
  // kind undoes its state only when no other fault still in force holds it.
  const auto for_each_other_in_force = [&](const auto& visit) {
    for (std::size_t j = 0; j < faults_.size(); ++j) {
      const Injected& other = faults_[j];
      if (j != index && other.started && !other.ended && !other.removed) visit(other.fault.what);
    }
  };
  const auto held_by_another = [&](const auto& holds) {
    bool held = false;
    for_each_other_in_force([&](const FaultKind& w) { held = held || holds(w); });
    return held;
  };
  const auto stalls_link = [&](const sql::ReplicationLinkInfo& link) {
    return held_by_another([&](const FaultKind& w) {
      const auto* stall = std::get_if<SqlReplicationStall>(&w);
      return std::holds_alternative<InterRegionPartition>(w) ||
             (stall != nullptr && ascii_lower(stall->database) == ascii_lower(link.database));
    });
  };
  std::visit(
      Overloaded{
          [&](const RegionOutage& f) {
            if (held_by_another([&](const FaultKind& w) {
                  const auto* o = std::get_if<RegionOutage>(&w);
                  return o != nullptr && o->region == f.region;
                })) {
              return;
            }
            world_.storage().outages().set(f.region, storage::OutageMode::kNone);
            world_.sql().set_region_reachability(f.region, sql::Reachability::kReachable);
            for (auto& [name, handle] : world_.workspaces()) world_.workspace(name).model->region_outage_ended(f.region);
          },
          [&](const StorageOutage& f) {
            if (held_by_another([&](const FaultKind& w) {
                  const auto* o = std::get_if<StorageOutage>(&w);
                  return o != nullptr && o->account == f.account;
                })) {
              return;
            }
            world_.blob_front().set_account_outage(*world_.storage().find_account(f.account), storage::OutageMode::kNone);
          },
          [&](const SqlServerOutage& f) {
            // "unavailable" is a fault rule of its own (removed below); the others set reachability.
            if (f.mode == OutageMode::kUnavailable || held_by_another([&](const FaultKind& w) {
                  const auto* o = std::get_if<SqlServerOutage>(&w);
                  return o != nullptr && o->mode != OutageMode::kUnavailable && ascii_lower(o->server) == ascii_lower(f.server);
                })) {
              return;
            }
            world_.sql().set_server_reachability(f.server, sql::Reachability::kReachable);
          },
          [&](const WorkspaceOutage& f) {
            if (held_by_another([&](const FaultKind& w) {
                  const auto* o = std::get_if<WorkspaceOutage>(&w);
                  return o != nullptr && o->workspace == f.workspace;
                })) {
              return;
            }
            world_.workspace(f.workspace).model->set_control_plane_outage(databricks::ControlPlaneOutage::kNone);
          },
          [&](const InterRegionPartition&) {
            for (const sql::ReplicationLinkInfo& link : world_.sql_geo().links()) {
              if (!stalls_link(link)) note(world_.sql_geo().resume(link.id));
            }
          },
          [&](const SqlLagSpike& f) {
            // The largest extra lag of the spikes on this database still running, else none.
            Duration extra = Duration::zero();
            for_each_other_in_force([&](const FaultKind& w) {
              const auto* o = std::get_if<SqlLagSpike>(&w);
              if (o != nullptr && ascii_lower(o->database) == ascii_lower(f.database)) extra = std::max(extra, o->extra_lag);
            });
            for (const std::string& id : link_ids_of(f.database)) note(world_.sql_geo().set_extra_lag(id, extra));
          },
          [&](const SqlReplicationStall& f) {
            for (const sql::ReplicationLinkInfo& link : world_.sql_geo().links()) {
              if (ascii_lower(link.database) == ascii_lower(f.database) && !stalls_link(link)) {
                note(world_.sql_geo().resume(link.id));
              }
            }
          },
          [&](const SlowStorageFailover& f) {
            for (const StorageAccount& a : world_.scenario().topology.storage_accounts) {
              if (!f.account.empty() && f.account != a.name) continue;
              // Another slow failover still in force for this account keeps its duration.
              const SlowStorageFailover* still = nullptr;
              for_each_other_in_force([&](const FaultKind& w) {
                const auto* o = std::get_if<SlowStorageFailover>(&w);
                if (o != nullptr && (o->account.empty() || o->account == a.name)) still = o;
              });
              storage::FailoverConfig config = world_.storage_failovers().config_for(a.name);
              config.unplanned_duration_s = still != nullptr ? still->failover_s : a.unplanned_failover_s;
              config.planned_duration_s = still != nullptr ? still->failover_s : a.planned_failover_s;
              world_.storage_failovers().set_account_config(a.name, config);
            }
          },
          [&](const ClusterCapacityShortage& f) {
            double factor = 1.0;  // the largest of the shortages in the region still in force
            for_each_other_in_force([&](const FaultKind& w) {
              const auto* o = std::get_if<ClusterCapacityShortage>(&w);
              if (o != nullptr && o->region == f.region) factor = std::max(factor, o->start_delay_factor);
            });
            for (auto& [name, handle] : world_.workspaces()) {
              if (handle.spec->region != f.region) continue;
              databricks::ClusterService& clusters = world_.workspace(name).model->clusters();
              databricks::ClusterTimings timings = clusters.timings();
              timings.start_delay_scale = factor;
              clusters.set_timings(timings);
            }
          },
          [&](const MissingLogin& f) {
            if (held_by_another([&](const FaultKind& w) {
                  const auto* o = std::get_if<MissingLogin>(&w);
                  return o != nullptr && ascii_lower(o->server) == ascii_lower(f.server) &&
                         ascii_lower(o->login) == ascii_lower(f.login);
                })) {
              return;
            }
            const SqlServer* spec = world_.scenario().topology.sql.server(f.server);
            for (const SqlLogin& login : spec->logins) {
              if (ascii_lower(login.user) != ascii_lower(f.login)) continue;
              if (sql::LogicalServer* server = world_.sql().server(f.server)) note(server->add_login(login.user, login.password));
            }
          },
          [&](const DnsCacheBeyondTtl&) {
            Duration floor = Duration::zero();  // the longest of those still in force
            for_each_other_in_force([&](const FaultKind& w) {
              if (const auto* o = std::get_if<DnsCacheBeyondTtl>(&w)) floor = std::max(floor, o->cache_for);
            });
            world_.blob_front().set_client_cache_floor(floor);
          },
          [&](const CicdSyncLag& f) {
            // Deploy only what no other lag on the workspace still in force holds back.
            CicdSyncLag release = f;
            const auto still_held = [&](const std::string& item, std::vector<std::string> CicdSyncLag::*list) {
              return held_by_another([&](const FaultKind& w) {
                const auto* o = std::get_if<CicdSyncLag>(&w);
                return o != nullptr && o->workspace == f.workspace && std::ranges::find(o->*list, item) != (o->*list).end();
              });
            };
            for (const auto list : {&CicdSyncLag::notebooks, &CicdSyncLag::jobs, &CicdSyncLag::clusters, &CicdSyncLag::secrets}) {
              std::erase_if(release.*list, [&](const std::string& item) { return still_held(item, list); });
            }
            note(world_.deploy(release));
          },
          [](const auto&) {},
      },
      fault.what);
  // SQL fault rules the start injected (unavailable servers, error storms).
  for (const std::uint64_t id : sql_fault_ids_[index]) world_.sql().remove_fault(id);
  sql_fault_ids_[index].clear();
  timeline_.record("fault", "end " + std::string(fault.kind()));
}

}  // namespace drdrill::sim
