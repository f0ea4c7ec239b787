#include "sql/geo_replication.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <utility>

#include "core/ascii_case.h"

namespace drdrill::sql {
namespace {

bool same_name(std::string_view a, std::string_view b) { return equals_ignoring_ascii_case(a, b); }

}  // namespace

std::string_view to_string(LinkState state) {
  switch (state) {
    case LinkState::kSeeding: return "SEEDING";
    case LinkState::kCatchUp: return "CATCH_UP";
    case LinkState::kSuspended: return "SUSPENDED";
  }
  return "SUSPENDED";
}

std::string_view to_string(FailoverPolicy policy) {
  return policy == FailoverPolicy::kAutomatic ? "Automatic" : "Manual";
}

std::string_view to_string(FailoverKind kind) { return kind == FailoverKind::kForced ? "forced" : "planned"; }

std::string_view to_string(OperationState state) {
  switch (state) {
    case OperationState::kInProgress: return "InProgress";
    case OperationState::kSucceeded: return "Succeeded";
    case OperationState::kFailed: return "Failed";
  }
  return "Failed";
}

GeoReplication::GeoReplication(SqlService& service, Scheduler& scheduler, const Random& random,
                               GeoReplicationOptions options)
    : service_(service),
      scheduler_(scheduler),
      options_(std::move(options)),
      lag_rng_(random.stream("sql.replication.lag")),
      failover_rng_(random.stream("sql.replication.failover")),
      id_rng_(random.stream("sql.replication.ids")) {
  service_.on_reachability_change([this, alive = std::weak_ptr<bool>(alive_)](const std::string& server, Reachability) {
    if (!alive.expired()) on_reachability(server);
  });
}

GeoReplication::~GeoReplication() {
  alive_.reset();
  for (auto& [id, link] : links_) {
    if (link->ship_timer != kNoTimer) scheduler_.cancel(link->ship_timer);
    if (link->seed_timer != kNoTimer) scheduler_.cancel(link->seed_timer);
    if (Database* db = primary_db(*link); db != nullptr) db->stop_capture();
  }
  for (auto& [name, group] : groups_) {
    if (group->automatic_timer != kNoTimer) scheduler_.cancel(group->automatic_timer);
  }
  for (auto& [op, timer] : operation_timers_) scheduler_.cancel(timer);
}

// --- helpers ---

GeoReplication::Link* GeoReplication::find_link(std::string_view id) {
  auto it = links_.find(ascii_lower(id));
  return it == links_.end() ? nullptr : it->second.get();
}

const GeoReplication::Link* GeoReplication::find_link(std::string_view id) const {
  auto it = links_.find(ascii_lower(id));
  return it == links_.end() ? nullptr : it->second.get();
}

GeoReplication::Group* GeoReplication::find_group(std::string_view name) {
  auto it = groups_.find(ascii_lower(name));
  return it == groups_.end() ? nullptr : it->second.get();
}

Database* GeoReplication::primary_db(const Link& link) const { return service_.database(link.primary, link.database); }

Database* GeoReplication::secondary_db(const Link& link) const {
  return service_.database(link.secondary, link.database);
}

std::string GeoReplication::new_guid() {
  const std::uint64_t hi = id_rng_.next_u64();
  const std::uint64_t lo = id_rng_.next_u64();
  char text[37];
  // A version-4 layout, so it reads like the GUIDs Azure puts in link ids.
  std::snprintf(text, sizeof(text), "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0x0fff),
                static_cast<unsigned>(0x8000 | ((lo >> 48) & 0x3fff)),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return text;
}

Duration GeoReplication::sample(const Distribution& d, RandomStream& rng) const {
  return from_seconds(std::max(0.0, d.sample(rng)));
}

ReplicationLinkInfo GeoReplication::info(const Link& link) const {
  ReplicationLinkInfo out;
  out.id = link.id;
  out.database = link.database;
  out.primary_server = link.primary;
  out.secondary_server = link.secondary;
  out.start_time = link.start_time;
  out.failover_group = link.group;
  out.stalled = link.stalled;
  out.failover_in_progress = link.failover_in_progress;
  out.secondary_needs_reseed = link.needs_reseed;
  out.error = link.last_error;
  if (link.seeding) {
    out.state = LinkState::kSeeding;
  } else if (link.stalled || link.needs_reseed || !service_.reachable(link.primary) ||
             !service_.reachable(link.secondary)) {
    out.state = LinkState::kSuspended;
  } else {
    out.state = LinkState::kCatchUp;
  }
  out.commits_in_flight = link.in_flight.size();
  for (const auto& f : link.in_flight) out.bytes_in_flight += f.event.bytes;
  if (!link.in_flight.empty()) out.replication_lag = scheduler_.now() - link.in_flight.front().event.acknowledged_at;
  out.last_replicated_ack = link.last_replicated_ack;
  return out;
}

FailoverGroupInfo GeoReplication::info(const Group& group) const {
  return FailoverGroupInfo{group.spec, group.link_ids, group.failover_in_progress, group.automatic_at};
}

// --- links ---

Result<std::string> GeoReplication::create_link(std::string_view primary_server, std::string_view database,
                                                std::string_view secondary_server) {
  LogicalServer* primary = service_.server(primary_server);
  LogicalServer* secondary = service_.server(secondary_server);
  if (primary == nullptr) return Status::NotFound("server " + std::string(primary_server) + " does not exist");
  if (secondary == nullptr) return Status::NotFound("server " + std::string(secondary_server) + " does not exist");
  if (primary == secondary) return Status::InvalidArgument("a geo-secondary must be on another server");
  if (same_name(database, kMasterDatabase)) return Status::InvalidArgument("master cannot be geo-replicated");
  Database* source = primary->database(database);
  if (source == nullptr) {
    return Status::NotFound("database " + std::string(database) + " does not exist on server " + primary->name());
  }
  for (const auto& [id, link] : links_) {
    const bool on_primary = same_name(link->primary, primary->name()) || same_name(link->secondary, primary->name());
    if (on_primary && same_name(link->database, database)) {
      return Status::FailedPrecondition("database " + std::string(database) + " on " + primary->name() +
                                        " is already geo-replicated (link " + link->id + ")");
    }
  }
  if (source->read_only()) return Status::FailedPrecondition("a read-only database cannot be a geo-primary");
  auto created = secondary->create_database(source->name());
  if (!created.ok()) return created.status();

  auto link = std::make_unique<Link>();
  link->id = new_guid();
  link->database = source->name();
  link->primary = primary->name();
  link->secondary = secondary->name();
  link->start_time = scheduler_.now();
  link->last_arrival = scheduler_.now();
  (*created)->set_read_only(true);
  (*created)->set_online(false);
  Link& ref = *link;
  links_.emplace(link->id, std::move(link));
  if (Status s = start_capture(ref); !s.ok()) {
    links_.erase(ref.id);
    (void)secondary->drop_database(source->name());
    return s;
  }
  begin_seeding(ref);
  return ref.id;
}

std::vector<ReplicationLinkInfo> GeoReplication::links() const {
  std::vector<ReplicationLinkInfo> out;
  for (const auto& [id, link] : links_) out.push_back(info(*link));
  return out;
}

Result<ReplicationLinkInfo> GeoReplication::link(std::string_view link_id) const {
  const Link* l = find_link(link_id);
  if (l == nullptr) return Status::NotFound("replication link " + std::string(link_id) + " does not exist");
  return info(*l);
}

std::vector<ReplicationLinkInfo> GeoReplication::links_of(std::string_view server, std::string_view database) const {
  std::vector<ReplicationLinkInfo> out;
  for (const auto& [id, link] : links_) {
    if (same_name(link->database, database) && (same_name(link->primary, server) || same_name(link->secondary, server))) {
      out.push_back(info(*link));
    }
  }
  return out;
}

Status GeoReplication::start_capture(Link& link) {
  Database* db = primary_db(link);
  if (db == nullptr) return Status::Internal("primary database of link " + link.id + " is gone");
  const std::string id = link.id;
  return db->start_capture([this, id](CommitRecord record) { on_commit(id, std::move(record)); });
}

void GeoReplication::on_commit(const std::string& link_id, CommitRecord record) {
  Link* link = find_link(link_id);
  if (link == nullptr) return;
  CommitEvent event;
  event.commit_id = next_commit_id_++;
  event.link_id = link->id;
  event.server = link->primary;
  event.database = link->database;
  event.sequence = record.sequence;
  event.acknowledged_at = record.acknowledged_at;
  event.bytes = record.size_bytes();
  const TimePoint arrives = std::max(record.acknowledged_at + sample(options_.lag_s, lag_rng_) + link->extra_lag,
                                     link->last_arrival);
  link->last_arrival = arrives;
  if (ledger_ != nullptr) ledger_->on_acknowledged(event);
  link->in_flight.push_back(InFlight{std::move(event), std::move(record), arrives});
  schedule_shipping(*link);
}

bool GeoReplication::can_ship(const Link& link) const {
  return !link.stalled && !link.seeding && !link.needs_reseed && service_.reachable(link.primary) &&
         service_.reachable(link.secondary) && secondary_db(link) != nullptr;
}

void GeoReplication::schedule_shipping(Link& link) {
  if (!can_ship(link) || link.in_flight.empty()) {
    if (link.ship_timer != kNoTimer) scheduler_.cancel(link.ship_timer);
    link.ship_timer = kNoTimer;
    return;
  }
  const TimePoint next = link.in_flight.front().arrives_at;
  if (link.ship_timer != kNoTimer) {
    if (link.ship_timer_at == next) return;
    scheduler_.cancel(link.ship_timer);
  }
  const std::string id = link.id;
  link.ship_timer_at = next;
  link.ship_timer = scheduler_.schedule_at(
      next,
      [this, id] {
        Link* l = find_link(id);
        if (l == nullptr) return;
        l->ship_timer = kNoTimer;
        ship_due(*l);
      },
      "sql.replication.ship");
}

void GeoReplication::ship_due(Link& link) {
  const TimePoint now = scheduler_.now();
  while (can_ship(link) && !link.in_flight.empty() && link.in_flight.front().arrives_at <= now) {
    InFlight& head = link.in_flight.front();
    Database* secondary = secondary_db(link);
    // A commit at or below the secondary's position came with the seeding copy.
    if (head.record.sequence > secondary->sequence()) {
      if (Status s = secondary->apply(head.record); !s.ok()) {
        link.last_error = s.to_string();
        link.needs_reseed = true;
        break;
      }
    }
    link.last_replicated_ack = head.event.acknowledged_at;
    if (ledger_ != nullptr) ledger_->on_replicated(head.event, now);
    link.in_flight.pop_front();
  }
  if (link.needs_reseed && !link.seeding && !link.failover_in_progress) {
    begin_seeding(link);  // a diverged replica is rebuilt from the primary, never patched
    return;
  }
  schedule_shipping(link);
}

void GeoReplication::begin_seeding(Link& link) {
  Database* source = primary_db(link);
  Database* target = secondary_db(link);
  if (source == nullptr || target == nullptr || !service_.reachable(link.primary) ||
      !service_.reachable(link.secondary)) {
    link.needs_reseed = true;  // retried when both are reachable (on_reachability)
    return;
  }
  if (Status s = target->seed_from(*source); !s.ok()) {
    link.last_error = s.to_string();
    link.needs_reseed = true;
    return;
  }
  const std::int64_t bytes = source->storage().size_bytes().value_or(0);
  const double bytes_per_second = std::max(1.0, options_.seeding_gb_per_hour.sample(failover_rng_)) * 1e9 / 3600.0;
  const TimePoint done = scheduler_.now() + from_seconds(static_cast<double>(bytes) / bytes_per_second);
  link.seeding = true;
  link.needs_reseed = false;
  target->set_read_only(true);
  target->set_online(false);
  // Commits already in flight are in the copy; later ones arrive no earlier than the copy.
  for (auto& f : link.in_flight) f.arrives_at = std::max(f.arrives_at, done);
  link.last_arrival = std::max(link.last_arrival, done);
  if (link.seed_timer != kNoTimer) scheduler_.cancel(link.seed_timer);
  const std::string id = link.id;
  link.seed_timer = scheduler_.schedule_at(
      done,
      [this, id] {
        Link* l = find_link(id);
        if (l == nullptr) return;
        l->seed_timer = kNoTimer;
        l->seeding = false;
        if (!service_.reachable(l->primary) || !service_.reachable(l->secondary)) {
          l->needs_reseed = true;  // the copy did not finish; start over when both are back
          return;
        }
        if (Database* db = secondary_db(*l); db != nullptr) db->set_online(true);
        ship_due(*l);
      },
      "sql.replication.seeded");
  schedule_shipping(link);
}

void GeoReplication::on_reachability(const std::string& server) {
  for (auto& [id, link] : links_) {
    if (!same_name(link->primary, server) && !same_name(link->secondary, server)) continue;
    if (link->needs_reseed && !link->failover_in_progress && !link->seeding && service_.reachable(link->primary) &&
        service_.reachable(link->secondary)) {
      begin_seeding(*link);
    } else {
      ship_due(*link);
    }
  }
  for (auto& [name, group] : groups_) arm_automatic_failover(*group);
}

// --- failover ---

Result<std::uint64_t> GeoReplication::failover(std::string_view link_id) {
  return begin_failover({std::string(link_id)}, FailoverKind::kPlanned, {});
}

Result<std::uint64_t> GeoReplication::force_failover(std::string_view link_id) {
  return begin_failover({std::string(link_id)}, FailoverKind::kForced, {});
}

Result<std::uint64_t> GeoReplication::begin_failover(std::vector<std::string> link_ids, FailoverKind kind,
                                                     std::string group_name) {
  std::vector<Link*> links;
  for (const auto& id : link_ids) {
    Link* link = find_link(id);
    if (link == nullptr) return Status::NotFound("replication link " + id + " does not exist");
    if (group_name.empty() && !link->group.empty()) {
      return Status::FailedPrecondition("database " + link->database + " is in failover group " + link->group +
                                        "; fail over the group instead");
    }
    if (link->failover_in_progress) return Status::FailedPrecondition("a failover of link " + link->id + " is in progress");
    if (link->seeding || link->needs_reseed) {
      return Status::FailedPrecondition("the secondary " + link->secondary + "/" + link->database +
                                        " is not a complete copy yet (seeding)");
    }
    if (!service_.reachable(link->secondary)) {
      return Status::Unavailable("server " + link->secondary + " (the secondary) is unreachable");
    }
    if (kind == FailoverKind::kPlanned) {
      if (!service_.reachable(link->primary)) {
        return Status::FailedPrecondition("planned failover needs the primary " + link->primary +
                                          " reachable; use forceFailoverAllowDataLoss");
      }
      if (link->stalled) return Status::FailedPrecondition("link " + link->id + " is stalled and cannot synchronize");
    }
    links.push_back(link);
  }
  if (links.empty()) return Status::InvalidArgument("nothing to fail over");

  const TimePoint now = scheduler_.now();
  FailoverOperation op;
  op.id = next_operation_id_++;
  op.kind = kind;
  op.link_ids = link_ids;
  op.failover_group = group_name;
  op.new_primary_server = links.front()->secondary;
  op.started = now;
  TimePoint drained = now;
  for (Link* link : links) {
    ship_due(*link);  // what has arrived is applied before anything is decided
    link->failover_in_progress = true;
    Database* old_primary = primary_db(*link);
    Database* old_secondary = secondary_db(*link);
    if (kind == FailoverKind::kPlanned) {
      if (!link->in_flight.empty()) drained = std::max(drained, link->in_flight.back().arrives_at);
      if (old_primary != nullptr) old_primary->set_online(false);
    } else {
      for (auto& f : link->in_flight) {
        if (ledger_ != nullptr) ledger_->on_lost(f.event, now);
        lost_.push_back(f.event);
      }
      link->in_flight.clear();
      if (old_primary != nullptr) {
        // Demoted at once: never two writable copies. What it holds beyond the secondary is
        // discarded when it is re-seeded from the new primary.
        old_primary->stop_capture();
        old_primary->set_read_only(true);
        old_primary->set_online(false);
      }
      link->needs_reseed = true;  // applies to the old primary once roles have swapped
      schedule_shipping(*link);
    }
    if (old_secondary != nullptr) old_secondary->set_online(false);
  }
  op.finishes_at = kind == FailoverKind::kPlanned ? drained + sample(options_.planned_failover_base_s, failover_rng_)
                                                  : now + sample(options_.forced_failover_s, failover_rng_);
  if (!group_name.empty()) {
    if (Group* group = find_group(group_name); group != nullptr) group->failover_in_progress = true;
  }
  const std::uint64_t id = op.id;
  operations_.emplace(id, std::move(op));
  operation_timers_[id] = scheduler_.schedule_at(
      operations_.at(id).finishes_at,
      [this, id] {
        operation_timers_.erase(id);
        finish_failover(id);
      },
      "sql.replication.failover");
  return id;
}

void GeoReplication::fail_operation(FailoverOperation& op, const std::string& why) {
  op.state = OperationState::kFailed;
  op.error = why;
  op.finishes_at = scheduler_.now();
  for (const auto& id : op.link_ids) {
    Link* link = find_link(id);
    if (link == nullptr) continue;
    link->failover_in_progress = false;
    if (Database* db = primary_db(*link); db != nullptr) db->set_online(true);
    if (Database* db = secondary_db(*link); db != nullptr && !link->seeding) db->set_online(true);
    ship_due(*link);
  }
  if (Group* group = find_group(op.failover_group); group != nullptr) group->failover_in_progress = false;
}

void GeoReplication::finish_failover(std::uint64_t operation_id) {
  FailoverOperation& op = operations_.at(operation_id);
  std::vector<Link*> links;
  for (const auto& id : op.link_ids) {
    if (Link* link = find_link(id); link != nullptr) links.push_back(link);
  }
  if (op.kind == FailoverKind::kPlanned) {
    for (Link* link : links) {
      ship_due(*link);
      if (!link->in_flight.empty() || !service_.reachable(link->primary) || !service_.reachable(link->secondary)) {
        fail_operation(op, "planned failover of link " + link->id +
                               " could not synchronize the secondary (stalled or unreachable); nothing changed");
        notify_finished(op);
        return;
      }
    }
  }
  for (Link* link : links) {
    Database* new_primary = secondary_db(*link);
    Database* old_primary = primary_db(*link);
    if (old_primary != nullptr) {
      old_primary->stop_capture();
      old_primary->set_read_only(true);
    }
    std::swap(link->primary, link->secondary);
    link->last_arrival = scheduler_.now();
    link->failover_in_progress = false;
    if (new_primary != nullptr) {
      new_primary->set_read_only(false);
      new_primary->set_online(true);
      if (Status s = start_capture(*link); !s.ok()) link->last_error = s.to_string();
    }
    if (op.kind == FailoverKind::kPlanned) {
      if (old_primary != nullptr) old_primary->set_online(true);
    } else {
      begin_seeding(*link);  // the old primary, now secondary, once it is reachable
    }
  }
  if (Group* group = find_group(op.failover_group); group != nullptr) {
    std::swap(group->spec.primary_server, group->spec.secondary_server);
    group->failover_in_progress = false;
    (void)service_.dns().set_listeners(group->spec.name, group->spec.primary_server, group->spec.secondary_server,
                                       options_.listener_ttl);
    arm_automatic_failover(*group);
  }
  op.state = OperationState::kSucceeded;
  op.finishes_at = scheduler_.now();
  notify_finished(op);
}

void GeoReplication::on_operation_finished(OperationListener listener) {
  operation_listeners_.push_back(std::move(listener));
}

void GeoReplication::notify_finished(const FailoverOperation& op) {
  // A copy: a listener may start another failover, which inserts into operations_.
  const FailoverOperation finished = op;
  for (const auto& listener : operation_listeners_) listener(finished);
}

Result<FailoverOperation> GeoReplication::operation(std::uint64_t id) const {
  auto it = operations_.find(id);
  if (it == operations_.end()) return Status::NotFound("operation " + std::to_string(id) + " does not exist");
  return it->second;
}

// --- failover groups ---

Status GeoReplication::create_failover_group(const FailoverGroupSpec& spec) {
  if (spec.name.empty()) return Status::InvalidArgument("a failover group needs a name");
  for (char c : spec.name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-') {
      return Status::InvalidArgument("failover group name '" + spec.name + "' is not a DNS label");
    }
  }
  if (groups_.contains(ascii_lower(spec.name))) return Status::AlreadyExists("failover group " + spec.name + " already exists");
  if (spec.policy == FailoverPolicy::kAutomatic && spec.grace_period < kMinimumGracePeriod) {
    return Status::InvalidArgument("failoverWithDataLossGracePeriodMinutes must be at least 60 for Automatic policy");
  }
  if (service_.server(spec.primary_server) == nullptr || service_.server(spec.secondary_server) == nullptr) {
    return Status::NotFound("failover group " + spec.name + " names a server that does not exist");
  }
  if (service_.server(spec.name) != nullptr) {
    return Status::AlreadyExists("DNS name " + SqlDnsZone::read_write_listener(spec.name) + " belongs to a server");
  }
  auto group = std::make_unique<Group>();
  group->spec = spec;
  group->spec.primary_server = service_.server(spec.primary_server)->name();
  group->spec.secondary_server = service_.server(spec.secondary_server)->name();
  for (const auto& database : spec.databases) {
    std::string link_id;
    for (const auto& [id, link] : links_) {
      if (same_name(link->database, database) && same_name(link->primary, group->spec.primary_server)) {
        if (!same_name(link->secondary, group->spec.secondary_server)) {
          return Status::FailedPrecondition("database " + database + " replicates to " + link->secondary +
                                            ", not to the group's partner " + group->spec.secondary_server);
        }
        if (!link->group.empty()) return Status::FailedPrecondition("database " + database + " is already in group " + link->group);
        link_id = link->id;
      }
    }
    if (link_id.empty()) {
      auto created = create_link(group->spec.primary_server, database, group->spec.secondary_server);
      if (!created.ok()) return created.status();
      link_id = *created;
    }
    group->link_ids.push_back(link_id);
  }
  DRDRILL_RETURN_IF_ERROR(service_.dns().set_listeners(group->spec.name, group->spec.primary_server,
                                                       group->spec.secondary_server, options_.listener_ttl));
  for (const auto& id : group->link_ids) find_link(id)->group = group->spec.name;
  Group& ref = *group;
  groups_.emplace(ascii_lower(spec.name), std::move(group));
  arm_automatic_failover(ref);
  return Status::Ok();
}

Result<FailoverGroupInfo> GeoReplication::failover_group(std::string_view name) const {
  auto it = groups_.find(ascii_lower(name));
  if (it == groups_.end()) return Status::NotFound("failover group " + std::string(name) + " does not exist");
  return info(*it->second);
}

std::vector<FailoverGroupInfo> GeoReplication::failover_groups() const {
  std::vector<FailoverGroupInfo> out;
  for (const auto& [name, group] : groups_) out.push_back(info(*group));
  return out;
}

Status GeoReplication::update_failover_group(std::string_view name, FailoverPolicy policy, Duration grace_period,
                                             bool read_only_endpoint_enabled) {
  Group* group = find_group(name);
  if (group == nullptr) return Status::NotFound("failover group " + std::string(name) + " does not exist");
  if (policy == FailoverPolicy::kAutomatic && grace_period < kMinimumGracePeriod) {
    return Status::InvalidArgument("failoverWithDataLossGracePeriodMinutes must be at least 60 for Automatic policy");
  }
  group->spec.policy = policy;
  group->spec.grace_period = grace_period;
  group->spec.read_only_endpoint_enabled = read_only_endpoint_enabled;
  if (group->automatic_timer != kNoTimer) {
    scheduler_.cancel(group->automatic_timer);
    group->automatic_timer = kNoTimer;
    group->automatic_at.reset();
  }
  arm_automatic_failover(*group);
  return Status::Ok();
}

Status GeoReplication::delete_failover_group(std::string_view name) {
  Group* group = find_group(name);
  if (group == nullptr) return Status::NotFound("failover group " + std::string(name) + " does not exist");
  if (group->failover_in_progress) return Status::FailedPrecondition("failover group " + group->spec.name + " is failing over");
  // Deleting a group keeps its geo-replication links (they become plain links) and removes the
  // listener names.
  for (const auto& id : group->link_ids) {
    if (Link* link = find_link(id); link != nullptr) link->group.clear();
  }
  if (group->automatic_timer != kNoTimer) scheduler_.cancel(group->automatic_timer);
  service_.dns().remove_listeners(group->spec.name);
  groups_.erase(ascii_lower(name));
  return Status::Ok();
}

Result<std::uint64_t> GeoReplication::failover_group_failover(std::string_view name) {
  Group* group = find_group(name);
  if (group == nullptr) return Status::NotFound("failover group " + std::string(name) + " does not exist");
  if (group->failover_in_progress) return Status::FailedPrecondition("failover group " + group->spec.name + " is failing over");
  return begin_failover(group->link_ids, FailoverKind::kPlanned, group->spec.name);
}

Result<std::uint64_t> GeoReplication::failover_group_force_failover(std::string_view name) {
  Group* group = find_group(name);
  if (group == nullptr) return Status::NotFound("failover group " + std::string(name) + " does not exist");
  if (group->failover_in_progress) return Status::FailedPrecondition("failover group " + group->spec.name + " is failing over");
  return begin_failover(group->link_ids, FailoverKind::kForced, group->spec.name);
}

Result<std::uint64_t> GeoReplication::failover_group_try_planned_before_forced(std::string_view name) {
  Group* group = find_group(name);
  if (group == nullptr) return Status::NotFound("failover group " + std::string(name) + " does not exist");
  bool can_plan = service_.reachable(group->spec.primary_server);
  for (const auto& id : group->link_ids) {
    if (const Link* link = find_link(id); link != nullptr && link->stalled) can_plan = false;
  }
  return can_plan ? failover_group_failover(name) : failover_group_force_failover(name);
}

void GeoReplication::arm_automatic_failover(Group& group) {
  LogicalServer* primary = service_.server(group.spec.primary_server);
  const bool region_down =
      primary != nullptr && service_.region_reachability(primary->region()) != Reachability::kReachable;
  const bool wanted = group.spec.policy == FailoverPolicy::kAutomatic && region_down && !group.failover_in_progress;
  if (!wanted) {
    if (group.automatic_timer != kNoTimer) scheduler_.cancel(group.automatic_timer);
    group.automatic_timer = kNoTimer;
    group.automatic_at.reset();
    return;
  }
  if (group.automatic_timer != kNoTimer) return;  // already counting from the outage's start
  const TimePoint at =
      scheduler_.now() + group.spec.grace_period + sample(options_.automatic_failover_extra_delay_s, failover_rng_);
  group.automatic_at = at;
  const std::string name = group.spec.name;
  group.automatic_timer = scheduler_.schedule_at(
      at,
      [this, name] {
        Group* g = find_group(name);
        if (g == nullptr) return;
        g->automatic_timer = kNoTimer;
        g->automatic_at.reset();
        // Microsoft-managed failover is always forced (2b.4). If it cannot start (the partner is
        // down too), nothing happens, as in Azure.
        (void)begin_failover(g->link_ids, FailoverKind::kForced, g->spec.name);
      },
      "sql.replication.automatic_failover");
}

// --- drill hooks ---

Status GeoReplication::stall(std::string_view link_id) {
  Link* link = find_link(link_id);
  if (link == nullptr) return Status::NotFound("replication link " + std::string(link_id) + " does not exist");
  link->stalled = true;
  schedule_shipping(*link);
  return Status::Ok();
}

Status GeoReplication::resume(std::string_view link_id) {
  Link* link = find_link(link_id);
  if (link == nullptr) return Status::NotFound("replication link " + std::string(link_id) + " does not exist");
  link->stalled = false;
  ship_due(*link);
  return Status::Ok();
}

Status GeoReplication::set_extra_lag(std::string_view link_id, Duration extra) {
  Link* link = find_link(link_id);
  if (link == nullptr) return Status::NotFound("replication link " + std::string(link_id) + " does not exist");
  if (extra < Duration::zero()) return Status::InvalidArgument("extra lag cannot be negative");
  link->extra_lag = extra;
  return Status::Ok();
}

Status GeoReplication::check_invariants() const {
  for (const auto& [id, link] : links_) {
    const Database* p = primary_db(*link);
    const Database* s = secondary_db(*link);
    const int writable = (p != nullptr && !p->read_only() ? 1 : 0) + (s != nullptr && !s->read_only() ? 1 : 0);
    if (writable > 1) {
      return Status::Internal("link " + link->id + ": both " + link->primary + " and " + link->secondary +
                              " hold a writable " + link->database);
    }
    if (s != nullptr && !s->read_only()) {
      return Status::Internal("link " + link->id + ": the secondary " + link->secondary + "/" + link->database +
                              " accepts writes");
    }
  }
  return Status::Ok();
}

}  // namespace drdrill::sql
