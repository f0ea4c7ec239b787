// report.html: the drill as one self-contained page to hand to someone who was not there — an
// auditor, an incident review: the outcome, the recovery chart (recovery_chart.h), RTO and its
// stages, data lost per store, the assertions, what the checker found, the runbook, the probes and
// the timeline. No script, no external file: it opens from a CI artifact store or an e-mail as it is.

#include <sstream>
#include <vector>

#include "format.h"
#include "reports/html_page.h"
#include "reports/recovery_chart.h"
#include "reports/reports.h"
#include "sim/drill.h"
#include "sim/enum_names.h"

namespace drdrill::reports {
namespace {

std::string esc(std::string_view text) { return markup_escape(text); }
std::string pass_fail(bool pass) { return pass ? "<span class=\"pass\">pass</span>" : "<span class=\"fail\">FAIL</span>"; }
std::string offset(Duration d) { return "+" + format_duration(d); }
std::string offset(const std::optional<Duration>& d) { return d ? offset(*d) : "-"; }

void summary(std::ostringstream& out, const sim::DrillResult& r) {
  out << "<h1>Drill report: " << esc(r.scenario) << "</h1>\n";
  out << "<p class=\"" << (r.passed ? "pass" : "fail") << "\">" << esc(outcome_text(r)) << "</p>\n";
  html_table(out, {"", ""},
        {{"Drill verdict", verdict_text(r.verdict)},
         {"Seed", std::to_string(r.seed)},
         {"Scenario file", esc(r.scenario_file.empty() ? "-" : r.scenario_file)},
         {"Drill start", format_iso8601(r.epoch)},
         {"Outage start", offset(r.outage_start)},
         {"RTO", rto_text(r)},
         {"Simulated", format_duration(r.simulated) + " (" + std::to_string(r.events_run) + " events)"},
         {"Replay", "<code>" + esc(sim::replay_command(r)) + "</code>"}});
  if (r.expect) {
    out << "<h2>Expectation (negative scenario)</h2>\n";
    std::vector<HtmlCells> rows{{"verdict " + verdict_text(r.expect->verdict), "got " + verdict_text(r.verdict)}};
    for (const sim::Finding f : r.expect->findings) {
      rows.push_back({"finding <code>" + std::string(sim::enum_name(f)) + "</code>",
                      r.findings.contains(f) ? "reported" : "<span class=\"fail\">missing</span>"});
    }
    html_table(out, {"Expected", "Outcome"}, rows);
  }
}

void recovery(std::ostringstream& out, const sim::DrillResult& r) {
  out << "<h2>Recovery chart</h2>\n<div class=\"chart\">\n" << render_recovery_chart(r) << "</div>\n";
  out << "<p>Hover over a bar for its exact times. Rows: the scenario's faults; per store, the writes lost "
         "before the outage (the bar's length is the RPO); RTO in its stages; each runbook step; each "
         "probe's time failing.</p>\n";
  out << "<h2>RTO stages</h2>\n";
  std::vector<HtmlCells> stages;
  std::size_t index = 0;
  for (const sim::RtoStage& s : r.rto_stages) {
    stages.push_back({"<span class=\"swatch\" style=\"background:" + std::string(rto_stage_color(index++)) + "\"></span>" +
                          esc(s.name),
                      seconds_text(s.seconds)});
  }
  html_table(out, {"Stage", "Duration"}, stages, "No recovery measured.");
  out << "<h2>Data loss per store</h2>\n";
  std::vector<HtmlCells> stores;
  for (const auto& [store, loss] : r.stores) {
    stores.push_back({std::string(sim::to_string(store)), seconds_text(loss.rpo_s), std::to_string(loss.writes),
                      std::to_string(loss.lost_writes), bytes_text(loss.lost_bytes), std::to_string(loss.in_flight)});
  }
  html_table(out, {"Store", "RPO", "Writes", "Lost", "Lost bytes", "In flight at end"}, stores);
}

void verdicts(std::ostringstream& out, const sim::DrillResult& r) {
  out << "<h2>Assertions</h2>\n";
  std::vector<HtmlCells> assertions;
  for (const sim::AssertionResult& a : r.assertions) {
    assertions.push_back({esc(a.name), esc(a.target), esc(a.measured), pass_fail(a.pass)});
  }
  html_table(out, {"Assertion", "Target", "Measured", "Result"}, assertions, "No assertions.");
  out << "<h2>Findings</h2>\n";
  std::vector<HtmlCells> findings;
  for (const sim::Finding f : r.findings) findings.push_back({"<code>" + std::string(sim::enum_name(f)) + "</code>"});
  html_table(out, {"Finding"}, findings, "None.");
  out << "<h2>Cross-store consistency</h2>\n";
  std::vector<HtmlCells> kinds;
  for (const auto& [kind, n] : r.inconsistencies) kinds.push_back({esc(kind), std::to_string(n)});
  html_table(out, {"Kind", "Count"}, kinds, "Not checked.");
  std::vector<HtmlCells> examples;
  for (const sim::Inconsistency& i : r.inconsistency_examples) examples.push_back({esc(i.kind), esc(i.detail)});
  if (!examples.empty()) html_table(out, {"Kind", "Example"}, examples);
  out << "<h2>Control-plane drift and duplicate work</h2>\n";
  std::vector<HtmlCells> drift;
  for (const std::string& d : r.control_plane_drift) drift.push_back({esc(d)});
  html_table(out, {"Difference between the workspaces"}, drift, "No control-plane drift.");
  out << "<p>Duplicate job runs in both regions: " << r.duplicate_runs << "</p>\n";
  if (!r.violations.empty()) {
    out << "<h2>Invariant violations</h2>\n";
    std::vector<HtmlCells> rows;
    for (const sim::Violation& v : r.violations) rows.push_back({offset(v.at), esc(v.invariant), esc(v.detail)});
    html_table(out, {"At", "Invariant", "Detail"}, rows);
  }
  if (r.failback) {
    const sim::FailbackResult& fb = *r.failback;
    out << "<h2>Failback</h2>\n";
    html_table(out, {"", ""},
          {{"Completed", fb.completed ? "yes" : "<span class=\"fail\">no</span>"},
           {"Region back (seen)", offset(fb.region_returned)},
           {"Started", offset(fb.start)},
           {"Duration", fb.duration_s ? seconds_text(fb.duration_s) : "-"},
           {"Downtime (probes)", fb.downtime_s ? seconds_text(fb.downtime_s) : "not recovered"}});
  }
}

void activity(std::ostringstream& out, const sim::DrillResult& r) {
  out << "<h2>Runbook</h2>\n";
  std::vector<HtmlCells> steps;
  for (const sim::StepRecord& s : r.steps) {
    steps.push_back({esc(s.name), offset(s.start), offset(s.end), s.ok ? "ok" : "<span class=\"fail\">failed</span>", esc(s.detail)});
  }
  html_table(out, {"Step", "Start", "End", "Result", "Detail"}, steps, "No runbook steps ran.");
  out << "<h2>Probes</h2>\n";
  std::vector<HtmlCells> probes;
  for (const sim::ProbeSummary& p : r.probes) {
    probes.push_back({esc(p.name) + (p.expect_failure ? " (must fail)" : ""), esc(p.kind),
                      p.workspace.empty() ? "active workspace" : esc(p.workspace), std::to_string(p.attempts),
                      std::to_string(p.successes), offset(p.first_failure_after_outage), offset(p.recovered_at),
                      esc(p.last_error)});
  }
  html_table(out, {"Probe", "Kind", "Through", "Attempts", "Successes", "Failing since", "Recovered at", "Last error"}, probes,
        "No probes.");
  out << "<h2>Timeline</h2>\n";
  std::vector<HtmlCells> events;
  for (const sim::TimelineEvent& e : r.events) {
    const Duration since = e.at - r.epoch;
    events.push_back({since < Duration::zero() ? "-" + format_duration(-since) : offset(since), esc(e.actor), esc(e.what)});
  }
  html_table(out, {"At", "Actor", "What"}, events, "No events.");
}

}  // namespace

std::string render_html(const sim::DrillResult& r) {
  std::ostringstream body;
  summary(body, r);
  recovery(body, r);
  verdicts(body, r);
  activity(body, r);
  return html_page("Drill report: " + r.scenario + " (seed " + std::to_string(r.seed) + ")", body.str());
}

}  // namespace drdrill::reports
