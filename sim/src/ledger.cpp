#include "sim/ledger.h"

#include <algorithm>
#include <utility>

#include "core/ascii_case.h"
#include "storage/etag.h"
#include "storage/geo_replication.h"

namespace drdrill::sim {
namespace {

std::string describe(const sql::CommitEvent& commit) {
  return commit.server + "/" + commit.database + " commit " + std::to_string(commit.sequence);
}

}  // namespace

std::string_view to_string(Store store) {
  switch (store) {
    case Store::kStorage: return "storage";
    case Store::kMetastore: return "metastore";
    case Store::kDelta: return "delta";
  }
  return "?";
}

void DrillLedger::on_acknowledged(const sql::CommitEvent& commit) {
  if (by_id_.contains(commit.commit_id)) {
    problems_.push_back("SQL commit " + std::to_string(commit.commit_id) + " acknowledged twice (" + describe(commit) +
                        ")");
    return;
  }
  by_id_.emplace(commit.commit_id, commits_.size());
  commits_.push_back(Commit{commit, std::nullopt, false});
}

DrillLedger::Commit* DrillLedger::find(const sql::CommitEvent& commit, const char* fate) {
  const auto it = by_id_.find(commit.commit_id);
  if (it == by_id_.end()) {
    problems_.push_back(std::string("SQL commit ") + std::to_string(commit.commit_id) + " " + fate +
                        " but never acknowledged (" + describe(commit) + ")");
    return nullptr;
  }
  Commit& c = commits_[it->second];
  if (c.arrived || c.lost) {
    problems_.push_back(std::string("SQL commit ") + std::to_string(commit.commit_id) + " " + fate +
                        " after it had already " + (c.lost ? "been lost" : "arrived") + " (" + describe(commit) + ")");
    return nullptr;
  }
  return &c;
}

void DrillLedger::on_replicated(const sql::CommitEvent& commit, TimePoint at) {
  if (Commit* c = find(commit, "replicated")) c->arrived = at;
}

void DrillLedger::on_lost(const sql::CommitEvent& commit, TimePoint /*at*/) {
  if (Commit* c = find(commit, "lost")) c->lost = true;
}

std::vector<LedgerEntry> DrillLedger::entries(const storage::StorageState& storage) const {
  std::vector<LedgerEntry> out;
  // Storage: each geo-replicated account's own ledger, indexed for the Delta join.
  std::map<std::tuple<std::string, std::string, TimePoint>, std::size_t> storage_index;
  for (const auto& [name, account] : storage.accounts()) {
    // unique_ptr constness is shallow: the account itself is mutable, and replication_link() is too.
    const auto* link = dynamic_cast<const storage::GeoReplication*>(&account->replication_link());
    if (link == nullptr) continue;
    for (const storage::ReplicationRecord& r : link->ledger()) {
      storage_index.emplace(std::tuple{name, r.target, r.acknowledged}, out.size());
      out.push_back(LedgerEntry{Store::kStorage, name, r.kind + " " + r.target, r.bytes, r.acknowledged, r.arrived,
                                r.lost});
    }
  }
  std::map<std::tuple<std::string, std::string, std::uint64_t>, std::size_t> sql_index;
  for (const Commit& c : commits_) {
    sql_index.emplace(std::tuple{ascii_lower(c.event.server), ascii_lower(c.event.database), c.event.sequence}, out.size());
    out.push_back(LedgerEntry{Store::kMetastore, c.event.server + "/" + c.event.database,
                              "commit " + std::to_string(c.event.sequence), c.event.bytes, c.event.acknowledged_at,
                              c.arrived, c.lost});
  }
  for (const DeltaCommit& d : delta_) {
    LedgerEntry entry{Store::kDelta, d.table, d.what, d.bytes, d.acknowledged, std::nullopt, false};
    bool all_arrived = !d.parts.empty();
    TimePoint latest = d.acknowledged;
    for (const DeltaPart& part : d.parts) {
      if (part.store == Store::kStorage && !part.etag.empty()) {
        // Still there, as written? (A later write of the same name has another ETag.)
        const storage::Account* account = storage.find_account(part.where);
        const auto slash = part.target.find('/');
        const storage::Blob* blob = account == nullptr || slash == std::string::npos
                                        ? nullptr
                                        : account->primary().find_blob(part.target.substr(0, slash), part.target.substr(slash + 1));
        if (blob == nullptr || storage::format_etag(blob->etag) != part.etag) entry.lost = true;
      }
      std::optional<std::size_t> found;
      if (part.store == Store::kStorage) {
        if (const auto it = storage_index.find(std::tuple{part.where, part.target, part.acknowledged});
            it != storage_index.end()) {
          found = it->second;
        }
      } else {
        const auto slash = part.where.find('/');
        const std::string server = ascii_lower(part.where.substr(0, slash));
        const std::string database = slash == std::string::npos ? "" : ascii_lower(part.where.substr(slash + 1));
        if (const auto it = sql_index.find(std::tuple{server, database, part.sequence}); it != sql_index.end()) {
          found = it->second;
        }
      }
      // A part no replication ledger knows was not geo-replicated (an LRS account, a database with
      // no link): no failover can lose it, and it never "arrives" anywhere.
      if (!found) {
        all_arrived = false;
        continue;
      }
      const LedgerEntry& underneath = out[*found];
      if (underneath.lost) entry.lost = true;
      if (underneath.arrived) {
        latest = std::max(latest, *underneath.arrived);
      } else {
        all_arrived = false;
      }
    }
    if (all_arrived && !entry.lost) entry.arrived = latest;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace drdrill::sim
