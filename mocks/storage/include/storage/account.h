#pragma once
// Account: one storage account. It owns the primary copy of the data, the replicated copy the
// secondary endpoint reads, the staged blocks, the ETag sequence and the replication link that
// carries acknowledged writes from one copy to the other.
//
// Every data change enters through acknowledge(): applied to the primary copy, then handed to the
// replication link. So nothing reaches the secondary except through replication, and the ledger of
// a geo-replication model sees every acknowledged write.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"
#include "core/time.h"
#include "storage/blob_store.h"
#include "storage/etag.h"
#include "storage/mutation.h"
#include "storage/region_outage.h"
#include "storage/replication_link.h"
#include "storage/staged_blocks.h"

namespace drdrill::storage {

// Replication of the account (the SKU's suffix).
enum class Redundancy { kLrs, kZrs, kGrs, kRaGrs, kGzrs, kRaGzrs };

// Whether the account keeps a copy in a paired region.
bool is_geo_redundant(Redundancy r);
// Whether that copy can be read through the -secondary endpoint (RA-*).
bool has_readable_secondary(Redundancy r);
// "Standard_RAGRS" etc., as ARM spells the SKU.
std::string_view sku_name(Redundancy r);
// The inverse, ignoring ASCII case ("standard_ragrs" too); nullopt for any other name (Premium
// SKUs are not modelled).
std::optional<Redundancy> parse_sku_name(std::string_view name);

struct AccountConfig {
  std::string name;
  std::string key1;  // base64, as in a connection string
  std::string key2;
  Redundancy redundancy = Redundancy::kRaGrs;
  std::string primary_location = "eastus";
  std::string secondary_location = "westus";

  // Azurite's well-known development account, so the usual connection strings work unchanged.
  static AccountConfig devstoreaccount1();
};

// What an account failover in progress does to the account's endpoints, and what the last one left
// behind. Set by AccountFailovers (storage/account_failover.h); read by the Blob service and ARM.
struct FailoverState {
  bool in_progress = false;
  // How both endpoints fail while a failover switches regions; kNone while they serve.
  OutageMode endpoints_down = OutageMode::kNone;
  // The primary refuses writes (the first phase of a planned failover).
  bool primary_read_only = false;
  // When the last failover completed (ARM's lastGeoFailoverTime).
  std::optional<TimePoint> last_geo_failover_time;
};

class Account {
 public:
  // Fails if the name is not a valid account name (3-24 lower-case letters and digits) or a key is
  // not base64.
  static Result<std::unique_ptr<Account>> create(AccountConfig config);

  Account(const Account&) = delete;
  Account& operator=(const Account&) = delete;

  const std::string& name() const { return config_.name; }
  const AccountConfig& config() const { return config_; }
  Redundancy redundancy() const { return config_.redundancy; }
  void set_redundancy(Redundancy r) { config_.redundancy = r; }

  // The region the account was created in. ARM's "location" keeps it through failovers: the
  // storage resource provider itself does not fail over (dr-parameters 2a.9).
  const std::string& home_location() const { return home_location_; }
  // The primary and paired secondary regions trade places (a failover completing). A non-geo-
  // redundant account keeps its pair in secondary_location, for when geo-redundancy returns.
  void swap_locations() { std::swap(config_.primary_location, config_.secondary_location); }

  const FailoverState& failover() const { return failover_; }
  FailoverState& failover() { return failover_; }

  // The decoded account keys; a SharedKey or SAS signature made with either is valid.
  const std::array<std::string, 2>& signing_keys() const { return keys_; }

  const BlobStore& primary() const { return primary_; }
  // The replicated copy, served by the -secondary endpoint.
  const BlobStore& secondary() const { return secondary_; }
  // Mutable access for the replication link that feeds the secondary copy.
  BlobStore& secondary_for_replication() { return secondary_; }

  // Unplanned failover: the replicated copy becomes the primary copy (whatever had not arrived is
  // gone), the secondary copy is emptied and blocks staged on the old primary are dropped. The
  // BlobStore objects stay where they are, so the replication link's reference remains valid.
  void promote_secondary_copy();
  // Replaces the secondary copy: empty when geo-redundancy is switched off, a seed of the primary
  // when a reseed completes.
  void replace_secondary_copy(BlobStore copy) { secondary_ = std::move(copy); }
  // Drops every uncommitted block (they live in the primary region and are not replicated).
  void drop_staged_blocks() { staged_ = StagedBlocks(); }

  // Replaces the link (the default applies writes at once, see ImmediateReplication).
  void set_replication_link(std::unique_ptr<ReplicationLink> link) { link_ = std::move(link); }
  ReplicationLink& replication_link() { return *link_; }
  GeoReplicationStats geo_replication_stats(TimePoint now) const { return link_->stats(now); }

  // The ETag for a write made at `now`; strictly increasing within the account.
  std::uint64_t next_etag(TimePoint now) { return etags_.next(now); }

  // Applies an acknowledged write to the primary copy and, if the account is geo-redundant, hands it
  // to the replication link. The caller has validated it (a blob write names an existing container).
  void acknowledge(Mutation write, TimePoint now);

  // Told of every change to the primary copy, after it is made: `on_write` for each acknowledged
  // write, `on_replaced` when the whole copy was replaced (an unplanned failover promoted the
  // replicated copy). `drdrill serve --state-dir` keeps the primary copy in a file this way.
  struct PrimaryCopyObserver {
    std::function<void(const Account&, const Mutation&)> on_write;
    std::function<void(const Account&)> on_replaced;
  };
  void observe_primary_copy(PrimaryCopyObserver observer) { observer_ = std::move(observer); }

  // Puts a write kept by an earlier run (a restart of `drdrill serve --state-dir`) on both copies,
  // as if replication had caught up while the server was down: no replication, no observer, no
  // ledger. Keeps later ETags above the restored one. Fails as BlobStore::apply does.
  Status restore(const Mutation& write);

  // A shared instance equal to `properties`: the default one, or the last one interned if equal
  // (a workload writes run after run of blobs alike), else a new one.
  std::shared_ptr<const BlobProperties> intern(BlobProperties properties);

  StagedBlocks& staged_blocks() { return staged_; }
  const StagedBlocks& staged_blocks() const { return staged_; }

 private:
  explicit Account(AccountConfig config, std::array<std::string, 2> keys);

  AccountConfig config_;
  std::string home_location_;
  FailoverState failover_;
  std::array<std::string, 2> keys_;
  BlobStore primary_;
  BlobStore secondary_;
  StagedBlocks staged_;
  EtagSequence etags_;
  std::unique_ptr<ReplicationLink> link_;
  std::shared_ptr<const BlobProperties> default_properties_;
  std::shared_ptr<const BlobProperties> last_properties_;
  PrimaryCopyObserver observer_;
};

}  // namespace drdrill::storage
