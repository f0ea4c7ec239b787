#pragma once
// Topology: the world a drill starts from — two regions, storage accounts, Azure SQL, the Hive
// metastore, the tables it lists, and the Databricks workspaces.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/enum_names.h"
#include "sim/sql_topology.h"
#include "sim/storage_topology.h"
#include "sim/workspace_topology.h"

namespace drdrill::sim {

// The two regions of an active-passive deployment. Names are free (Azure region names read best);
// the seed walkthrough runs East US -> West US.
struct Regions {
  std::string primary = "eastus";
  std::string secondary = "westus";

  bool contains(std::string_view region) const { return region == primary || region == secondary; }

  friend bool operator==(const Regions&, const Regions&) = default;
};

// The SQL database holding the Hive metastore schema, where tables are registered.
struct Metastore {
  std::string server;
  std::string database;

  friend bool operator==(const Metastore&, const Metastore&) = default;
};

enum class TableFormat { kDelta, kParquet };

template <>
struct EnumNames<TableFormat> {
  static constexpr std::array kEntries{
      std::pair{TableFormat::kDelta, std::string_view{"delta"}},
      std::pair{TableFormat::kParquet, std::string_view{"parquet"}},
  };
};

// A table registered in the metastore, with its data in storage.
struct Table {
  std::string name;  // "<database>.<table>"
  TableFormat format = TableFormat::kDelta;
  // abfss://<container>@<account>.dfs.core.windows.net/<path>, or dbfs:/mnt/<mount>/<path>, which
  // each workspace resolves through its own mounts (how the seed's passive workspace reads the
  // RA-GRS secondary under the same table paths).
  std::string location;
  std::vector<std::string> partition_columns;

  friend bool operator==(const Table&, const Table&) = default;
};

struct Topology {
  Regions regions;
  std::vector<StorageAccount> storage_accounts;
  SqlTopology sql;
  std::optional<Metastore> metastore;
  std::vector<Table> tables;
  std::vector<Workspace> workspaces;

  const StorageAccount* storage_account(std::string_view name) const;
  const Table* table(std::string_view name) const;
  const Workspace* workspace(std::string_view name) const;

  friend bool operator==(const Topology&, const Topology&) = default;
};

}  // namespace drdrill::sim
