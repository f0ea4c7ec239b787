#include "sim/storage_front.h"

#include <algorithm>
#include <utility>

#include "storage/blob_error.h"
#include "storage/geo_replication.h"

namespace drdrill::sim {
namespace {

constexpr std::string_view kSecondarySuffix = "-secondary";
constexpr std::size_t kRefusedSample = 20;

bool is_write(http::Method method) {
  return method == http::Method::kPut || method == http::Method::kPost || method == http::Method::kDelete ||
         method == http::Method::kPatch;
}

BlobEndpointOf from_label(std::string label) {
  BlobEndpointOf out;
  if (label.size() > kSecondarySuffix.size() && label.ends_with(kSecondarySuffix)) {
    out.secondary = true;
    label.resize(label.size() - kSecondarySuffix.size());
  }
  out.account = std::move(label);
  return out;
}

bool has_upper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

BlobEndpointOf blob_endpoint_of(const http::Request& request) {
  // Request::host() without its copy for the usual lower-case Host (every request a drill sends
  // comes through here).
  std::string_view host = request.host_without_port();
  std::string lowered;
  if (has_upper(host)) {
    lowered = request.host();
    host = lowered;
  }
  if (const auto dot = host.find(".blob."); dot != std::string_view::npos) return from_label(std::string(host.substr(0, dot)));
  std::string_view path = request.path();
  if (path.starts_with('/')) path.remove_prefix(1);
  return from_label(std::string(path.substr(0, path.find('/'))));
}

StorageFront::StorageFront(http::Handler inner, storage::BlobService* service, storage::StorageState& state,
                           const Clock& clock, RandomStream dns_rng)
    : inner_(std::move(inner)), service_(service), state_(state), clock_(clock), dns_rng_(dns_rng) {}

http::Handler StorageFront::handler() {
  return [this](const http::Request& request) { return handle(request); };
}

void StorageFront::set_dns_convergence(std::string account, Distribution seconds) {
  convergence_.insert_or_assign(std::move(account), seconds);
}

void StorageFront::set_account_outage(const storage::Account& account, storage::OutageMode mode) {
  if (mode == storage::OutageMode::kNone) {
    account_outages_.erase(account.name());
  } else {
    account_outages_.insert_or_assign(account.name(), AccountOutage{mode, account.config().primary_location});
  }
}

const StorageFront::AccountOutage* StorageFront::account_outage(std::string_view account) const {
  const auto it = account_outages_.find(account);
  if (it == account_outages_.end()) return nullptr;
  const storage::Account* a = state_.find_account(account);
  return a != nullptr && a->config().primary_location == it->second.region ? &it->second : nullptr;
}

const StorageFront::Stale* StorageFront::stale(const storage::Account& account) {
  const auto& failover_time = account.failover().last_geo_failover_time;
  if (!failover_time) return nullptr;
  auto it = stale_.find(account.name());
  if (it == stale_.end() || it->second.failover_time != *failover_time) {
    // The first request after this failover draws how long clients keep the old answer.
    double seconds = 0;
    if (const auto c = convergence_.find(account.name()); c != convergence_.end()) {
      seconds = std::max(0.0, c->second.sample(dns_rng_));
    }
    Duration window = from_seconds(seconds);
    window = std::max(window, cache_floor_);
    // The regions have swapped at completion: the old primary region is now the secondary one.
    Stale s{*failover_time, *failover_time + window, account.config().secondary_location};
    it = stale_.insert_or_assign(account.name(), std::move(s)).first;
  }
  return clock_.now() < it->second.until ? &it->second : nullptr;
}

storage::OutageMode StorageFront::outage_mode(const http::Request& request) {
  const BlobEndpointOf endpoint = blob_endpoint_of(request);
  if (!endpoint.secondary) {
    if (const AccountOutage* down = account_outage(endpoint.account)) return down->mode;
    if (const storage::Account* account = state_.find_account(endpoint.account)) {
      if (const Stale* s = stale(*account)) {
        const storage::OutageMode old = state_.outages().mode(s->old_region);
        if (old != storage::OutageMode::kNone) return old;
      }
    }
  }
  return service_ != nullptr ? service_->outage_mode(request) : storage::OutageMode::kNone;
}

http::Response StorageFront::handle(const http::Request& request) {
  const BlobEndpointOf endpoint = blob_endpoint_of(request);
  // The account behind a primary endpoint, looked up once (every request a drill sends comes here).
  storage::Account* account = endpoint.secondary ? nullptr : state_.find_account(endpoint.account);
  http::Response response;
  bool answered = false;
  // The account-outage map is consulted only while some account is down on its own.
  const bool account_down = account != nullptr && !account_outages_.empty() && account_outage(endpoint.account) != nullptr;
  if (account_down) {
    // The account's primary endpoint is down on its own: the service's own "unavailable" answer.
    response = storage::render_error(storage::errors::server_busy(), "drdrill-account-outage", clock_.now());
    answered = true;
  } else if (account != nullptr) {
    if (const Stale* s = stale(*account); s != nullptr && state_.outages().mode(s->old_region) != storage::OutageMode::kNone) {
      // Stale DNS: the request went to the old, dead region.
      response = storage::render_error(storage::errors::server_busy(), "drdrill-stale-dns", clock_.now());
      answered = true;
    }
  }
  // What the account's replication ledger holds before a write to its primary, to check after.
  std::optional<std::size_t> ledger_before;
  bool geo_redundant = false;
  if (!answered && account != nullptr && is_write(request.method) && request.query().find("comp=block&") == std::string_view::npos &&
      !request.query().ends_with("comp=block")) {
    geo_redundant = storage::is_geo_redundant(account->redundancy());
    if (const auto* geo = dynamic_cast<const storage::GeoReplication*>(&account->replication_link())) {
      ledger_before = geo->ledger().size();
    }
  }
  if (!answered) response = inner_(request);
  if (geo_redundant && response.status >= 200 && response.status < 300) {
    const auto* geo = dynamic_cast<const storage::GeoReplication*>(&account->replication_link());
    if (geo == nullptr || !ledger_before || geo->ledger().size() == *ledger_before) {
      unaccounted_.push_back(SecondaryWrite{clock_.now(), endpoint.account, std::string(http::to_string(request.method)),
                                            std::string(request.path()), response.status});
    }
  }
  if (endpoint.secondary && is_write(request.method)) {
    SecondaryWrite w{clock_.now(), endpoint.account, std::string(http::to_string(request.method)),
                     std::string(request.path()), response.status};
    if (response.status >= 200 && response.status < 300) {
      accepted_.push_back(w);
      if (accepted_listener_) accepted_listener_(accepted_.back());
    } else if (response.status == 403) {
      ++refused_count_;
      if (refused_.size() < kRefusedSample) refused_.push_back(std::move(w));
    }
  }
  return response;
}

}  // namespace drdrill::sim
