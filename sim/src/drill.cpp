#include "sim/drill.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <variant>

#include "core/task_group.h"
#include "sim/checker.h"
#include "sim/fault_injector.h"
#include "sim/invariants.h"
#include "sim/probe_runner.h"
#include "sim/reference_runbook.h"
#include "sim/workload_driver.h"

namespace drdrill::sim {
namespace {

// The only workspace of `region`, or "" when it has none or several.
std::string only_workspace_in(const Scenario& scenario, const std::string& region) {
  std::string found;
  for (const Workspace& ws : scenario.topology.workspaces) {
    if (ws.region != region) continue;
    if (!found.empty()) return "";
    found = ws.name;
  }
  return found;
}

}  // namespace

std::string replay_command(const DrillResult& result) {
  const std::string file = result.scenario_file.empty() ? "<scenario file>" : result.scenario_file;
  return "drdrill run " + file + " --seed " + std::to_string(result.seed);
}

Result<DrillResult> run_drill(const Scenario& scenario_in, const DrillOptions& options) {
  Scenario scenario = scenario_in;
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  scenario.seed = seed;
  if (auto* reference = std::get_if<ReferenceRunbook>(&scenario.runbook)) {
    if (reference->from_workspace.empty()) reference->from_workspace = only_workspace_in(scenario, scenario.topology.regions.primary);
    if (reference->to_workspace.empty()) reference->to_workspace = only_workspace_in(scenario, scenario.topology.regions.secondary);
  }
  auto built = World::build(scenario, seed);
  if (!built.ok()) return built.status();
  World& world = **built;
  SimulatedScheduler& sched = world.scheduler();
  const TimePoint epoch = world.epoch();
  const TimePoint run_end = epoch + scenario.run.max_time;

  DrillState state;
  if (const auto* reference = std::get_if<ReferenceRunbook>(&scenario.runbook)) {
    state.active_workspace = reference->from_workspace;
  }
  if (state.active_workspace.empty()) state.active_workspace = only_workspace_in(scenario, scenario.topology.regions.primary);
  if (state.active_workspace.empty() && !scenario.topology.workspaces.empty()) {
    state.active_workspace = scenario.topology.workspaces.front().name;
  }
  for (const Workspace& ws : scenario.topology.workspaces) {
    for (const Job& job : ws.jobs) {
      if (job.max_concurrent_runs == 0) state.held_jobs.insert({ws.name, job.name});
    }
  }
  if (const auto start = outage_start(scenario)) state.outage_start = epoch + *start;

  Timeline timeline(sched);
  timeline.record("drill", "start: " + scenario.name + ", seed " + std::to_string(seed));
  InvariantChecker invariants(world, state, timeline);
  invariants.install();
  FaultInjector faults(world, timeline);
  DRDRILL_RETURN_IF_ERROR(faults.arm(run_end));
  WorkloadDriver workload(world, state, timeline, run_end);
  ProbeRunner probes(world, state, timeline, run_end);
  std::unique_ptr<ReferenceRunbookRunner> runbook;
  if (const auto* reference = std::get_if<ReferenceRunbook>(&scenario.runbook)) {
    runbook = std::make_unique<ReferenceRunbookRunner>(world, state, timeline, *reference);
  }
  // Control-plane drift as it stands when the outage starts (or the drill does, without one).
  std::vector<std::string> drift;
  {
    std::string a = state.active_workspace;
    std::string b;
    if (const auto* reference = std::get_if<ReferenceRunbook>(&scenario.runbook)) b = reference->to_workspace;
    if (b.empty()) b = only_workspace_in(scenario, scenario.topology.regions.secondary);
    sched.schedule_at(state.outage_start.value_or(epoch), [&world, &drift, a, b] { drift = control_plane_drift(world, a, b); },
                      "checker.drift");
  }
  for (const auto& [at, intervention] : options.interventions) {
    sched.schedule_at(epoch + at, [&world, fn = intervention] { fn(world); }, "test.intervention");
  }

  // Declared after everything its tasks reference, so its frames are destroyed first.
  TaskGroup tasks(sched);
  workload.start(tasks);
  probes.start(tasks);
  if (runbook) tasks.spawn(runbook->run(), "runbook.start");

  // Run to the end in hours, so long drills can report progress.
  const std::uint64_t max_events = scenario.run.max_events;
  const std::uint64_t events_before = sched.events_run();
  while (sched.now() < run_end) {
    const TimePoint until = std::min(run_end, sched.now() + std::chrono::hours(1));
    const std::uint64_t used = sched.events_run() - events_before;
    const Status ran = sched.run(drdrill::RunBounds{.max_events = max_events - std::min(used, max_events), .until = until});
    if (!ran.ok()) {
      invariants.uninstall();
      return Status::ResourceExhausted("run.max_events (" + std::to_string(max_events) + ") reached at " +
                                       format_duration(sched.now() - epoch) + " into the drill: " + ran.message());
    }
    if (!faults.status().ok()) {
      invariants.uninstall();
      return Status::Internal("applying a fault: " + faults.status().to_string());
    }
    if (options.progress) {
      options.progress(format_duration(sched.now() - epoch) + " of " + format_duration(scenario.run.max_time) + " simulated, " +
                       std::to_string(sched.events_run() - events_before) + " events");
    }
  }
  invariants.check_now();
  invariants.uninstall();
  timeline.record("drill", "end");

  static const std::vector<StepRecord> kNoSteps;
  DrillResult result = evaluate(CheckInputs{world, state, timeline, invariants, probes.summaries(),
                                            runbook ? runbook->steps() : kNoSteps, drift});
  result.scenario_file = options.scenario_file;
  return result;
}

}  // namespace drdrill::sim
