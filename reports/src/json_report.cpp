// report.json: members in a fixed, reading order (nlohmann::ordered_json), so the same result gives
// the same bytes and a person can read the file top to bottom.

#include <cstdio>

#include <nlohmann/json.hpp>

#include "format.h"
#include "reports/reports.h"
#include "sim/drill.h"
#include "sim/enum_names.h"

namespace drdrill::reports {
namespace {

using Ordered = nlohmann::ordered_json;

Ordered optional_seconds(const std::optional<double>& s) { return s ? Ordered(*s) : Ordered(nullptr); }

double seconds(Duration d) { return to_seconds(d); }

}  // namespace

std::string render_json(const sim::DrillResult& r) {
  Ordered out;
  out["scenario"] = r.scenario;
  out["scenario_file"] = r.scenario_file;
  out["seed"] = r.seed;
  out["epoch"] = format_iso8601(r.epoch);
  out["verdict"] = verdict_text(r.verdict);
  out["passed"] = r.passed;
  if (r.expect) {
    Ordered expect;
    expect["verdict"] = verdict_text(r.expect->verdict);
    Ordered findings = Ordered::array();
    for (const sim::Finding f : r.expect->findings) findings.push_back(sim::enum_name(f));
    expect["findings"] = std::move(findings);
    expect["met"] = r.passed;
    out["expect"] = std::move(expect);
  } else {
    out["expect"] = nullptr;
  }
  Ordered findings = Ordered::array();
  for (const sim::Finding f : r.findings) findings.push_back(sim::enum_name(f));
  out["findings"] = std::move(findings);
  out["outage_start_s"] = r.outage_start ? Ordered(seconds(*r.outage_start)) : Ordered(nullptr);
  out["rto_s"] = optional_seconds(r.rto_s);
  Ordered stages = Ordered::object();
  for (const sim::RtoStage& s : r.rto_stages) stages[s.name] = s.seconds;
  out["rto_stages"] = std::move(stages);
  Ordered rpo = Ordered::object();
  Ordered writes = Ordered::object();
  Ordered lost = Ordered::object();
  Ordered lost_bytes = Ordered::object();
  Ordered in_flight = Ordered::object();
  for (const auto& [store, loss] : r.stores) {
    const std::string name(sim::to_string(store));
    rpo[name] = optional_seconds(loss.rpo_s);
    writes[name] = loss.writes;
    lost[name] = loss.lost_writes;
    lost_bytes[name] = loss.lost_bytes;
    in_flight[name] = loss.in_flight;
  }
  out["rpo_s"] = std::move(rpo);
  out["lost_writes"] = std::move(lost);
  out["lost_bytes"] = std::move(lost_bytes);
  out["writes"] = std::move(writes);
  out["in_flight_at_end"] = std::move(in_flight);
  Ordered inconsistencies = Ordered::object();
  for (const auto& [kind, n] : r.inconsistencies) inconsistencies[kind] = n;
  out["inconsistencies"] = std::move(inconsistencies);
  Ordered examples = Ordered::array();
  for (const sim::Inconsistency& i : r.inconsistency_examples) examples.push_back(Ordered{{"kind", i.kind}, {"detail", i.detail}});
  out["inconsistency_examples"] = std::move(examples);
  out["control_plane_drift"] = r.control_plane_drift;
  out["duplicate_runs"] = r.duplicate_runs;
  if (r.failback) {
    const sim::FailbackResult& fb = *r.failback;
    Ordered failback;
    failback["completed"] = fb.completed;
    failback["region_returned_s"] = fb.region_returned ? Ordered(seconds(*fb.region_returned)) : Ordered(nullptr);
    failback["start_s"] = fb.start ? Ordered(seconds(*fb.start)) : Ordered(nullptr);
    failback["end_s"] = fb.end ? Ordered(seconds(*fb.end)) : Ordered(nullptr);
    failback["duration_s"] = optional_seconds(fb.duration_s);
    Ordered fb_stages = Ordered::object();
    for (const sim::RtoStage& s : fb.stages) fb_stages[s.name] = s.seconds;
    failback["stages"] = std::move(fb_stages);
    failback["downtime_s"] = optional_seconds(fb.downtime_s);
    Ordered fb_rpo = Ordered::object();
    Ordered fb_writes = Ordered::object();
    Ordered fb_lost = Ordered::object();
    Ordered fb_lost_bytes = Ordered::object();
    for (const auto& [store, loss] : fb.stores) {
      const std::string name(sim::to_string(store));
      fb_rpo[name] = optional_seconds(loss.rpo_s);
      fb_writes[name] = loss.writes;
      fb_lost[name] = loss.lost_writes;
      fb_lost_bytes[name] = loss.lost_bytes;
    }
    failback["rpo_s"] = std::move(fb_rpo);
    failback["writes"] = std::move(fb_writes);
    failback["lost_writes"] = std::move(fb_lost);
    failback["lost_bytes"] = std::move(fb_lost_bytes);
    out["failback"] = std::move(failback);
  } else {
    out["failback"] = nullptr;
  }
  Ordered assertions = Ordered::array();
  for (const sim::AssertionResult& a : r.assertions) {
    assertions.push_back(Ordered{{"name", a.name}, {"target", a.target}, {"measured", a.measured}, {"pass", a.pass}});
  }
  out["assertions"] = std::move(assertions);
  Ordered violations = Ordered::array();
  for (const sim::Violation& v : r.violations) {
    violations.push_back(Ordered{{"t_s", seconds(v.at)}, {"invariant", v.invariant}, {"detail", v.detail}});
  }
  out["violations"] = std::move(violations);
  Ordered steps = Ordered::array();
  for (const sim::StepRecord& s : r.steps) {
    steps.push_back(Ordered{{"name", s.name}, {"start_s", seconds(s.start)}, {"end_s", seconds(s.end)}, {"ok", s.ok},
                            {"detail", s.detail}});
  }
  out["runbook_steps"] = std::move(steps);
  // Served drills only, so simulated reports keep their bytes.
  if (r.served) out["served"] = true;
  if (r.state) out["state"] = Ordered{{"dir", r.state->dir}, {"resumed", r.state->resumed}};
  if (r.external_command) {
    const sim::ExternalCommandResult& c = *r.external_command;
    Ordered command{{"command", c.command}};
    command["started_s"] = c.started_at ? Ordered(seconds(*c.started_at)) : Ordered(nullptr);
    command["ended_s"] = c.ended_at ? Ordered(seconds(*c.ended_at)) : Ordered(nullptr);
    command["exit_status"] = c.exit_status ? Ordered(*c.exit_status) : Ordered(nullptr);
    command["outcome"] = c.outcome;
    command["output_file"] = c.output_file;
    command["output_tail"] = c.output_tail;
    out["external_command"] = std::move(command);
  }
  Ordered probes = Ordered::array();
  for (const sim::ProbeSummary& p : r.probes) {
    Ordered probe{{"name", p.name},
                  {"kind", p.kind},
                  {"workspace", p.workspace.empty() ? Ordered("active") : Ordered(p.workspace)},
                  {"expect_failure", p.expect_failure},
                  {"attempts", p.attempts},
                  {"successes", p.successes}};
    probe["first_failure_after_outage_s"] =
        p.first_failure_after_outage ? Ordered(seconds(*p.first_failure_after_outage)) : Ordered(nullptr);
    probe["recovered_at_s"] = p.recovered_at ? Ordered(seconds(*p.recovered_at)) : Ordered(nullptr);
    probe["last_error"] = p.last_error;
    probes.push_back(std::move(probe));
  }
  out["probes"] = std::move(probes);
  Ordered counters = Ordered::object();
  for (const auto& [name, n] : r.counters) counters[name] = n;
  out["counters"] = std::move(counters);
  Ordered events = Ordered::array();
  for (const sim::TimelineEvent& e : r.events) {
    events.push_back(Ordered{{"t", format_iso8601(e.at)}, {"t_s", seconds(e.at - r.epoch)}, {"actor", e.actor}, {"what", e.what}});
  }
  out["events"] = std::move(events);
  char hash[24];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(r.trace_hash));
  out["run"] = Ordered{{"simulated_s", seconds(r.simulated)}, {"events", r.events_run}, {"trace_hash", hash}};
  out["replay"] = sim::replay_command(r);
  return out.dump(2, ' ', false, Ordered::error_handler_t::replace) + "\n";
}

}  // namespace drdrill::reports
