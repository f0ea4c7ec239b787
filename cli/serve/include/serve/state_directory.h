#pragma once
// The directory `drdrill serve --state-dir DIR` keeps a world's state in, so the served state
// survives the server being killed and restarted:
//
//   DIR/drdrill-state.json      the manifest: whose state this is (format, scenario, topology)
//   DIR/sql/<server>/<db>.db    every SQL database, a SQLite file in WAL mode (-wal and -shm beside)
//   DIR/blob.db                 every storage account's primary Blob copy, SQLite in WAL mode
//
// The manifest is written when the directory is first used. A later run must serve the same
// scenario (its name) with the same topology (what the files' shape depends on); anything else is
// refused, naming the manifest, rather than mixing two worlds' data. Faults, probes, workload and
// run settings may change between runs.

#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace drdrill::serve {

// The manifest's format; a directory written in another format is refused.
inline constexpr int kStateFormat = 1;
inline constexpr const char* kStateManifestName = "drdrill-state.json";

struct StateDirectory {
  std::filesystem::path dir;  // absolute
  bool resumed = false;       // it held an earlier run's state
  std::int64_t run = 1;       // which run on this directory this is (the manifest counts them)
};

// Creates DIR (and its manifest) if it is missing or empty; otherwise checks the manifest against
// the scenario. InvalidArgument naming the file for a directory that is not a drdrill state
// directory, is of another format, or belongs to another scenario or topology; Unavailable if
// the directory cannot be created or read.
Result<StateDirectory> open_state_directory(const std::filesystem::path& dir, const std::string& scenario_name,
                                            const nlohmann::json& topology);

}  // namespace drdrill::serve
