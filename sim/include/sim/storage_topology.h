#pragma once
// A storage account as a scenario declares it: where it lives, how it replicates, and the timings
// of its failovers. The engine builds a storage::Account (mocks/storage) from it and attaches a
// GeoReplication with `replication_lag_s` when the redundancy is geo-redundant.
//
// Defaults come from shared/reference/dr-parameters.md; the row is cited on each one.

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/distribution.h"
#include "sim/enum_names.h"

namespace drdrill::sim {

// The SKU's replication suffix.
enum class Redundancy { kLrs, kZrs, kGrs, kRaGrs, kGzrs, kRaGzrs };

template <>
struct EnumNames<Redundancy> {
  static constexpr std::array kEntries{
      std::pair{Redundancy::kLrs, std::string_view{"LRS"}},     std::pair{Redundancy::kZrs, std::string_view{"ZRS"}},
      std::pair{Redundancy::kGrs, std::string_view{"GRS"}},     std::pair{Redundancy::kRaGrs, std::string_view{"RA-GRS"}},
      std::pair{Redundancy::kGzrs, std::string_view{"GZRS"}},   std::pair{Redundancy::kRaGzrs, std::string_view{"RA-GZRS"}},
  };
};

// Keeps a copy in the paired region (GRS, RA-GRS, GZRS, RA-GZRS).
bool is_geo_redundant(Redundancy r);
// That copy is readable through `<account>-secondary` (RA-GRS, RA-GZRS).
bool has_readable_secondary(Redundancy r);

struct StorageAccount {
  std::string name;    // 3-24 lower-case letters and digits
  std::string region;  // the primary location; the secondary copy lives in the other region
  Redundancy redundancy = Redundancy::kRaGrs;  // the seed walkthrough's choice
  std::vector<std::string> containers;         // created before the drill starts

  // Acknowledgement on the primary to arrival on the secondary, seconds. S1: "typically < 15 min",
  // no SLA; log-normal with P(lag <= 15 min) = 0.99, median 2 min.
  Distribution replication_lag_s = Distribution::lognormal(120, 900);
  // Customer-managed failover, request to completion, seconds. S3 (unplanned) and S4 (planned):
  // "typically about an hour"; Triangular(15, 40, 60) min. S3's 5 % tail to 120 min is left to the
  // slow_storage_failover fault.
  Distribution unplanned_failover_s = Distribution::triangular(900, 2400, 3600);
  Distribution planned_failover_s = Distribution::triangular(900, 2400, 3600);
  // S6: clients still reach the old endpoint for this long after the DNS switch (undocumented;
  // U(0, 300 s) placeholder).
  Distribution dns_convergence_s = Distribution::uniform(0, 300);
  // S7: throughput of re-seeding the secondary after GRS is re-enabled, TB per day (placeholder
  // 1-10 TB/day; the docs only say "significant amount of time").
  Distribution reseed_tb_per_day = Distribution::uniform(1, 10);
  // Data already in the account before the drill (it bounds the re-seed time with S7), GB.
  // An assumption: no reference figure.
  double data_size_gb = 1000;

  bool has_container(std::string_view container) const;

  friend bool operator==(const StorageAccount&, const StorageAccount&) = default;
};

}  // namespace drdrill::sim
