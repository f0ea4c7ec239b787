// The few lines `drdrill run` prints: the outcome, RTO and its stages, what each store lost, what
// failed, and the command that replays the run.

#include <sstream>

#include "format.h"
#include "reports/reports.h"
#include "sim/drill.h"
#include "sim/enum_names.h"

namespace drdrill::reports {

std::string render_summary(const sim::DrillResult& r) {
  std::ostringstream out;
  out << "drill " << r.scenario << " (seed " << r.seed << "): " << outcome_text(r) << "\n";
  out << "  RTO: ";
  if (r.rto_s) {
    out << seconds_text(r.rto_s);
    if (!r.rto_stages.empty()) {
      out << " =";
      for (std::size_t i = 0; i < r.rto_stages.size(); ++i) {
        out << (i == 0 ? " " : " + ") << r.rto_stages[i].name << " " << seconds_text(r.rto_stages[i].seconds);
      }
    }
  } else {
    out << rto_text(r);
  }
  out << "\n  RPO:";
  bool first = true;
  for (const auto& [store, loss] : r.stores) {
    out << (first ? " " : ", ") << sim::to_string(store) << " " << seconds_text(loss.rpo_s);
    if (loss.lost_writes > 0) out << " (" << loss.lost_writes << " writes, " << bytes_text(loss.lost_bytes) << " lost)";
    first = false;
  }
  std::int64_t inconsistencies = 0;
  for (const auto& [kind, n] : r.inconsistencies) inconsistencies += n;
  out << "\n  inconsistencies: " << inconsistencies << ", control-plane drift: " << r.control_plane_drift.size()
      << ", duplicate runs: " << r.duplicate_runs << "\n";
  if (r.failback) {
    const sim::FailbackResult& fb = *r.failback;
    out << "  failback: ";
    if (fb.completed) {
      out << seconds_text(fb.duration_s) << " from +" << seconds_text(to_seconds(*fb.start)) << " =";
      for (std::size_t i = 0; i < fb.stages.size(); ++i) {
        out << (i == 0 ? " " : " + ") << fb.stages[i].name << " " << seconds_text(fb.stages[i].seconds);
      }
      out << "; downtime " << (fb.downtime_s ? seconds_text(fb.downtime_s) : std::string("not recovered"));
    } else {
      out << (fb.start ? "started at +" + seconds_text(to_seconds(*fb.start)) + ", not completed" : std::string("not started"));
    }
    std::int64_t lost = 0;
    for (const auto& [store, loss] : fb.stores) lost += loss.lost_writes;
    out << "; lost writes " << lost << "\n";
  }
  if (!r.findings.empty()) {
    out << "  findings:";
    for (const sim::Finding f : r.findings) out << " " << sim::enum_name(f);
    out << "\n";
  }
  for (const sim::AssertionResult& a : r.assertions) {
    if (!a.pass) out << "  failed: " << a.name << " (target " << a.target << ", measured " << a.measured << ")\n";
  }
  if (r.expect) {
    for (const sim::Finding f : r.expect->findings) {
      if (!r.findings.contains(f)) out << "  expected finding not reported: " << sim::enum_name(f) << "\n";
    }
  }
  if (r.external_command) {
    out << "  command: " << r.external_command->outcome;
    if (!r.external_command->output_file.empty()) out << " (output: " << r.external_command->output_file << ")";
    out << "\n";
  }
  if (r.state) {
    out << "  state: " << r.state->dir
        << (r.state->resumed ? " (resumed from an earlier run's state; the timeline started again)" : " (new)") << "\n";
  }
  out << "replay: " << sim::replay_command(r) << "\n";
  return out.str();
}

}  // namespace drdrill::reports
