#pragma once
// Probes: what "service restored" means. Each probe runs on its own schedule for the whole drill;
// RTO is the time from the outage's start (see outage_start in sim/fault_injector.h) to the moment
// every probe has succeeded again (the latest of their first successes after that). A probe marked expect_failure is a negative check instead.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time.h"

namespace drdrill::sim {

// Reads a table (counts its rows) through the active workspace's cluster.
struct TableReadProbe {
  static constexpr std::string_view kKind = "table_read";
  std::string table;  // empty: every table of the topology
  friend bool operator==(const TableReadProbe&, const TableReadProbe&) = default;
};

// Runs a SQL statement through the active workspace.
struct QueryProbe {
  static constexpr std::string_view kKind = "query";
  std::string statement;
  friend bool operator==(const QueryProbe&, const QueryProbe&) = default;
};

// A canary write: inserts rows into a table through the active workspace (ledgered like any write).
struct TableWriteProbe {
  static constexpr std::string_view kKind = "table_write";
  std::string table;
  std::int64_t rows = 1;
  friend bool operator==(const TableWriteProbe&, const TableWriteProbe&) = default;
};

// A canary blob written to the account's primary endpoint (whichever region serves it).
struct BlobWriteProbe {
  static constexpr std::string_view kKind = "blob_write";
  std::string account;
  std::string container;
  friend bool operator==(const BlobWriteProbe&, const BlobWriteProbe&) = default;
};

using ProbeKind = std::variant<TableReadProbe, QueryProbe, TableWriteProbe, BlobWriteProbe>;

struct Probe {
  std::string name;
  std::string workspace;  // empty: whichever workspace is active (released) at the time
  Duration interval = std::chrono::seconds(30);  // D1's probing interval
  Duration timeout = std::chrono::seconds(10);   // D3's probe timeout
  // A negative check (a write through a read-only endpoint): it must never succeed. Left out of
  // RTO; a success is the finding unexpected_probe_success.
  bool expect_failure = false;
  ProbeKind what;

  std::string_view kind() const;

  friend bool operator==(const Probe&, const Probe&) = default;
};

// What a scenario gets when it lists no probes: read every table through the active workspace.
std::vector<Probe> default_probes();

}  // namespace drdrill::sim
