#pragma once
// The options `drdrill run` and `drdrill serve` share for what a finished drill leaves behind:
// --format, --history and --label (reports/drill_outputs.h does the writing).

#include <CLI/CLI.hpp>

#include <string>

namespace drdrill::cli {

inline void add_drill_output_options(CLI::App* sub, std::string& formats, std::string& history_file,
                                     std::string& history_label) {
  sub->add_option("--format", formats,
                  "Reports to write: any of json,md,junit,html (default: json,md,junit; html is a self-contained page "
                  "with a recovery chart)");
  auto* history = sub->add_option("--history", history_file,
                                  "Also record the drill in this results history (a SQLite file, created if missing; "
                                  "list it with `drdrill history FILE`)");
  sub->add_option("--label", history_label,
                  "Words to keep with the recorded drill (a commit, a change ticket, \"2026 Q4 drill\")")
      ->needs(history);
}

}  // namespace drdrill::cli
