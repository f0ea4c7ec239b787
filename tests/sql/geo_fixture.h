#pragma once
// Two regions, a metastore database on the primary server geo-replicated to the secondary, a
// recording ledger — all in simulated time.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/random.h"
#include "core/simulated_scheduler.h"
#include "sql/geo_replication.h"
#include "sql/metastore_client.h"
#include "sql/metastore_schema.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"

namespace drdrill::sql::testing {

// What the drill's ledger would keep: every commit and its fate.
class RecordingLedger : public ReplicationLedger {
 public:
  struct Entry {
    CommitEvent event;
    std::optional<TimePoint> replicated_at;
    std::optional<TimePoint> lost_at;
  };
  void on_acknowledged(const CommitEvent& c) override { entries[c.commit_id] = Entry{c, {}, {}}; }
  void on_replicated(const CommitEvent& c, TimePoint at) override {
    Entry& e = entries.at(c.commit_id);
    EXPECT_FALSE(e.replicated_at || e.lost_at) << "commit " << c.commit_id << " settled twice";
    e.replicated_at = at;
  }
  void on_lost(const CommitEvent& c, TimePoint at) override {
    Entry& e = entries.at(c.commit_id);
    EXPECT_FALSE(e.replicated_at || e.lost_at) << "commit " << c.commit_id << " settled twice";
    e.lost_at = at;
  }
  std::size_t count_lost() const {
    std::size_t n = 0;
    for (const auto& [id, e] : entries) n += e.lost_at ? 1 : 0;
    return n;
  }
  std::size_t count_in_flight() const {
    std::size_t n = 0;
    for (const auto& [id, e] : entries) n += (!e.lost_at && !e.replicated_at) ? 1 : 0;
    return n;
  }

  std::map<std::uint64_t, Entry> entries;  // by commit id
};

inline constexpr const char* kPrimaryUrl = "jdbc:sqlserver://hms-weu.database.windows.net:1433;database=hms";
inline constexpr const char* kSecondaryUrl = "jdbc:sqlserver://hms-neu.database.windows.net:1433;database=hms";

class GeoFixture : public ::testing::Test {
 protected:
  // Tests that need exact timings override these before SetUp runs (in their constructor).
  GeoReplicationOptions options_;
  bool secondary_has_login_ = true;

  void SetUp() override {
    geo_.emplace(service_, scheduler_, random_, options_);
    geo_->set_ledger(&ledger_);
    auto weu = service_.create_server({"hms-weu", "westeurope", "sqladmin", "Adm1n!"});
    auto neu = service_.create_server({"hms-neu", "northeurope", "sqladmin", "Adm1n!"});
    ASSERT_TRUE(weu.ok() && neu.ok());
    ASSERT_TRUE((*weu)->add_login("hive", "h1ve").ok());
    if (secondary_has_login_) {
      ASSERT_TRUE((*neu)->add_login("hive", "h1ve").ok());
    }
    ASSERT_TRUE((*weu)->create_database("hms").ok());
    auto admin = client_.connect(kPrimaryUrl, "sqladmin", "Adm1n!");
    ASSERT_TRUE(admin.ok());
    ASSERT_TRUE(install_metastore_schema(*admin).ok());
    auto link = geo_->create_link("hms-weu", "hms", "hms-neu");
    ASSERT_TRUE(link.ok()) << link.status().to_string();
    link_id_ = *link;
    ASSERT_TRUE(scheduler_.run_for(1min).ok());  // seeding a small database takes well under a minute
    ASSERT_EQ(geo_->link(link_id_)->state, LinkState::kCatchUp);
    primary_hms_.emplace(make_metastore(kPrimaryUrl));
    ASSERT_TRUE(primary_hms_->ensure_default_database().ok());
    ASSERT_TRUE(scheduler_.run_for(1min).ok());
  }

  MetastoreClient make_metastore(const char* url) {
    auto m = MetastoreClient::for_jdbc_url(client_, url, "hive", "h1ve", scheduler_);
    EXPECT_TRUE(m.ok());
    return std::move(m).value();
  }

  static HiveTable table_named(const std::string& name) {
    HiveTable t;
    t.db_name = "default";
    t.table_name = name;
    t.table_type = kExternalTable;
    t.sd.cols = {{"id", "bigint", ""}, {"payload", "string", ""}};
    t.sd.location = "abfss://data@lake.dfs.core.windows.net/" + name;
    t.partition_keys = {{"ds", "string", ""}};
    return t;
  }

  // Runs the world until `condition` holds, at most `limit` of simulated time.
  template <typename Condition>
  bool run_until(Condition condition, Duration limit = 1h) {
    const TimePoint deadline = scheduler_.now() + limit;
    while (!condition()) {
      if (scheduler_.now() >= deadline || !scheduler_.step()) return condition();
    }
    return true;
  }

  Database& primary_db() { return *service_.database("hms-weu", "hms"); }
  Database& secondary_db() { return *service_.database("hms-neu", "hms"); }

  SimulatedScheduler scheduler_;
  Random random_{20260101};
  SqlService service_{scheduler_};
  std::optional<GeoReplication> geo_;
  RecordingLedger ledger_;
  SqlClient client_{service_, scheduler_};
  std::string link_id_;
  std::optional<MetastoreClient> primary_hms_;
};

}  // namespace drdrill::sql::testing
