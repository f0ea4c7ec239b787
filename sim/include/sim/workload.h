#pragma once
// Workload: what writes to the world before and during the outage. Every write that gets
// acknowledged is recorded in the drill's ledger, which is what RPO and lost-write counts come from.
//
// - Job writes: a job's notebook inserts rows into a Delta table on every run (a Delta commit:
//   data files in storage plus a log entry, and the table in the metastore). Runs come from the
//   job's schedule, in whichever workspace the job is released.
// - Metastore DDL: partitions added or tables created at a fixed interval.
// - Blob writes: blobs written straight to a storage account at a fixed interval.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time.h"
#include "sim/time_window.h"

namespace drdrill::sim {

struct JobWrite {
  std::string job;    // a job name; applies to the job of that name in every workspace
  std::string table;  // a table of topology.tables
  std::int64_t rows_per_run = 1000;  // an assumption: a small batch
  std::int64_t bytes_per_row = 100;  // an assumption: a narrow row

  friend bool operator==(const JobWrite&, const JobWrite&) = default;
};

struct AddPartition {
  static constexpr std::string_view kOperation = "add_partition";
  std::string table;  // a partitioned table of topology.tables

  friend bool operator==(const AddPartition&, const AddPartition&) = default;
};

struct CreateTable {
  static constexpr std::string_view kOperation = "create_table";
  std::string database;  // the Hive database the new tables go in

  friend bool operator==(const CreateTable&, const CreateTable&) = default;
};

struct MetastoreDdl {
  Duration every{0};
  TimeWindow window;
  std::variant<AddPartition, CreateTable> operation;

  friend bool operator==(const MetastoreDdl&, const MetastoreDdl&) = default;
};

struct BlobWrite {
  std::string account;
  std::string container;
  Duration every{0};
  std::int64_t blob_bytes = 4096;  // an assumption: small landing files
  std::string prefix = "workload/";
  TimeWindow window;

  friend bool operator==(const BlobWrite&, const BlobWrite&) = default;
};

struct Workload {
  std::vector<JobWrite> job_writes;
  std::vector<MetastoreDdl> metastore_ddl;
  std::vector<BlobWrite> blob_writes;

  friend bool operator==(const Workload&, const Workload&) = default;
};

}  // namespace drdrill::sim
