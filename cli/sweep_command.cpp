#include "sweep_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "exit_codes.h"
#include "sim/scenario_loader.h"
#include "sweep/sweep_report.h"
#include "sweep/sweep_runner.h"

namespace drdrill::cli {
namespace {

struct SweepCommandOptions {
  std::string file;
  std::uint64_t seeds = 0;
  std::uint64_t first_seed = 0;
  unsigned jobs = 0;
  std::string shard;
  std::string out_dir = ".";
  std::vector<std::string> merge;
};

Status write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) return Status::InvalidArgument("cannot write " + path.string());
  return Status::Ok();
}

// Writes sweep.json, sweep.md and sweep.html, prints the summary; the exit code.
int finish(const sweep::SweepReport& report, const std::string& out_dir) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::cerr << "drdrill sweep: cannot create " << out_dir << ": " << ec.message() << "\n";
    return kExitInvalidInput;
  }
  const std::filesystem::path json = std::filesystem::path(out_dir) / "sweep.json";
  const std::filesystem::path md = std::filesystem::path(out_dir) / "sweep.md";
  const std::filesystem::path html = std::filesystem::path(out_dir) / "sweep.html";
  for (const Status& written : {write_file(json, sweep::render_sweep_json(report)),
                                write_file(md, sweep::render_sweep_markdown(report)),
                                write_file(html, sweep::render_sweep_html(report))}) {
    if (!written.ok()) {
      std::cerr << "drdrill sweep: " << written.message() << "\n";
      return kExitInternalError;
    }
  }
  std::cout << sweep::render_sweep_summary(report) << "  reports: " << json.string() << " " << md.string() << " " << html.string()
            << "\n";
  return report.all_passed() ? kExitOk : kExitAssertionFailed;
}

int merge(const SweepCommandOptions& options) {
  std::vector<sweep::SweepReport> shards;
  for (const std::string& path : options.merge) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "drdrill sweep --merge: cannot read " << path << "\n";
      return kExitInvalidInput;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = sweep::parse_sweep_json(text.str(), path);
    if (!parsed.ok()) {
      std::cerr << "drdrill sweep --merge: " << parsed.status().message() << "\n";
      return kExitInvalidInput;
    }
    shards.push_back(std::move(*parsed));
  }
  auto merged = sweep::merge_sweeps(shards);
  if (!merged.ok()) {
    std::cerr << "drdrill sweep --merge: " << merged.status().message() << "\n";
    return kExitInvalidInput;
  }
  return finish(*merged, options.out_dir);
}

int run(const SweepCommandOptions& options, bool first_seed_given) {
  sweep::SeedRange range;
  range.seeds = options.seeds;
  if (!options.shard.empty()) {
    auto shard = sweep::parse_shard(options.shard);
    if (!shard.ok()) {
      std::cerr << "drdrill sweep: " << shard.status().message() << "\n";
      return kExitInvalidInput;
    }
    range.shard_index = shard->first;
    range.shard_count = shard->second;
  }
  const sim::LoadReport loaded = sim::load_scenario_report_from_file(options.file);
  if (!loaded.ok()) {
    std::cerr << loaded.to_string() << options.file << ": invalid scenario\n";
    return kExitInvalidInput;
  }
  range.first_seed = first_seed_given ? options.first_seed : loaded.scenario->seed;

  sweep::SweepOptions sweep;
  sweep.scenario_file = options.file;
  sweep.range = range;
  sweep.jobs = options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  const std::uint64_t total = range.seed_list().size();
  // A terminal gets a line that updates about every 1%; logs get one line per 10%.
  const bool terminal = isatty(STDERR_FILENO) != 0;
  sweep.progress_every = std::max<std::uint64_t>(1, total / (terminal ? 100 : 10));
  const auto started = std::chrono::steady_clock::now();  // wall-clock ok: progress and ETA for people, never in a report
  sweep.progress = [terminal, started](const sweep::SweepProgress& p) {
    const double elapsed_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();  // wall-clock ok: see above
    char line[160];
    std::snprintf(line, sizeof line, "drdrill sweep: %llu/%llu seeds, %llu failing, %.1f s", static_cast<unsigned long long>(p.done),
                  static_cast<unsigned long long>(p.total), static_cast<unsigned long long>(p.failing), elapsed_s);
    std::cerr << (terminal ? "\r" : "") << line << (terminal && p.done < p.total ? "" : "\n") << std::flush;
  };
  auto report = sweep::run_sweep(*loaded.scenario, sweep);
  if (!report.ok()) {
    std::cerr << "drdrill sweep: " << options.file << ": " << report.status().message() << "\n";
    return report.status().is_invalid_argument() ? kExitInvalidInput : kExitInternalError;
  }
  return finish(*report, options.out_dir);
}

}  // namespace

void add_sweep_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SweepCommandOptions>();
  auto* sub = app.add_subcommand(
      "sweep", "Run a scenario over many seeds in parallel and report RTO/RPO distributions and the failing seeds");
  sub->add_option("file", options->file, "Scenario file (JSON)");
  sub->add_option("--seeds", options->seeds, "How many seeds to run");
  auto* first_seed = sub->add_option("--first-seed", options->first_seed, "The first seed (default: the scenario's)");
  sub->add_option("--jobs", options->jobs, "Worker threads (default: the number of cores)");
  sub->add_option("--shard", options->shard,
                  "Run only shard K of N: the seeds whose index in the range, modulo N, is K-1 (merge the shards' "
                  "sweep.json files with --merge)");
  sub->add_option("--out", options->out_dir, "Directory for sweep.json, sweep.md and sweep.html (default: the current one)");
  sub->add_option("--merge", options->merge, "Merge the sweep.json files of a sharded sweep into one report");
  sub->footer(
      "Exit codes: 0 every seed passed, 1 any seed failed (or stopped early: its replay command is in the report), 2 "
      "invalid input (bad scenario, flags, or shard files that do not make up one sweep), 3 internal error.");
  sub->callback([options, first_seed, &exit_code] {
    if (!options->merge.empty()) {
      if (!options->file.empty() || options->seeds > 0 || !options->shard.empty()) {
        std::cerr << "drdrill sweep: --merge takes only sweep.json files and --out\n";
        exit_code = kExitInvalidInput;
        return;
      }
      exit_code = merge(*options);
      return;
    }
    if (options->file.empty() || options->seeds == 0) {
      std::cerr << "drdrill sweep: needs a scenario FILE and --seeds N (N >= 1), or --merge FILES...\n";
      exit_code = kExitInvalidInput;
      return;
    }
    exit_code = run(*options, first_seed->count() > 0);
  });
}

}  // namespace drdrill::cli
