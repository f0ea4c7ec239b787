#include "sim/drill.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <variant>

#include "sim/checker.h"

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
  return std::string(result.served ? "drdrill serve " : "drdrill run ") + file + " --seed " + std::to_string(result.seed);
}

Drill::~Drill() = default;

Result<std::unique_ptr<Drill>> Drill::create(const Scenario& scenario_in, const DrillOptions& options) {
  std::unique_ptr<Drill> drill(new Drill());
  Scenario& scenario = drill->scenario_;
  scenario = scenario_in;
  drill->options_ = options;
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  scenario.seed = seed;
  if (auto* reference = std::get_if<ReferenceRunbook>(&scenario.runbook)) {
    if (reference->from_workspace.empty()) reference->from_workspace = only_workspace_in(scenario, scenario.topology.regions.primary);
    if (reference->to_workspace.empty()) reference->to_workspace = only_workspace_in(scenario, scenario.topology.regions.secondary);
  }
  // The world never runs a runbook itself; serve runs an external one outside it, so the world is
  // built as for a scenario without one (World::check_supported refuses the external kind).
  Scenario world_scenario = scenario;
  if (options.allow_external_runbook && std::holds_alternative<ExternalRunbook>(world_scenario.runbook)) {
    world_scenario.runbook = NoRunbook{};
  }
  auto built = World::build(world_scenario, seed, options.front_door, options.state_dir);
  if (!built.ok()) return built.status();
  drill->world_ = std::move(built).value();
  World& world = *drill->world_;
  SimulatedScheduler& sched = world.scheduler();
  const TimePoint epoch = world.epoch();
  drill->end_time_ = epoch + scenario.run.max_time;
  drill->events_before_ = sched.events_run();

  DrillState& state = drill->state_;
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

  drill->timeline_ = std::make_unique<Timeline>(sched);
  Timeline& timeline = *drill->timeline_;
  timeline.record("drill", "start: " + scenario.name + ", seed " + std::to_string(seed));
  drill->invariants_ = std::make_unique<InvariantChecker>(world, state, timeline);
  drill->invariants_->install();
  drill->faults_ = std::make_unique<FaultInjector>(world, timeline);
  DRDRILL_RETURN_IF_ERROR(drill->faults_->arm(drill->end_time_));
  drill->workload_ = std::make_unique<WorkloadDriver>(
      world, state, timeline, drill->end_time_,
      options.state_run > 1 ? "r" + std::to_string(options.state_run) + "-" : std::string());
  drill->probes_ = std::make_unique<ProbeRunner>(world, state, timeline, drill->end_time_);
  if (const auto* reference = std::get_if<ReferenceRunbook>(&scenario.runbook)) {
    drill->runbook_ = std::make_unique<ReferenceRunbookRunner>(world, state, timeline, *reference);
  }
  // Control-plane drift as it stands when the outage starts (or the drill does, without one).
  {
    std::string a = state.active_workspace;
    std::string b;
    if (const auto* reference = std::get_if<ReferenceRunbook>(&scenario.runbook)) b = reference->to_workspace;
    if (b.empty()) b = only_workspace_in(scenario, scenario.topology.regions.secondary);
    sched.schedule_at(state.outage_start.value_or(epoch),
                      [w = &world, drift = &drill->drift_, a, b] { *drift = control_plane_drift(*w, a, b); }, "checker.drift");
  }
  for (const auto& [at, intervention] : options.interventions) {
    sched.schedule_at(epoch + at, [w = &world, fn = intervention] { fn(*w); }, "test.intervention");
  }

  // Created after everything its tasks reference, so its frames are destroyed first.
  drill->tasks_ = std::make_unique<TaskGroup>(sched);
  drill->workload_->start(*drill->tasks_);
  drill->probes_->start(*drill->tasks_);
  if (drill->runbook_) drill->tasks_->spawn(drill->runbook_->run(), "runbook.start");
  return drill;
}

Status Drill::fail(Status status) {
  invariants_->uninstall();
  error_ = std::move(status);
  return error_;
}

Status Drill::advance_to(TimePoint until_in) {
  if (!error_.ok()) return error_;
  SimulatedScheduler& sched = world_->scheduler();
  const TimePoint until = std::min(until_in, end_time_);
  if (until < sched.now()) return Status::Ok();  // simulated time never goes back
  const std::uint64_t max_events = scenario_.run.max_events;
  const std::uint64_t used = events_run();
  const Status ran = sched.run(drdrill::RunBounds{.max_events = max_events - std::min(used, max_events), .until = until});
  if (!ran.ok()) {
    return fail(Status::ResourceExhausted("run.max_events (" + std::to_string(max_events) + ") reached at " +
                                          format_duration(sched.now() - world_->epoch()) + " into the drill: " + ran.message()));
  }
  if (!faults_->status().ok()) return fail(Status::Internal("applying a fault: " + faults_->status().to_string()));
  if (Status kept = world_->state_status(); !kept.ok()) {
    return fail(Status::Internal("keeping the Blob state in the state directory: " + kept.to_string()));
  }
  return Status::Ok();
}

void Drill::check_invariants() {
  if (finished_ || !error_.ok()) return;
  invariants_->check_now();
}

Result<DrillResult> Drill::finish() {
  if (!error_.ok()) return error_;
  if (finished_) return Status::FailedPrecondition("the drill has already finished");
  finished_ = true;
  // Ended before its outage began (a served drill stopped early): there was no outage to recover from.
  if (state_.outage_start && *state_.outage_start > now()) state_.outage_start.reset();
  invariants_->check_now();
  invariants_->uninstall();
  timeline_->record("drill", "end");

  DrillResult result = evaluate(CheckInputs{*world_, state_, *timeline_, *invariants_, probes_->summaries(),
                                            runbook_ ? runbook_->steps() : external_steps_, drift_});
  result.scenario_file = options_.scenario_file;
  result.served = served_;
  if (!options_.state_dir.empty()) result.state = ServedState{options_.state_dir.string(), options_.state_resumed};
  if (external_command_) {
    const ExternalCommandResult& command = *external_command_;
    const bool ok = command.exit_status && *command.exit_status == 0;
    result.assertions.push_back(AssertionResult{"runbook.command", "exits 0", command.outcome, ok});
    if (!ok) {
      result.verdict = Verdict::kFail;
      result.passed = result.expect && result.expect->verdict == Verdict::kFail &&
                      std::all_of(result.expect->findings.begin(), result.expect->findings.end(),
                                  [&](Finding f) { return result.findings.contains(f); });
    }
    result.external_command = command;
  }
  return result;
}

Result<DrillResult> run_drill(const Scenario& scenario, const DrillOptions& options) {
  auto created = Drill::create(scenario, options);
  if (!created.ok()) return created.status();
  Drill& drill = **created;
  // Run to the end in hours, so long drills can report progress.
  while (drill.now() < drill.end_time()) {
    DRDRILL_RETURN_IF_ERROR(drill.advance_to(std::min(drill.end_time(), drill.now() + std::chrono::hours(1))));
    if (options.progress) {
      options.progress(format_duration(drill.now() - drill.epoch()) + " of " + format_duration(drill.scenario().run.max_time) +
                       " simulated, " + std::to_string(drill.events_run()) + " events");
    }
  }
  return drill.finish();
}

}  // namespace drdrill::sim
