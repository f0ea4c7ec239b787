#pragma once
// Test helper: one RA-GRS storage account ("lake") served by the storage fake's Blob service, with
// a replication link the test controls write by write — so a test can say exactly which files
// reached the secondary ("the log arrived, the data file did not").

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>
#include <string>

#include "core/clock.h"
#include "databricks/mounts.h"
#include "http/handler.h"
#include "storage/blob_service.h"
#include "storage/replication_link.h"
#include "storage/shared_key.h"
#include "storage/storage_state.h"

namespace drdrill::testing {

inline constexpr const char* kLakeAccount = "lake";
// Azurite's published development key (not a secret), reused for the test account.
inline constexpr const char* kLakeKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

// Holds every acknowledged write until the test delivers it to the secondary copy.
class HeldReplication final : public storage::ReplicationLink {
 public:
  explicit HeldReplication(storage::BlobStore& secondary) : secondary_(secondary) {}

  void replicate(storage::Mutation write, TimePoint) override { held_.push_back(std::move(write)); }
  storage::GeoReplicationStats stats(TimePoint) const override { return {}; }

  // Delivers, in acknowledgement order, the held writes whose "container/blob" target satisfies
  // `wanted`; returns how many.
  int deliver_if(const std::function<bool(const std::string& target)>& wanted) {
    int delivered = 0;
    for (auto it = held_.begin(); it != held_.end();) {
      if (!wanted(storage::target_name(*it))) {
        ++it;
        continue;
      }
      EXPECT_TRUE(secondary_.apply(*it).ok());
      it = held_.erase(it);
      ++delivered;
    }
    return delivered;
  }
  int deliver_all() {
    return deliver_if([](const std::string&) { return true; });
  }
  std::size_t held() const { return held_.size(); }

 private:
  storage::BlobStore& secondary_;
  std::deque<storage::Mutation> held_;
};

class LakeStorage {
 public:
  // `clock` must outlive this object.
  explicit LakeStorage(const Clock& clock, std::string container = "data") : clock_(clock), service_(state_, clock) {
    storage::AccountConfig config;
    config.name = kLakeAccount;
    config.key1 = kLakeKey;
    config.key2 = kLakeKey;
    account_ = state_.add_account(config).value();
    create_container(container);  // replicated at once, before the held link is attached
    auto link = std::make_unique<HeldReplication>(account_->secondary_for_replication());
    link_ = link.get();
    account_->set_replication_link(std::move(link));
  }

  http::Handler handler() {
    return [this](const http::Request& r) { return service_.handle(r); };
  }
  std::map<std::string, std::string> keys() const { return {{kLakeAccount, kLakeKey}}; }

  storage::StorageState& state() { return state_; }
  storage::Account& account() { return *account_; }
  HeldReplication& replication() { return *link_; }

  static databricks::StorageLocation location(std::string path, bool secondary = false, std::string container = "data") {
    return databricks::StorageLocation{std::move(container), kLakeAccount, secondary, std::move(path)};
  }

  // What the primary (or secondary) copy holds at "container/blob", or nullptr.
  const storage::Blob* blob(const std::string& container, const std::string& name, bool secondary = false) const {
    return (secondary ? account_->secondary() : account_->primary()).find_blob(container, name);
  }

  // Deletes a blob on the primary through the API (a test's way of losing a file).
  int delete_blob(const std::string& container, const std::string& name) {
    http::Request r = base(http::Method::kDelete, "/" + container + "/" + name);
    storage::sign_shared_key(r, kLakeAccount, account_->signing_keys()[0]);
    return service_.handle(r).status;
  }

  void create_container(const std::string& name) {
    http::Request r = base(http::Method::kPut, "/" + name + "?restype=container");
    r.headers.add("Content-Length", "0");
    storage::sign_shared_key(r, kLakeAccount, account_->signing_keys()[0]);
    ASSERT_EQ(service_.handle(r).status, 201);
  }

 private:
  http::Request base(http::Method method, std::string target) const {
    http::Request r;
    r.method = method;
    r.target = std::move(target);
    r.headers.add("Host", std::string(kLakeAccount) + ".blob.core.windows.net");
    r.headers.add("x-ms-version", "2025-11-05");
    r.headers.add("x-ms-date", format_rfc1123(clock_.now()));
    return r;
  }

  const Clock& clock_;
  storage::StorageState state_;
  storage::BlobService service_;
  storage::Account* account_ = nullptr;
  HeldReplication* link_ = nullptr;
};

}  // namespace drdrill::testing
