// Throughput of the SQL model: what one simulated metastore can do per second of wall time.
//
//   cmake --preset release && cmake --build --preset release --target sql_bench
//   build/release/bench/sql/sql_bench
//
// - MetastoreCreateTableAndAddPartition: one create_table + one add_partition through a JDBC URL
//   (connect, DNS cache, login, SQL with bound parameters, SEQUENCE_TABLE ids), per iteration.
// - MetastoreGetTable: get_table of one of 1,000 tables (columns, serde, keys, params).
// - ChangesetApply: applying pre-captured metastore commits (create table, add partition) on a
//   secondary, in order: the replica side of geo-replication.
// - GeoReplicationEndToEnd: create_table on the primary, shipped after the seeded lag and applied,
//   in simulated time (scheduler events included).

#include <benchmark/benchmark.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/simulated_scheduler.h"
#include "sql/geo_replication.h"
#include "sql/metastore_client.h"
#include "sql/metastore_schema.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"

namespace drdrill::sql {
namespace {

constexpr const char* kUrl = "jdbc:sqlserver://hms-weu.database.windows.net:1433;database=hms";

HiveTable table_named(const std::string& name) {
  HiveTable t;
  t.db_name = "default";
  t.table_name = name;
  t.table_type = kExternalTable;
  t.sd.cols = {{"id", "bigint", ""}, {"customer", "string", ""}, {"amount", "decimal(10,2)", ""},
               {"ts", "timestamp", ""}};
  t.sd.location = "abfss://data@lake.dfs.core.windows.net/" + name;
  t.sd.serde_info.serialization_lib = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  t.partition_keys = {{"ds", "string", ""}};
  t.parameters = {{"EXTERNAL", "TRUE"}, {"spark.sql.sources.provider", "parquet"}};
  return t;
}

// "t42". (Not `table_name(i)`: GCC 12 reports a false -Wrestrict for it at -O3.)
std::string table_name(std::int64_t i) { return std::string("t").append(std::to_string(i)); }

// One server with a metastore, reached through a JDBC URL.
struct World {
  explicit World(const Clock& clock) : service(clock), client(service, clock) {
    auto server = service.create_server({"hms-weu", "westeurope", "sqladmin", "pw"});
    (void)(*server)->add_login("hive", "h1ve");
    (void)(*server)->create_database("hms");
    auto admin = client.connect(kUrl, "sqladmin", "pw");
    (void)install_metastore_schema(*admin);
    metastore.emplace(std::move(MetastoreClient::for_jdbc_url(client, kUrl, "hive", "h1ve", clock).value()));
    (void)metastore->ensure_default_database();
  }
  SqlService service;
  SqlClient client;
  std::optional<MetastoreClient> metastore;
};

void MetastoreCreateTableAndAddPartition(benchmark::State& state) {
  ManualClock clock;
  World world(clock);
  std::int64_t i = 0;
  for (auto _ : state) {
    const std::string name = table_name(i++);
    if (!world.metastore->create_table(table_named(name)).ok()) state.SkipWithError("create_table failed");
    if (!world.metastore->add_partition({{"2026-01-01"}, "default", name, 0, 0, {}, {}}).ok()) {
      state.SkipWithError("add_partition failed");
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["metastore_ops"] =
      benchmark::Counter(2.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(MetastoreCreateTableAndAddPartition);

void MetastoreGetTable(benchmark::State& state) {
  ManualClock clock;
  World world(clock);
  constexpr int kTables = 1000;
  for (int i = 0; i < kTables; ++i) (void)world.metastore->create_table(table_named(table_name(i)));
  int i = 0;
  for (auto _ : state) {
    auto t = world.metastore->get_table("default", table_name(i++ % kTables));
    if (!t.ok()) state.SkipWithError("get_table failed");
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(MetastoreGetTable);

void ChangesetApply(benchmark::State& state) {
  constexpr int kCommits = 500;
  ManualClock clock;
  for (auto _ : state) {
    state.PauseTiming();
    World primary(clock);
    Database& source = *primary.service.database("hms-weu", "hms");
    auto replica = Database::open({"hms-neu", "hms", {}}, clock);
    (void)(*replica)->seed_from(source);
    std::vector<CommitRecord> log;
    (void)source.start_capture([&](CommitRecord r) { log.push_back(std::move(r)); });
    for (int i = 0; i < kCommits / 2; ++i) {
      const std::string name = table_name(i);
      (void)primary.metastore->create_table(table_named(name));
      (void)primary.metastore->add_partition({{"2026-01-01"}, "default", name, 0, 0, {}, {}});
    }
    state.ResumeTiming();
    for (const auto& record : log) {
      if (!(*replica)->apply(record).ok()) state.SkipWithError("apply failed");
    }
  }
  state.SetItemsProcessed(state.iterations() * kCommits);
}
BENCHMARK(ChangesetApply)->Unit(benchmark::kMillisecond);

void GeoReplicationEndToEnd(benchmark::State& state) {
  SimulatedScheduler scheduler;
  World world(scheduler);
  (void)world.service.create_server({"hms-neu", "northeurope", "sqladmin", "pw"});
  GeoReplication geo(world.service, scheduler, Random(1));
  const std::string link = geo.create_link("hms-weu", "hms", "hms-neu").value();
  (void)scheduler.run_for(std::chrono::minutes(1));
  std::int64_t i = 0;
  for (auto _ : state) {
    (void)world.metastore->create_table(table_named(table_name(i++)));
    (void)scheduler.run_for(std::chrono::milliseconds(100));
  }
  (void)scheduler.run();
  if (geo.link(link)->commits_in_flight != 0) state.SkipWithError("commits left in flight");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(GeoReplicationEndToEnd);

}  // namespace
}  // namespace drdrill::sql
