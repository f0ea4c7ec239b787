#pragma once
// The report of a sweep: one scenario run over a range of seeds, each seed's outcome as a small
// value (verdict, RTO, RPO and lost writes per store, or the error that stopped it), and the
// distributions over them (p50/p95/p99/max of RTO and of each store's RPO) with the failing seeds
// and the command that replays each one.
//
// A shard (`--shard K/N`) holds the seeds of the range whose index i (seed = first_seed + i)
// satisfies i mod N == K-1. merge_sweeps() puts shards back together into exactly the report an
// unsharded run writes, so sweep.json and sweep.md are byte-identical either way: every statistic
// is computed at render time from the per-seed outcomes, which sweep.json carries in full.
//
// Everything here is a pure function of its inputs (no clock, no threads): outcomes are ordered by
// seed, so the bytes do not depend on how many workers ran them or in which order they finished.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sim/drill_result.h"

namespace drdrill::sweep {

// Which seeds of a range a run covers.
struct SeedRange {
  std::uint64_t first_seed = 1;
  std::uint64_t seeds = 0;        // the whole range: first_seed .. first_seed + seeds - 1
  std::uint64_t shard_index = 1;  // K of K/N, 1-based
  std::uint64_t shard_count = 1;  // N of K/N; 1 = unsharded

  bool sharded() const { return shard_count > 1; }
  // Whether the seed at this index of the range belongs to this shard.
  bool covers_index(std::uint64_t index) const { return index % shard_count == shard_index - 1; }
  // The seeds this shard runs, ascending.
  std::vector<std::uint64_t> seed_list() const;
};

// "K/N" with 1 <= K <= N -> (K, N); InvalidArgument otherwise.
Result<std::pair<std::uint64_t, std::uint64_t>> parse_shard(std::string_view text);

// One seed's drill, as the sweep keeps it.
struct SeedOutcome {
  std::uint64_t seed = 0;
  bool passed = false;                                  // the exit status of `drdrill run` for it
  std::string verdict;                                  // "pass", "fail", or "error" (did not run to the end)
  std::optional<double> rto_s;                          // absent: not recovered, or no outage
  std::map<std::string, std::optional<double>> rpo_s;  // store -> seconds (absent: the store saw no writes)
  std::map<std::string, std::int64_t> lost_writes;      // store -> count
  std::string error;                                    // why the drill stopped early ("" when it ran)
  bool outage = true;                                   // it had an outage to recover from
};

SeedOutcome outcome_of(const sim::DrillResult& result);
SeedOutcome outcome_of_error(std::uint64_t seed, const Status& status);

struct SweepReport {
  std::string scenario;       // the scenario's name
  std::string scenario_file;  // as given on the command line (for the replay commands)
  SeedRange range;
  std::vector<SeedOutcome> outcomes;  // ordered by seed, one per seed of the range's shard

  bool all_passed() const;
};

// Nearest-rank percentiles of one measure over the seeds that have it.
struct Distribution {
  std::size_t count = 0;    // seeds with a value
  std::size_t missing = 0;  // seeds without one (RTO: not recovered; RPO: the store saw no writes)
  double p50 = 0, p95 = 0, p99 = 0, max = 0;
};

// The smallest value v such that at least p% of `values` are <= v (p in (0, 100]); `values`
// need not be sorted. 0 for no values.
double nearest_rank_percentile(std::vector<double> values, double p);
Distribution distribution_of(const std::vector<std::optional<double>>& values);

// "drdrill run <file> --seed <n>".
std::string replay_command(const SweepReport& report, std::uint64_t seed);

// sweep.json: the range, the totals, the distributions, the failing seeds with their replay
// commands and every seed's outcome (what --merge reads back). Keys in a fixed order.
std::string render_sweep_json(const SweepReport& report);
// sweep.md: the same for people.
std::string render_sweep_markdown(const SweepReport& report);
// sweep.html: one self-contained page for a benchmark report: a histogram of RTO and of each
// store's RPO over the seeds with p50/p95/p99 marked, the distribution table, and every failing
// seed with its replay command.
std::string render_sweep_html(const SweepReport& report);
// A few lines for stdout.
std::string render_sweep_summary(const SweepReport& report);

// Reads a sweep.json back; InvalidArgument naming `display_name` and what is wrong.
Result<SweepReport> parse_sweep_json(std::string_view text, std::string_view display_name);

// Shards of one sweep -> the unsharded report. InvalidArgument when they are of different
// scenarios or ranges, overlap, or leave seeds of the range out (naming the missing shards).
Result<SweepReport> merge_sweeps(const std::vector<SweepReport>& shards);

}  // namespace drdrill::sweep
