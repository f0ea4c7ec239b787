#include "storage/geo_replication.h"

#include <algorithm>
#include <cassert>
#include <memory>
#include <utility>

namespace drdrill::storage {

namespace {

bool is_blob_write(const Mutation& m) {
  return std::holds_alternative<PutBlob>(m) || std::holds_alternative<DeleteBlob>(m);
}

// Raises `arrival` to the chain's latest arrival for `key`, if one is in flight.
template <typename Chain>
void wait_for(TimePoint& arrival, const Chain& chain, std::string_view key) {
  const auto it = chain.find(key);
  if (it != chain.end()) arrival = std::max(arrival, it->second.arrival);
}

template <typename Chain, typename Latest>
void record(Chain& chain, std::string_view key, Latest latest) {
  const auto it = chain.find(key);
  if (it == chain.end()) {
    chain.emplace(std::string(key), latest);
  } else if (latest.arrival >= it->second.arrival) {
    it->second = latest;
  }
}

template <typename Chain>
void forget(Chain& chain, std::string_view key, std::uint64_t sequence) {
  const auto it = chain.find(key);
  if (it != chain.end() && it->second.sequence == sequence) chain.erase(it);
}

}  // namespace

GeoReplication::GeoReplication(Scheduler& scheduler, RandomStream rng, BlobStore& secondary,
                               GeoReplicationConfig config)
    : scheduler_(scheduler), rng_(rng), secondary_(secondary), config_(std::move(config)) {}

GeoReplication::~GeoReplication() {
  for (auto& [sequence, p] : pending_) scheduler_.cancel(p.timer);
}

Duration GeoReplication::draw_lag(TimePoint acknowledged) {
  // Exactly one draw per write, whatever the spikes, so the stream stays aligned across scenarios.
  double lag_s = config_.lag_s.sample(rng_);
  for (const Window& spike : spikes_) {
    if (acknowledged >= spike.start && acknowledged < spike.end) lag_s *= spike.factor;
  }
  return from_seconds(std::max(lag_s, 0.0));
}

TimePoint GeoReplication::after_stalls(TimePoint t) const {
  // Stalls may touch or overlap: keep pushing until t lies in none.
  for (bool moved = true; moved;) {
    moved = false;
    for (const Window& stall : stalls_) {
      if (t >= stall.start && t < stall.end) {
        t = stall.end;
        moved = true;
      }
    }
  }
  return t;
}

void GeoReplication::replicate(Mutation write, TimePoint acknowledged) {
  const std::uint64_t sequence = ledger_.size() + 1;
  ledger_.push_back(ReplicationRecord{sequence, std::string(kind_name(write)), target_name(write),
                                      payload_bytes(write), acknowledged, std::nullopt, false});

  TimePoint arrival = acknowledged + draw_lag(acknowledged);
  const std::string_view container = container_of(write);
  const std::string target = ledger_.back().target;
  if (is_blob_write(write)) {
    wait_for(arrival, blob_chain_, target);
    wait_for(arrival, container_chain_, container);
  } else {
    wait_for(arrival, container_chain_, container);
    if (std::holds_alternative<DeleteContainer>(write)) wait_for(arrival, container_any_, container);
  }
  arrival = after_stalls(arrival);

  const Latest latest{arrival, sequence};
  if (is_blob_write(write)) {
    record(blob_chain_, target, latest);
  } else {
    record(container_chain_, container, latest);
  }
  record(container_any_, container, latest);

  auto [it, inserted] = pending_.emplace(sequence, Pending{std::move(write), arrival, kNoTimer});
  assert(inserted);
  schedule(sequence, it->second);
}

void GeoReplication::schedule(std::uint64_t sequence, Pending& p) {
  p.timer = scheduler_.schedule_at(p.arrival, [this, sequence] { arrive(sequence); }, "storage.replication.arrive");
}

void GeoReplication::arrive(std::uint64_t sequence) {
  const auto it = pending_.find(sequence);
  if (it == pending_.end()) return;
  if (!secondary_.apply(it->second.write).ok()) {
    ++refused_arrivals_;
    assert(false && "ordering rules deliver a container before the blobs in it");
  }
  ledger_[sequence - 1].arrived = scheduler_.now();
  forget_chains(sequence, it->second.write);
  pending_.erase(it);
}

void GeoReplication::forget_chains(std::uint64_t sequence, const Mutation& write) {
  const std::string_view container = container_of(write);
  if (is_blob_write(write)) {
    forget(blob_chain_, ledger_[sequence - 1].target, sequence);
  } else {
    forget(container_chain_, container, sequence);
  }
  forget(container_any_, container, sequence);
}

GeoReplicationStats GeoReplication::stats(TimePoint now) const {
  if (status_ != GeoReplicationStatus::kLive) return {status_, std::nullopt};
  return {status_, last_sync_time(now)};
}

TimePoint GeoReplication::last_sync_time(TimePoint now) const {
  if (pending_.empty()) return now;
  return ledger_[pending_.begin()->first - 1].acknowledged;
}

void GeoReplication::add_lag_spike(TimePoint start, Duration duration, double factor) {
  assert(factor >= 0);
  spikes_.push_back({start, start + duration, factor});
}

void GeoReplication::add_stall(TimePoint start, Duration duration) {
  const TimePoint end = start + duration;
  stalls_.push_back({start, end, 1.0});
  // Writes in flight that would land during the stall land when it ends, in their order.
  for (auto& [sequence, p] : pending_) {
    const TimePoint moved = after_stalls(p.arrival);
    if (moved == p.arrival) continue;
    scheduler_.cancel(p.timer);
    p.arrival = moved;
    schedule(sequence, p);
  }
  for (auto* chain : {&blob_chain_, &container_chain_, &container_any_}) {
    for (auto& [key, latest] : *chain) latest.arrival = after_stalls(latest.arrival);
  }
}

void GeoReplication::drain() {
  const TimePoint now = scheduler_.now();
  for (auto& [sequence, p] : pending_) {
    scheduler_.cancel(p.timer);
    if (!secondary_.apply(p.write).ok()) ++refused_arrivals_;
    ledger_[sequence - 1].arrived = now;
  }
  pending_.clear();
  blob_chain_.clear();
  container_chain_.clear();
  container_any_.clear();
}

std::size_t GeoReplication::abandon() {
  const std::size_t dropped = pending_.size();
  for (auto& [sequence, p] : pending_) {
    scheduler_.cancel(p.timer);
    ledger_[sequence - 1].lost = true;
  }
  pending_.clear();
  blob_chain_.clear();
  container_chain_.clear();
  container_any_.clear();
  return dropped;
}

GeoReplication& enable_geo_replication(Account& account, Scheduler& scheduler, const Random& random,
                                       GeoReplicationConfig config) {
  auto link = std::make_unique<GeoReplication>(scheduler, random.stream("storage." + account.name() + ".replication"),
                                               account.secondary_for_replication(), std::move(config));
  GeoReplication& ref = *link;
  account.set_replication_link(std::move(link));
  return ref;
}

}  // namespace drdrill::storage
