#pragma once
// `drdrill run FILE [--seed N] [--out DIR] [--format json,md,junit,html]`: load the scenario, run the
// drill in simulated time (sim::run_drill), write the reports and print the summary, which ends
// with the command that replays the run. Progress (one line per simulated hour) goes to `err`
// when asked for.
//
// Exit codes (cli/exit_codes.h): 0 the drill passed (or, for a negative scenario, failed as its
// `expect` block says); 1 it ran to the end and an assertion failed (or the expectation was not
// met); 2 invalid input (unreadable or invalid scenario, unknown format, something drdrill run
// cannot do yet); 3 internal (a simulation bound hit, a model that refused the setup).

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace drdrill::reports {

struct RunCommandOptions {
  std::string file;
  std::optional<std::uint64_t> seed;
  std::string out_dir = ".";
  std::string formats = "json,md,junit";
  bool progress = false;
  // `--history FILE`: append the drill to this results history (reports/results_history.h),
  // opened before the drill runs so that a wrong file fails at once; empty: keep no history.
  std::string history_file;
  std::string history_label;
  std::string recorded_at;  // the CLI's wall clock: the only value here that is not simulated
  std::string drdrill_version;
};

int run_command(const RunCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace drdrill::reports
