#include "serve/served_storage.h"

#include <array>

#include "core/distribution.h"

namespace drdrill::serve {

using storage::OutageMode;

std::optional<OutageMode> parse_outage_mode(std::string_view name) {
  for (OutageMode mode : {OutageMode::kNone, OutageMode::kRefuseConnections, OutageMode::kServerBusy, OutageMode::kHang}) {
    if (storage::to_string(mode) == name) return mode;
  }
  return std::nullopt;
}

std::optional<http::Response> outage_response(OutageMode mode) {
  http::Response response;
  switch (mode) {
    case OutageMode::kNone:
    case OutageMode::kServerBusy:
      return std::nullopt;
    case OutageMode::kRefuseConnections:
      // A listener cannot refuse a connection before it knows which endpoint it is for (path-style
      // endpoints share a port), so the connection is reset unanswered: to a client, a network
      // error of the same family (ECONNRESET rather than ECONNREFUSED), retried alike.
      response.disposition = http::Disposition::kCloseWithoutResponse;
      return response;
    case OutageMode::kHang:
      response.disposition = http::Disposition::kHold;
      return response;
  }
  return std::nullopt;
}

ServedStorage::ServedStorage(ServedStorageConfig config, const Clock& clock, const Random& random)
    : config_(std::move(config)), state_(random), service_(state_, clock) {}

Result<std::unique_ptr<ServedStorage>> ServedStorage::create(ServedStorageConfig config, Scheduler& scheduler,
                                                             const Random& random) {
  auto lag = Distribution::make_lognormal(config.lag_s_median, config.lag_s_p99);
  if (!lag.ok()) return Status::InvalidArgument("replication lag: " + lag.status().message());

  storage::AccountConfig account;
  account.name = config.account;
  account.key1 = config.key1;
  account.key2 = config.key2;
  account.redundancy = storage::Redundancy::kRaGrs;
  account.primary_location = config.primary_region;
  account.secondary_location = config.secondary_region;
  if (config.primary_region == config.secondary_region) {
    return Status::InvalidArgument("the primary and secondary regions must differ (both are '" +
                                   config.primary_region + "')");
  }

  std::unique_ptr<ServedStorage> world(new ServedStorage(std::move(config), scheduler, random));
  auto added = world->state_.add_account(std::move(account));
  if (!added.ok()) return Status::InvalidArgument(added.status().message());
  world->account_ = added.value();
  world->replication_ = &storage::enable_geo_replication(*world->account_, scheduler, random,
                                                         storage::GeoReplicationConfig{*lag});
  for (const auto& [region, mode] : world->config_.outages) world->state_.outages().set(region, mode);
  world->failovers_ =
      std::make_unique<storage::AccountFailovers>(world->state_, scheduler, random, world->config_.failover);
  return world;
}

bool ServedStorage::any_endpoint_down() const {
  const storage::RegionOutages& outages = state_.outages();
  for (const auto& [name, account] : state_.accounts()) {
    if (account->failover().endpoints_down != OutageMode::kNone) return true;
    if (outages.mode(account->config().primary_location) != OutageMode::kNone) return true;
    if (outages.mode(account->config().secondary_location) != OutageMode::kNone) return true;
  }
  return false;
}

http::Handler ServedStorage::blob_handler() {
  return [this](const http::Request& request) {
    // BlobService::outage_mode() addresses the request a second time; it can only answer other than
    // kNone while some endpoint is down, so the common case skips it.
    if (any_endpoint_down()) {
      if (auto failure = outage_response(service_.outage_mode(request))) return std::move(*failure);
    }
    return service_.handle(request);
  };
}

}  // namespace drdrill::serve
