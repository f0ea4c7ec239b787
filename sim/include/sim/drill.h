#pragma once
// A drill: build the world from the scenario, inject its faults on their timeline, run the
// workload, the probes and the runbook, check the invariants on every event, stop at the run's
// end, then measure: RTO (and its stages), RPO and lost writes per store from the ledger,
// cross-store inconsistencies, control-plane drift, duplicate work, and the verdict against the
// scenario's assertions (and, for a negative scenario, its expectation).
//
// Two ways to drive it, one object: run_drill() advances a Drill to the run's end at once (the
// simulated clock jumps from event to event); `drdrill serve` advances the same Drill bit by bit
// as the wall clock moves (its real-time pump), serving the world's handlers in between.
//
// Same scenario and seed, same result, byte for byte: nothing here reads a real clock.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <memory>

#include "core/result.h"
#include "core/task_group.h"
#include "sim/drill_result.h"
#include "sim/drill_state.h"
#include "sim/fault_injector.h"
#include "sim/invariants.h"
#include "sim/probe_runner.h"
#include "sim/reference_runbook.h"
#include "sim/scenario.h"
#include "sim/timeline.h"
#include "sim/workload_driver.h"
#include "sim/world.h"

namespace drdrill::sim {

struct DrillOptions {
  // Overrides the scenario's seed.
  std::optional<std::uint64_t> seed;
  // The file the scenario came from, for the replay command in reports.
  std::string scenario_file;
  // Called every simulated hour with a one-line status (the CLI prints it to stderr).
  std::function<void(const std::string&)> progress;
  // For tests: changes to the world at given times since the drill's start — how a test breaks a
  // world on purpose to show that an invariant notices. Run in order, as scheduler events.
  std::vector<std::pair<Duration, std::function<void(World&)>>> interventions;
  // `drdrill serve`: a scenario whose runbook is external (the user's own tool, started by serve)
  // is accepted and runs without a built-in runbook. drdrill run leaves this off and refuses it.
  bool allow_external_runbook = false;
  // Where clients reach the world's services (drdrill serve: its listeners).
  WorldFrontDoor front_door;
  // `drdrill serve --state-dir`: the world's SQL databases and Blob data live in files here
  // (World::build); empty: in memory. `state_resumed`: the directory held an earlier run's state,
  // which the report says.
  std::filesystem::path state_dir;
  bool state_resumed = false;
  // Which run on that directory this is (1: the first): later runs name their workload's writes
  // apart ("r2-000001"), so they do not collide with an earlier run's.
  std::int64_t state_run = 1;
};

// One drill, steppable. create() builds the world (warmed up to the epoch) and every part of the
// drill and schedules their first events; advance_to() runs events up to a simulated time;
// finish() checks, evaluates and returns the result.
//
// Ownership: the Drill owns the world and everything that runs in it; the references it hands out
// live as long as it does. Single-threaded: use it on one thread.
class Drill {
 public:
  // As run_drill's errors, for the building part.
  static Result<std::unique_ptr<Drill>> create(const Scenario& scenario, const DrillOptions& options = {});
  ~Drill();
  Drill(const Drill&) = delete;
  Drill& operator=(const Drill&) = delete;

  // Runs every event due at or before min(`until`, end_time()); the clock then stands there.
  // The scenario's run.max_events bounds the events of all calls together (ResourceExhausted
  // naming the bound); a fault that could not be applied is Internal. After an error the drill
  // stops: later calls return the same error.
  Status advance_to(TimePoint until);
  // The time of the next event (nullopt if none), so a real-time driver knows when to call again.
  std::optional<TimePoint> next_event_time() { return world_->scheduler().next_event_time(); }
  // Whether the clock has reached the run's end.
  bool at_end() const { return world_->scheduler().now() >= end_time_; }
  TimePoint now() const { return world_->scheduler().now(); }
  TimePoint epoch() const { return world_->epoch(); }
  // The scenario's epoch + run.max_time.
  TimePoint end_time() const { return end_time_; }
  std::uint64_t events_run() const { return world_->scheduler().events_run() - events_before_; }

  // Runs the invariant checks that otherwise run before every event, now: `drdrill serve` calls it
  // after a request that may have changed the world (not after reads), so that what a client's
  // write broke is caught at the write's time rather than at the next event. No-op once finished.
  void check_invariants();
  const InvariantChecker& invariants() const { return *invariants_; }

  // Ends the drill where it stands (the run's end or earlier, as `drdrill serve` may): the last
  // invariant check, then the evaluation. Call once; advance_to() must not be called afterwards.
  Result<DrillResult> finish();

  World& world() { return *world_; }
  const Scenario& scenario() const { return scenario_; }
  Timeline& timeline() { return *timeline_; }
  DrillState& state() { return state_; }
  FaultInjector& faults() { return *faults_; }
  // Steps of a runbook drdrill did not run itself (the user's tool, inferred from what it called),
  // evaluated like the built-in runbook's for the RTO stages. Ignored when a built-in runbook runs.
  void record_step(StepRecord step) { external_steps_.push_back(std::move(step)); }
  // `drdrill serve`: the result is marked served, and the external command (if any) is judged by
  // finish() as the assertion "runbook.command" (it must exit 0).
  void set_served(std::optional<ExternalCommandResult> command) {
    served_ = true;
    external_command_ = std::move(command);
  }

 private:
  Drill() = default;
  Status fail(Status status);

  Scenario scenario_;
  DrillOptions options_;
  TimePoint end_time_{};
  std::uint64_t events_before_ = 0;
  Status error_;
  bool finished_ = false;
  // Declared in dependency order; destroyed in reverse, the task group first.
  std::unique_ptr<World> world_;
  DrillState state_;
  std::unique_ptr<Timeline> timeline_;
  std::unique_ptr<InvariantChecker> invariants_;
  std::unique_ptr<FaultInjector> faults_;
  std::unique_ptr<WorkloadDriver> workload_;
  std::unique_ptr<ProbeRunner> probes_;
  std::unique_ptr<ReferenceRunbookRunner> runbook_;
  std::vector<std::string> drift_;
  std::vector<StepRecord> external_steps_;
  bool served_ = false;
  std::optional<ExternalCommandResult> external_command_;
  std::unique_ptr<TaskGroup> tasks_;
};

// Drill::create, advance_to(end), finish().
// InvalidArgument: the scenario asks for something drdrill run cannot do ("not supported yet: ...",
// an external runbook). ResourceExhausted: the run's event bound was hit (its message names the
// bound). Internal: a model refused the scenario's setup, or a fault could not be applied.
Result<DrillResult> run_drill(const Scenario& scenario, const DrillOptions& options = {});

// The command that replays a drill: "drdrill run <file> --seed <n>" ("drdrill serve ..." for a
// served one, which replays the world and its faults, not the wall clock's timing).
std::string replay_command(const DrillResult& result);

}  // namespace drdrill::sim
