// report.md: the drill for people — what was lost, how long recovery took, what failed, and the
// timeline that explains it.

#include <sstream>

#include "format.h"
#include "reports/reports.h"
#include "sim/drill.h"
#include "sim/enum_names.h"

namespace drdrill::reports {
namespace {

// Table cells may not contain '|' or newlines.
std::string cell(std::string text) {
  for (char& c : text) {
    if (c == '|') c = '/';
    if (c == '\n') c = ' ';
  }
  return text;
}

}  // namespace

std::string render_markdown(const sim::DrillResult& r) {
  std::ostringstream md;
  md << "# Drill report: " << r.scenario << "\n\n";
  md << "| | |\n|---|---|\n";
  md << "| Result | **" << outcome_text(r) << "** |\n";
  md << "| Drill verdict | " << verdict_text(r.verdict) << " |\n";
  md << "| Seed | " << r.seed << " |\n";
  md << "| Scenario file | " << cell(r.scenario_file.empty() ? "-" : r.scenario_file) << " |\n";
  md << "| Drill start | " << format_iso8601(r.epoch) << " |\n";
  md << "| Outage start | " << (r.outage_start ? "+" + format_duration(*r.outage_start) : "-") << " |\n";
  md << "| RTO | " << rto_text(r) << " |\n";
  md << "| Simulated | " << format_duration(r.simulated) << " (" << r.events_run << " events) |\n\n";
  md << "Replay: `" << sim::replay_command(r) << "`\n\n";

  if (r.expect) {
    md << "## Expectation (negative scenario)\n\n";
    md << "- verdict: " << verdict_text(r.expect->verdict) << " (got " << verdict_text(r.verdict) << ")\n";
    for (const sim::Finding f : r.expect->findings) {
      md << "- finding `" << sim::enum_name(f) << "`: " << (r.findings.contains(f) ? "reported" : "**missing**") << "\n";
    }
    md << "\n";
  }

  md << "## Assertions\n\n| Assertion | Target | Measured | Result |\n|---|---|---|---|\n";
  for (const sim::AssertionResult& a : r.assertions) {
    md << "| " << cell(a.name) << " | " << cell(a.target) << " | " << cell(a.measured) << " | " << (a.pass ? "pass" : "**FAIL**")
       << " |\n";
  }
  md << "\n## Findings\n\n";
  if (r.findings.empty()) md << "None.\n";
  for (const sim::Finding f : r.findings) md << "- `" << sim::enum_name(f) << "`\n";

  md << "\n## RTO stages\n\n";
  if (r.rto_stages.empty()) {
    md << "No recovery measured.\n";
  } else {
    md << "| Stage | Duration |\n|---|---|\n";
    for (const sim::RtoStage& s : r.rto_stages) md << "| " << s.name << " | " << seconds_text(s.seconds) << " |\n";
  }

  md << "\n## Data loss per store\n\n| Store | RPO | Writes | Lost | Lost bytes | In flight at end |\n|---|---|---|---|---|---|\n";
  for (const auto& [store, loss] : r.stores) {
    md << "| " << sim::to_string(store) << " | " << seconds_text(loss.rpo_s) << " | " << loss.writes << " | " << loss.lost_writes
       << " | " << bytes_text(loss.lost_bytes) << " | " << loss.in_flight << " |\n";
  }

  md << "\n## Cross-store consistency\n\n| Kind | Count |\n|---|---|\n";
  for (const auto& [kind, n] : r.inconsistencies) md << "| " << kind << " | " << n << " |\n";
  for (const sim::Inconsistency& i : r.inconsistency_examples) md << "- " << i.kind << ": " << cell(i.detail) << "\n";

  md << "\n## Control-plane drift\n\n";
  if (r.control_plane_drift.empty()) md << "None.\n";
  for (const std::string& d : r.control_plane_drift) md << "- " << d << "\n";
  md << "\nDuplicate job runs in both regions: " << r.duplicate_runs << "\n";

  if (r.failback) {
    const sim::FailbackResult& fb = *r.failback;
    md << "\n## Failback\n\n| | |\n|---|---|\n";
    md << "| Completed | " << (fb.completed ? "yes" : "**no**") << " |\n";
    md << "| Region back (seen) | " << (fb.region_returned ? "+" + seconds_text(to_seconds(*fb.region_returned)) : "-") << " |\n";
    md << "| Started | " << (fb.start ? "+" + seconds_text(to_seconds(*fb.start)) : "-") << " |\n";
    md << "| Duration | " << (fb.duration_s ? seconds_text(fb.duration_s) : "-") << " |\n";
    md << "| Downtime (probes) | " << (fb.downtime_s ? seconds_text(fb.downtime_s) : "not recovered") << " |\n";
    if (!fb.stages.empty()) {
      md << "\n| Stage | Duration |\n|---|---|\n";
      for (const sim::RtoStage& s : fb.stages) md << "| " << s.name << " | " << seconds_text(s.seconds) << " |\n";
    }
    md << "\n| Store | RPO | Writes after the failover | Lost | Lost bytes |\n|---|---|---|---|---|\n";
    for (const auto& [store, loss] : fb.stores) {
      md << "| " << sim::to_string(store) << " | " << seconds_text(loss.rpo_s) << " | " << loss.writes << " | "
         << loss.lost_writes << " | " << bytes_text(loss.lost_bytes) << " |\n";
    }
  }

  if (!r.violations.empty()) {
    md << "\n## Invariant violations\n\n| At | Invariant | Detail |\n|---|---|---|\n";
    for (const sim::Violation& v : r.violations) {
      md << "| +" << format_duration(v.at) << " | " << v.invariant << " | " << cell(v.detail) << " |\n";
    }
  }

  md << "\n## Runbook\n\n";
  if (r.steps.empty()) {
    md << "No runbook steps ran.\n";
  } else {
    md << "| Step | Start | End | Result | Detail |\n|---|---|---|---|---|\n";
    for (const sim::StepRecord& s : r.steps) {
      md << "| " << s.name << " | +" << format_duration(s.start) << " | +" << format_duration(s.end) << " | "
         << (s.ok ? "ok" : "**failed**") << " | " << cell(s.detail) << " |\n";
    }
  }

  if (r.state) {
    md << "\n## State directory\n\n`" << cell(r.state->dir) << "`: "
       << (r.state->resumed ? "this run **resumed from the state an earlier run left** (SQL databases and Blob data); "
                              "its timeline started again at the scenario's start.\n"
                            : "created by this run.\n");
  }

  if (r.external_command) {
    const sim::ExternalCommandResult& c = *r.external_command;
    std::string argv;
    for (const std::string& arg : c.command) argv += (argv.empty() ? "" : " ") + arg;
    md << "\n## External runbook command\n\n| | |\n|---|---|\n";
    md << "| Command | `" << cell(argv) << "` |\n";
    md << "| Started | " << (c.started_at ? "+" + format_duration(*c.started_at) : "-") << " |\n";
    md << "| Ended | " << (c.ended_at ? "+" + format_duration(*c.ended_at) : "-") << " |\n";
    md << "| Outcome | " << cell(c.outcome) << " |\n";
    md << "| Output | " << cell(c.output_file) << " |\n";
    if (!c.output_tail.empty()) md << "\nLast lines of its output:\n\n```\n" << c.output_tail << (c.output_tail.ends_with('\n') ? "" : "\n") << "```\n";
  }

  md << "\n## Probes\n\n| Probe | Kind | Through | Attempts | Successes | Failing since | Recovered at | Last error |\n"
        "|---|---|---|---|---|---|---|---|\n";
  for (const sim::ProbeSummary& p : r.probes) {
    md << "| " << p.name << (p.expect_failure ? " (must fail)" : "") << " | " << p.kind << " | "
       << (p.workspace.empty() ? "active workspace" : p.workspace) << " | " << p.attempts << " | " << p.successes << " | "
       << (p.first_failure_after_outage ? "+" + format_duration(*p.first_failure_after_outage) : "-") << " | "
       << (p.recovered_at ? "+" + format_duration(*p.recovered_at) : "-") << " | " << cell(p.last_error) << " |\n";
  }

  md << "\n## Counters\n\n";
  for (const auto& [name, n] : r.counters) md << "- " << name << ": " << n << "\n";

  md << "\n## Timeline\n\n| At | Actor | What |\n|---|---|---|\n";
  for (const sim::TimelineEvent& e : r.events) {
    const Duration since = e.at - r.epoch;
    md << "| " << (since < Duration::zero() ? "-" + format_duration(-since) : "+" + format_duration(since)) << " | " << e.actor
       << " | " << cell(e.what) << " |\n";
  }
  return md.str();
}

}  // namespace drdrill::reports
