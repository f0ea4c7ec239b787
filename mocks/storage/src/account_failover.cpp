#include "storage/account_failover.h"

#include <algorithm>
#include <utility>

namespace drdrill::storage {

std::string_view to_string(FailoverRefusal refusal) {
  switch (refusal) {
    case FailoverRefusal::kNotGeoRedundant: return "not geo-redundant";
    case FailoverRefusal::kInProgress: return "an operation is in progress";
    case FailoverRefusal::kLastSyncTimeUnavailable: return "last sync time unavailable";
    case FailoverRefusal::kPrimaryUnavailable: return "primary region unavailable";
  }
  return "refused";
}

GeoReplicationStats reported_geo_replication_stats(const StorageState& state, const Account& account, TimePoint now) {
  if (account.failover().in_progress ||
      state.outages().mode(account.config().secondary_location) != OutageMode::kNone) {
    return {GeoReplicationStatus::kUnavailable, std::nullopt};
  }
  return account.geo_replication_stats(now);
}

AccountFailovers::AccountFailovers(StorageState& state, Scheduler& scheduler, const Random& random,
                                   FailoverConfig config)
    : state_(state), scheduler_(scheduler), random_(random), config_(std::move(config)) {}

AccountFailovers::~AccountFailovers() {
  for (auto& [name, pending] : pending_) {
    for (TimerId timer : pending.timers) scheduler_.cancel(timer);
  }
}

GeoReplication& AccountFailovers::geo_link(Account& account) {
  if (auto* geo = dynamic_cast<GeoReplication*>(&account.replication_link())) return *geo;
  return enable_geo_replication(account, scheduler_, random_, config_.replication);
}

RandomStream& AccountFailovers::stream(const Account& account) {
  auto it = streams_.find(account.name());
  if (it == streams_.end()) {
    it = streams_.emplace(account.name(), random_.stream("storage." + account.name() + ".failover")).first;
  }
  return it->second;
}

TimerId AccountFailovers::at(TimePoint when, std::string_view account, std::function<void()> fn,
                             std::string_view label) {
  const TimerId timer = scheduler_.schedule_at(when, std::move(fn), label);
  auto it = pending_.find(account);
  if (it == pending_.end()) it = pending_.emplace(std::string(account), Pending{}).first;
  it->second.timers.push_back(timer);
  return timer;
}

bool AccountFailovers::reseeding(const Account& account) const {
  const auto it = pending_.find(account.name());
  return it != pending_.end() && it->second.seed.has_value();
}

std::optional<FailoverRefusal> AccountFailovers::check(const Account& account, FailoverType type) const {
  if (!is_geo_redundant(account.redundancy())) return FailoverRefusal::kNotGeoRedundant;
  if (account.failover().in_progress) return FailoverRefusal::kInProgress;
  if (type == FailoverType::kPlanned &&
      state_.outages().mode(account.config().primary_location) != OutageMode::kNone) {
    return FailoverRefusal::kPrimaryUnavailable;
  }
  if (!reported_geo_replication_stats(state_, account, scheduler_.now()).last_sync_time) {
    return FailoverRefusal::kLastSyncTimeUnavailable;
  }
  return std::nullopt;
}

std::variant<FailoverStarted, FailoverRefusal> AccountFailovers::start(Account& account, FailoverType type,
                                                                       std::function<void()> on_complete) {
  if (const auto refusal = check(account, type)) return *refusal;
  GeoReplication& link = geo_link(account);
  const TimePoint now = scheduler_.now();
  FailoverState& failover = account.failover();
  failover.in_progress = true;
  FailoverStarted started;

  if (type == FailoverType::kUnplanned) {
    // Replication is cut now: what had not reached the secondary never will.
    started.writes_lost = link.abandon();
    failover.endpoints_down = config_.unavailable_mode;
    started.completes_at = now + from_seconds(std::max(0.0, config_.unplanned_duration_s.sample(stream(account))));
    at(started.completes_at, account.name(),
       [this, &account, done = std::move(on_complete)] {
         complete_unplanned(account);
         if (done) done();
       },
       "storage.failover.complete");
    return started;
  }

  failover.primary_read_only = true;
  const Duration duration = from_seconds(std::max(0.0, config_.planned_duration_s.sample(stream(account))));
  const Duration switching =
      std::min(duration, from_seconds(std::max(0.0, config_.planned_switch_s.sample(stream(account)))));
  started.completes_at = now + duration;
  at(started.completes_at - switching, account.name(),
     [this, &account] {
       // Replication completes before DNS moves: nothing is lost.
       geo_link(account).drain();
       account.failover().endpoints_down = config_.unavailable_mode;
     },
     "storage.failover.switch");
  at(started.completes_at, account.name(),
     [this, &account, done = std::move(on_complete)] {
       complete_planned(account);
       if (done) done();
     },
     "storage.failover.complete");
  return started;
}

void AccountFailovers::complete_unplanned(Account& account) {
  account.promote_secondary_copy();
  account.swap_locations();
  // The account is no longer geo-redundant (it ends on postFailoverRedundancy, Standard_LRS).
  account.set_redundancy(Redundancy::kLrs);
  geo_link(account).set_status(GeoReplicationStatus::kLive);
  FailoverState& failover = account.failover();
  failover = FailoverState{false, OutageMode::kNone, false, scheduler_.now()};
  pending_.erase(account.name());
}

void AccountFailovers::complete_planned(Account& account) {
  // Replication was drained at the switch, and the read-only primary took no write since, so both
  // copies hold the same data: only the regions trade places.
  geo_link(account).drain();
  account.swap_locations();
  // Uncommitted blocks stay behind in the old primary region (they are not replicated).
  account.drop_staged_blocks();
  FailoverState& failover = account.failover();
  failover = FailoverState{false, OutageMode::kNone, false, scheduler_.now()};
  pending_.erase(account.name());
}

std::variant<RedundancyChanged, FailoverRefusal> AccountFailovers::change_redundancy(Account& account,
                                                                                    Redundancy redundancy) {
  if (account.failover().in_progress) return FailoverRefusal::kInProgress;
  const bool was_geo = is_geo_redundant(account.redundancy());
  const bool will_be_geo = is_geo_redundant(redundancy);

  if (was_geo && !will_be_geo) {
    if (reseeding(account)) return FailoverRefusal::kInProgress;
    // The primary holds every write in flight, so delivering them loses nothing; then the secondary
    // copy goes away with the secondary.
    if (auto* geo = dynamic_cast<GeoReplication*>(&account.replication_link())) geo->drain();
    account.set_redundancy(redundancy);
    account.replace_secondary_copy(BlobStore());
    return RedundancyChanged{};
  }

  if (!was_geo && will_be_geo) {
    GeoReplication& link = geo_link(account);
    const TimePoint now = scheduler_.now();
    const double rate_bytes_per_s = std::max(1.0, config_.reseed_bytes_per_s.sample(stream(account)));
    const Duration duration =
        from_seconds(static_cast<double>(account.primary().content_bytes()) / rate_bytes_per_s);
    account.set_redundancy(redundancy);
    account.replace_secondary_copy(BlobStore());
    link.set_status(GeoReplicationStatus::kBootstrap);
    // Writes acknowledged from now on replicate as usual but are held until the seed is in place,
    // so none lands in an empty copy and none overtakes the seed.
    if (duration > Duration::zero()) link.add_stall(now, duration);
    auto it = pending_.find(account.name());
    if (it == pending_.end()) it = pending_.emplace(account.name(), Pending{}).first;
    it->second.seed = account.primary();  // the data as of now; blob bytes are shared, not copied
    const TimePoint done = now + duration;
    // Scheduled before any held arrival (which all land at `done` or later), so it runs first.
    at(done, account.name(),
       [this, &account] {
         auto pending = pending_.find(account.name());
         account.replace_secondary_copy(std::move(*pending->second.seed));
         pending_.erase(pending);
         geo_link(account).set_status(GeoReplicationStatus::kLive);
       },
       "storage.reseed.complete");
    return RedundancyChanged{done};
  }

  account.set_redundancy(redundancy);
  return RedundancyChanged{};
}

}  // namespace drdrill::storage
