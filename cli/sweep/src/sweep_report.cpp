#include "sweep/sweep_report.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <cmath>
#include <set>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "reports/histogram_chart.h"
#include "reports/html_page.h"
#include "reports/markup.h"
#include "sim/enum_names.h"
#include "sim/ledger.h"

namespace drdrill::sweep {
namespace {

using Ordered = nlohmann::ordered_json;

Ordered optional_number(const std::optional<double>& v) { return v ? Ordered(*v) : Ordered(nullptr); }

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Every store any seed reported, in name order, so the report has one column set.
std::vector<std::string> stores_of(const SweepReport& report) {
  std::set<std::string> names;
  for (const SeedOutcome& o : report.outcomes) {
    for (const auto& [store, value] : o.rpo_s) names.insert(store);
  }
  return {names.begin(), names.end()};
}

std::vector<std::optional<double>> rto_values(const SweepReport& report) {
  std::vector<std::optional<double>> out;
  out.reserve(report.outcomes.size());
  // Seeds stopped by an error are counted apart (errors), and so are seeds with no outage: only
  // the others can be "not recovered".
  for (const SeedOutcome& o : report.outcomes) {
    if (o.error.empty() && o.outage) out.push_back(o.rto_s);
  }
  return out;
}

std::size_t count_without_outage(const SweepReport& report) {
  return static_cast<std::size_t>(std::count_if(report.outcomes.begin(), report.outcomes.end(),
                                                [](const SeedOutcome& o) { return o.error.empty() && !o.outage; }));
}

std::string rto_missing_text(const SweepReport& report, const Distribution& rto) {
  const std::size_t no_outage = count_without_outage(report);
  return std::to_string(rto.missing) + " not recovered" + (no_outage == 0 ? "" : ", " + std::to_string(no_outage) + " no outage");
}

std::vector<std::optional<double>> rpo_values(const SweepReport& report, const std::string& store) {
  std::vector<std::optional<double>> out;
  out.reserve(report.outcomes.size());
  for (const SeedOutcome& o : report.outcomes) {
    if (!o.error.empty()) continue;  // stopped by an error: counted apart, not as "no writes"
    const auto it = o.rpo_s.find(store);
    out.push_back(it == o.rpo_s.end() ? std::nullopt : it->second);
  }
  return out;
}

Ordered distribution_json(const Distribution& d, const char* missing_name) {
  Ordered out;
  out["count"] = d.count;
  out[missing_name] = d.missing;
  if (d.count == 0) {
    out["p50"] = nullptr;
    out["p95"] = nullptr;
    out["p99"] = nullptr;
    out["max"] = nullptr;
  } else {
    out["p50"] = d.p50;
    out["p95"] = d.p95;
    out["p99"] = d.p99;
    out["max"] = d.max;
  }
  return out;
}

std::string seconds_text(double seconds) { return format_duration(from_seconds(seconds)); }

std::string range_text(const SeedRange& range) {
  std::string out = std::to_string(range.first_seed) + ".." + std::to_string(range.first_seed + range.seeds - 1);
  if (range.sharded()) out += " (shard " + std::to_string(range.shard_index) + "/" + std::to_string(range.shard_count) + ")";
  return out;
}

std::size_t count_passed(const SweepReport& report) {
  return static_cast<std::size_t>(
      std::count_if(report.outcomes.begin(), report.outcomes.end(), [](const SeedOutcome& o) { return o.passed; }));
}

std::size_t count_errors(const SweepReport& report) {
  return static_cast<std::size_t>(std::count_if(report.outcomes.begin(), report.outcomes.end(),
                                                [](const SeedOutcome& o) { return !o.error.empty(); }));
}

// Markdown table cells must not contain a bare '|' or a newline.
std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::vector<std::uint64_t> SeedRange::seed_list() const {
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = shard_index - 1; i < seeds; i += shard_count) out.push_back(first_seed + i);
  return out;
}

Result<std::pair<std::uint64_t, std::uint64_t>> parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  const auto k = slash == std::string_view::npos ? std::nullopt : parse_u64(text.substr(0, slash));
  const auto n = slash == std::string_view::npos ? std::nullopt : parse_u64(text.substr(slash + 1));
  if (!k || !n || *k < 1 || *n < 1 || *k > *n) {
    return Status::InvalidArgument("--shard must be K/N with 1 <= K <= N (like 2/8), got '" + std::string(text) + "'");
  }
  return std::pair{*k, *n};
}

SeedOutcome outcome_of(const sim::DrillResult& result) {
  SeedOutcome out;
  out.seed = result.seed;
  out.passed = result.passed;
  out.verdict = std::string(sim::enum_name(result.verdict));
  out.rto_s = result.rto_s;
  out.outage = result.outage_start.has_value();
  for (const auto& [store, loss] : result.stores) {
    const std::string name(sim::to_string(store));
    out.rpo_s[name] = loss.rpo_s;
    out.lost_writes[name] = loss.lost_writes;
  }
  return out;
}

SeedOutcome outcome_of_error(std::uint64_t seed, const Status& status) {
  SeedOutcome out;
  out.seed = seed;
  out.passed = false;
  out.verdict = "error";
  out.error = status.to_string();
  return out;
}

bool SweepReport::all_passed() const {
  return std::all_of(outcomes.begin(), outcomes.end(), [](const SeedOutcome& o) { return o.passed; });
}

double nearest_rank_percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
  const std::size_t index = rank < 1 ? 0 : std::min(values.size(), static_cast<std::size_t>(rank)) - 1;
  return values[index];
}

Distribution distribution_of(const std::vector<std::optional<double>>& values) {
  Distribution d;
  std::vector<double> present;
  for (const auto& v : values) {
    if (v) {
      present.push_back(*v);
    } else {
      ++d.missing;
    }
  }
  d.count = present.size();
  if (present.empty()) return d;
  std::sort(present.begin(), present.end());
  d.p50 = nearest_rank_percentile(present, 50);
  d.p95 = nearest_rank_percentile(present, 95);
  d.p99 = nearest_rank_percentile(present, 99);
  d.max = present.back();
  return d;
}

std::string replay_command(const SweepReport& report, std::uint64_t seed) {
  const std::string file = report.scenario_file.empty() ? "<scenario file>" : report.scenario_file;
  return "drdrill run " + file + " --seed " + std::to_string(seed);
}

std::string render_sweep_json(const SweepReport& report) {
  Ordered out;
  out["scenario"] = report.scenario;
  out["scenario_file"] = report.scenario_file;
  out["first_seed"] = report.range.first_seed;
  out["seeds"] = report.range.seeds;
  out["shard"] = report.range.sharded()
                     ? Ordered(std::to_string(report.range.shard_index) + "/" + std::to_string(report.range.shard_count))
                     : Ordered(nullptr);
  const std::size_t passed = count_passed(report);
  out["seeds_run"] = report.outcomes.size();
  out["passed"] = passed;
  out["failed"] = report.outcomes.size() - passed;
  out["errors"] = count_errors(report);
  out["rto_s"] = distribution_json(distribution_of(rto_values(report)), "not_recovered");
  out["rto_s"]["no_outage"] = count_without_outage(report);
  Ordered rpo = Ordered::object();
  for (const std::string& store : stores_of(report)) {
    rpo[store] = distribution_json(distribution_of(rpo_values(report, store)), "no_writes");
  }
  out["rpo_s"] = std::move(rpo);
  Ordered failing = Ordered::array();
  for (const SeedOutcome& o : report.outcomes) {
    if (o.passed) continue;
    Ordered f;
    f["seed"] = o.seed;
    f["verdict"] = o.verdict;
    f["error"] = o.error.empty() ? Ordered(nullptr) : Ordered(o.error);
    f["replay"] = replay_command(report, o.seed);
    failing.push_back(std::move(f));
  }
  out["failing_seeds"] = std::move(failing);
  Ordered runs = Ordered::array();
  for (const SeedOutcome& o : report.outcomes) {
    Ordered r;
    r["seed"] = o.seed;
    r["passed"] = o.passed;
    r["verdict"] = o.verdict;
    r["rto_s"] = optional_number(o.rto_s);
    r["outage"] = o.outage;
    Ordered rpo_s = Ordered::object();
    for (const auto& [store, value] : o.rpo_s) rpo_s[store] = optional_number(value);
    r["rpo_s"] = std::move(rpo_s);
    Ordered lost = Ordered::object();
    for (const auto& [store, value] : o.lost_writes) lost[store] = value;
    r["lost_writes"] = std::move(lost);
    r["error"] = o.error.empty() ? Ordered(nullptr) : Ordered(o.error);
    runs.push_back(std::move(r));
  }
  out["runs"] = std::move(runs);
  return out.dump(2) + "\n";
}

std::string render_sweep_markdown(const SweepReport& report) {
  const std::size_t passed = count_passed(report);
  const std::size_t failed = report.outcomes.size() - passed;
  std::string md = "# Sweep: " + report.scenario + "\n\n";
  md += "- Scenario file: `" + report.scenario_file + "`\n";
  md += "- Seeds: " + range_text(report.range) + ", " + std::to_string(report.outcomes.size()) + " run\n";
  md += "- Passed: " + std::to_string(passed) + ", failed: " + std::to_string(failed) + " (of which " +
        std::to_string(count_errors(report)) + " stopped by an error)\n\n";
  md += "## Distributions (nearest rank, over the seeds with a value)\n\n";
  md += "| Measure | Seeds | Without a value | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|---|\n";
  const auto row = [&md](const std::string& name, const Distribution& d, const std::string& missing) {
    md += "| " + name + " | " + std::to_string(d.count) + " | " + missing + " | ";
    if (d.count == 0) {
      md += "- | - | - | - |\n";
    } else {
      md += seconds_text(d.p50) + " | " + seconds_text(d.p95) + " | " + seconds_text(d.p99) + " | " + seconds_text(d.max) + " |\n";
    }
  };
  const Distribution rto = distribution_of(rto_values(report));
  row("RTO", rto, rto_missing_text(report, rto));
  for (const std::string& store : stores_of(report)) {
    const Distribution rpo = distribution_of(rpo_values(report, store));
    row("RPO " + store, rpo, std::to_string(rpo.missing) + " without writes");
  }
  md += "\n## Failing seeds\n\n";
  if (failed == 0) {
    md += "None.\n";
  } else {
    md += "| Seed | Verdict | Replay |\n|---|---|---|\n";
    for (const SeedOutcome& o : report.outcomes) {
      if (o.passed) continue;
      const std::string verdict = o.error.empty() ? o.verdict : o.verdict + ": " + o.error;
      md += "| " + std::to_string(o.seed) + " | " + cell(verdict) + " | `" + replay_command(report, o.seed) + "` |\n";
    }
  }
  return md;
}

std::string render_sweep_html(const SweepReport& report) {
  using reports::html_table;
  using reports::HtmlCells;
  using reports::markup_escape;
  const std::size_t passed = count_passed(report);
  const std::size_t failed = report.outcomes.size() - passed;
  std::ostringstream body;
  body << "<h1>Sweep: " << markup_escape(report.scenario) << "</h1>\n";
  body << "<p class=\"" << (failed == 0 ? "pass" : "fail") << "\">" << passed << " of " << report.outcomes.size()
       << " seeds passed</p>\n";
  html_table(body, {"", ""},
             {{"Scenario file", "<code>" + markup_escape(report.scenario_file) + "</code>"},
              {"Seeds", markup_escape(range_text(report.range)) + ", " + std::to_string(report.outcomes.size()) + " run"},
              {"Failed", std::to_string(failed) + " (of which " + std::to_string(count_errors(report)) +
                             " stopped by an error)"}});

  // One histogram per measure, its percentiles marked; the same figures as the table below.
  std::vector<HtmlCells> rows;
  // `missing` says what the seeds without a value are ("3 not recovered, 2 no outage").
  const auto measure = [&](const std::string& name, const std::vector<std::optional<double>>& values,
                           const std::function<std::string(const Distribution&)>& missing) {
    const Distribution d = distribution_of(values);
    std::vector<double> present;
    for (const auto& v : values) {
      if (v) present.push_back(*v);
    }
    body << "<h2>" << markup_escape(name) << "</h2>\n<div class=\"chart\">\n"
         << reports::render_duration_histogram(
                name, present,
                d.count == 0 ? std::vector<reports::HistogramMarker>{}
                             : std::vector<reports::HistogramMarker>{{"p50 " + seconds_text(d.p50), d.p50},
                                                                     {"p95 " + seconds_text(d.p95), d.p95},
                                                                     {"p99 " + seconds_text(d.p99), d.p99}})
         << "</div>\n";
    if (d.missing > 0) body << "<p>Not drawn: " << missing(d) << ".</p>\n";
    rows.push_back({markup_escape(name), std::to_string(d.count), missing(d),
                    d.count == 0 ? "-" : seconds_text(d.p50), d.count == 0 ? "-" : seconds_text(d.p95),
                    d.count == 0 ? "-" : seconds_text(d.p99), d.count == 0 ? "-" : seconds_text(d.max)});
  };
  measure("RTO", rto_values(report), [&](const Distribution& d) { return rto_missing_text(report, d); });
  for (const std::string& store : stores_of(report)) {
    measure("RPO " + store, rpo_values(report, store),
            [](const Distribution& d) { return std::to_string(d.missing) + " without writes"; });
  }
  body << "<h2>Distributions (nearest rank, over the seeds with a value)</h2>\n";
  html_table(body, {"Measure", "Seeds", "Without a value", "p50", "p95", "p99", "max"}, rows);

  body << "<h2>Failing seeds</h2>\n";
  std::vector<HtmlCells> failing;
  for (const SeedOutcome& o : report.outcomes) {
    if (o.passed) continue;
    failing.push_back({std::to_string(o.seed), markup_escape(o.error.empty() ? o.verdict : o.verdict + ": " + o.error),
                       "<code>" + markup_escape(replay_command(report, o.seed)) + "</code>"});
  }
  html_table(body, {"Seed", "Verdict", "Replay"}, failing, "None.");
  return reports::html_page("Sweep: " + report.scenario + ", seeds " + range_text(report.range), body.str());
}

std::string render_sweep_summary(const SweepReport& report) {
  const std::size_t passed = count_passed(report);
  const Distribution rto = distribution_of(rto_values(report));
  std::string out = "drdrill sweep: " + report.scenario + ", seeds " + range_text(report.range) + ": " +
                    std::to_string(passed) + "/" + std::to_string(report.outcomes.size()) + " passed\n";
  if (rto.count > 0) {
    out += "  RTO p50 " + seconds_text(rto.p50) + ", p95 " + seconds_text(rto.p95) + ", p99 " + seconds_text(rto.p99) +
           ", max " + seconds_text(rto.max) + " (" + rto_missing_text(report, rto) + ")\n";
  }
  for (const std::string& store : stores_of(report)) {
    const Distribution d = distribution_of(rpo_values(report, store));
    if (d.count == 0) continue;
    out += "  RPO " + store + " p50 " + seconds_text(d.p50) + ", p95 " + seconds_text(d.p95) + ", p99 " +
           seconds_text(d.p99) + ", max " + seconds_text(d.max) + "\n";
  }
  std::size_t shown = 0;
  for (const SeedOutcome& o : report.outcomes) {
    if (o.passed) continue;
    if (++shown > 10) {
      out += "  ... (every failing seed is in sweep.json and sweep.md)\n";
      break;
    }
    out += "  failing: seed " + std::to_string(o.seed) + " (" + o.verdict + "): replay: " + replay_command(report, o.seed) + "\n";
  }
  return out;
}

Result<SweepReport> parse_sweep_json(std::string_view text, std::string_view display_name) {
  const std::string where(display_name);
  const auto bad = [&where](const std::string& what) {
    return Status::InvalidArgument(where + ": not a sweep.json written by drdrill sweep: " + what);
  };
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  const auto str = [&j](const char* key) -> std::optional<std::string> {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  const auto u64 = [](const nlohmann::json& o, const char* key) -> std::optional<std::uint64_t> {
    const auto it = o.find(key);
    if (it == o.end() || !it->is_number_unsigned()) return std::nullopt;
    return it->get<std::uint64_t>();
  };
  const auto optional_double = [](const nlohmann::json& v) -> std::optional<std::optional<double>> {
    if (v.is_null()) return std::optional<double>{};
    if (!v.is_number()) return std::nullopt;
    return std::optional<double>{v.get<double>()};
  };
  SweepReport report;
  const auto scenario = str("scenario");
  const auto file = str("scenario_file");
  const auto first = u64(j, "first_seed");
  const auto seeds = u64(j, "seeds");
  if (!scenario || !file || !first || !seeds) return bad("scenario, scenario_file, first_seed or seeds missing");
  report.scenario = *scenario;
  report.scenario_file = *file;
  report.range.first_seed = *first;
  report.range.seeds = *seeds;
  if (const auto it = j.find("shard"); it != j.end() && it->is_string()) {
    auto shard = parse_shard(it->get<std::string>());
    if (!shard.ok()) return bad(shard.status().message());
    report.range.shard_index = shard->first;
    report.range.shard_count = shard->second;
  } else if (it == j.end() || !it->is_null()) {
    return bad("shard must be \"K/N\" or null");
  }
  const auto runs = j.find("runs");
  if (runs == j.end() || !runs->is_array()) return bad("runs missing");
  for (const nlohmann::json& r : *runs) {
    if (!r.is_object()) return bad("a run is not an object");
    SeedOutcome o;
    const auto seed = u64(r, "seed");
    const auto passed = r.find("passed");
    const auto verdict = r.find("verdict");
    const auto rto = r.find("rto_s");
    const auto rpo = r.find("rpo_s");
    const auto lost = r.find("lost_writes");
    const auto error = r.find("error");
    if (!seed || passed == r.end() || !passed->is_boolean() || verdict == r.end() || !verdict->is_string() ||
        rto == r.end() || rpo == r.end() || !rpo->is_object() || lost == r.end() || !lost->is_object() ||
        error == r.end() || !(error->is_null() || error->is_string())) {
      return bad("a run lacks seed, passed, verdict, rto_s, rpo_s, lost_writes or error");
    }
    o.seed = *seed;
    o.passed = passed->get<bool>();
    o.verdict = verdict->get<std::string>();
    const auto rto_value = optional_double(*rto);
    if (!rto_value) return bad("seed " + std::to_string(o.seed) + ": rto_s is not a number or null");
    o.rto_s = *rto_value;
    for (const auto& [store, value] : rpo->items()) {
      const auto v = optional_double(value);
      if (!v) return bad("seed " + std::to_string(o.seed) + ": rpo_s." + store + " is not a number or null");
      o.rpo_s[store] = *v;
    }
    for (const auto& [store, value] : lost->items()) {
      if (!value.is_number_integer()) return bad("seed " + std::to_string(o.seed) + ": lost_writes." + store + " is not an integer");
      o.lost_writes[store] = value.get<std::int64_t>();
    }
    if (error->is_string()) o.error = error->get<std::string>();
    // Files written before "outage" was recorded had one in every seed that ran.
    if (const auto outage = r.find("outage"); outage != r.end()) {
      if (!outage->is_boolean()) return bad("seed " + std::to_string(o.seed) + ": outage is not true or false");
      o.outage = outage->get<bool>();
    }
    report.outcomes.push_back(std::move(o));
  }
  // The seeds must be exactly the shard's.
  const std::vector<std::uint64_t> expected = report.range.seed_list();
  bool same = expected.size() == report.outcomes.size();
  for (std::size_t i = 0; same && i < expected.size(); ++i) same = expected[i] == report.outcomes[i].seed;
  if (!same) return bad("its runs are not exactly the seeds of " + range_text(report.range));
  return report;
}

Result<SweepReport> merge_sweeps(const std::vector<SweepReport>& shards) {
  if (shards.empty()) return Status::InvalidArgument("nothing to merge");
  const SweepReport& first = shards.front();
  SweepReport merged;
  merged.scenario = first.scenario;
  merged.scenario_file = first.scenario_file;
  merged.range = SeedRange{first.range.first_seed, first.range.seeds, 1, 1};
  std::map<std::uint64_t, const SeedOutcome*> by_seed;
  for (const SweepReport& shard : shards) {
    if (shard.scenario != first.scenario || shard.scenario_file != first.scenario_file ||
        shard.range.first_seed != first.range.first_seed || shard.range.seeds != first.range.seeds) {
      return Status::InvalidArgument("the files are not shards of one sweep: " + first.scenario_file + " seeds " +
                                     range_text(SeedRange{first.range.first_seed, first.range.seeds, 1, 1}) + " vs " +
                                     shard.scenario_file + " seeds " +
                                     range_text(SeedRange{shard.range.first_seed, shard.range.seeds, 1, 1}));
    }
    for (const SeedOutcome& o : shard.outcomes) {
      if (!by_seed.emplace(o.seed, &o).second) {
        return Status::InvalidArgument("seed " + std::to_string(o.seed) + " appears in more than one file");
      }
    }
  }
  std::vector<std::uint64_t> missing;
  for (const std::uint64_t seed : merged.range.seed_list()) {
    const auto it = by_seed.find(seed);
    if (it == by_seed.end()) {
      missing.push_back(seed);
      continue;
    }
    merged.outcomes.push_back(*it->second);
  }
  if (!missing.empty()) {
    // Name the shards whose files are missing, as the user passed K/N.
    std::set<std::string> absent;
    for (const SweepReport& shard : shards) {
      if (!shard.range.sharded()) continue;
      for (std::uint64_t k = 1; k <= shard.range.shard_count; ++k) {
        const SeedRange r{first.range.first_seed, first.range.seeds, k, shard.range.shard_count};
        const auto seeds = r.seed_list();
        if (!seeds.empty() && !by_seed.contains(seeds.front())) absent.insert(std::to_string(k) + "/" + std::to_string(r.shard_count));
      }
    }
    std::string names;
    for (const std::string& a : absent) names += (names.empty() ? "" : ", ") + a;
    return Status::InvalidArgument(std::to_string(missing.size()) + " seeds of " +
                                   range_text(merged.range) + " are in no file (first: " + std::to_string(missing.front()) +
                                   ")" + (names.empty() ? "" : "; missing shards: " + names));
  }
  return merged;
}

}  // namespace drdrill::sweep
