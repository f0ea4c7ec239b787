// Throughput of SimulatedScheduler against the simplest loop that does the same work: a
// std::priority_queue of (time, sequence, std::function). The target is scheduler >= 0.5x the
// bare loop. Both run the identical workload (same seed, same delays, same number of events): a fixed
// number of concurrent timers, each event scheduling its follow-up at a random future delay.
//
//   cmake --preset release && cmake --build --preset release --target event_loop_bench
//   build/release/bench/kernel/event_loop_bench

#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "core/random.h"
#include "core/simulated_scheduler.h"
#include "core/delay.h"
#include "core/task.h"
#include "core/task_group.h"

namespace drdrill {
namespace {

constexpr std::int64_t kMaxDelayUs = 1'000'000;  // follow-ups land up to 1 s ahead

// ---- the kernel ---------------------------------------------------------------------------------

struct KernelTimers {
  explicit KernelTimers(std::int64_t follow_ups) : follow_ups_left(follow_ups) {}

  SimulatedScheduler sched;
  RandomStream rng = Random(1).stream("bench");
  std::int64_t follow_ups_left;

  void fire() {
    if (follow_ups_left-- <= 0) return;
    sched.schedule_after(Duration{rng.uniform_int(1, kMaxDelayUs)}, [this] { fire(); }, "bench.timer");
  }
};

void BM_SimulatedScheduler(benchmark::State& state) {
  const auto timers = state.range(0);
  const auto events = state.range(1);
  std::uint64_t total = 0;
  for (auto _ : state) {
    KernelTimers world(events - timers);
    for (std::int64_t i = 0; i < timers; ++i) {
      world.sched.schedule_after(Duration{world.rng.uniform_int(1, kMaxDelayUs)}, [&world] { world.fire(); },
                                 "bench.timer");
    }
    if (!world.sched.run().ok()) state.SkipWithError("run failed");
    total += world.sched.events_run();
    benchmark::DoNotOptimize(world.sched.trace_hash());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(total));
}

// ---- the bare loop ------------------------------------------------------------------------------

struct BareItem {
  std::int64_t time_us;
  std::uint64_t sequence;
  std::function<void()> fn;
};

struct BareRunsLater {
  bool operator()(const BareItem& a, const BareItem& b) const {
    return a.time_us != b.time_us ? a.time_us > b.time_us : a.sequence > b.sequence;
  }
};

struct BareTimers {
  explicit BareTimers(std::int64_t follow_ups) : follow_ups_left(follow_ups) {}

  std::priority_queue<BareItem, std::vector<BareItem>, BareRunsLater> queue;
  std::int64_t now_us = 0;
  std::uint64_t next_sequence = 0;
  std::uint64_t events_run = 0;
  RandomStream rng = Random(1).stream("bench");
  std::int64_t follow_ups_left;

  void schedule_after(std::int64_t delay_us, std::function<void()> fn) {
    queue.push(BareItem{now_us + delay_us, next_sequence++, std::move(fn)});
  }

  void fire() {
    if (follow_ups_left-- <= 0) return;
    schedule_after(rng.uniform_int(1, kMaxDelayUs), [this] { fire(); });
  }

  void run() {
    while (!queue.empty()) {
      // top() is const; moving the element out before pop() is the usual way to avoid a copy.
      BareItem item = std::move(const_cast<BareItem&>(queue.top()));
      queue.pop();
      now_us = item.time_us;
      ++events_run;
      item.fn();
    }
  }
};

void BM_BarePriorityQueue(benchmark::State& state) {
  const auto timers = state.range(0);
  const auto events = state.range(1);
  std::uint64_t total = 0;
  for (auto _ : state) {
    BareTimers world(events - timers);
    for (std::int64_t i = 0; i < timers; ++i) {
      world.schedule_after(world.rng.uniform_int(1, kMaxDelayUs), [&world] { world.fire(); });
    }
    world.run();
    total += world.events_run;
    benchmark::DoNotOptimize(world.now_us);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(total));
}

// ---- coroutines ---------------------------------------------------------------------------------

Task<void> sleeper(Scheduler& sched, RandomStream& rng, std::int64_t sleeps) {
  for (std::int64_t i = 0; i < sleeps; ++i) co_await delay_for(sched, Duration{rng.uniform_int(1, kMaxDelayUs)});
}

// One event per sleep (plus one start per task): items are sleeps completed.
void BM_CoroutineSleepLoop(benchmark::State& state) {
  const auto tasks_count = state.range(0);
  const auto sleeps_per_task = state.range(1) / tasks_count;
  std::uint64_t total = 0;
  for (auto _ : state) {
    SimulatedScheduler sched;
    RandomStream rng = Random(1).stream("bench");
    TaskGroup tasks(sched);
    for (std::int64_t i = 0; i < tasks_count; ++i) tasks.spawn(sleeper(sched, rng, sleeps_per_task));
    if (!sched.run().ok()) state.SkipWithError("run failed");
    total += static_cast<std::uint64_t>(tasks_count * sleeps_per_task);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(total));
}

// Timeouts that almost never fire: schedule one and cancel it, with `live` other events queued.
// Items are schedule+cancel pairs.
void BM_ScheduleThenCancel(benchmark::State& state) {
  const auto live = state.range(0);
  SimulatedScheduler sched;
  RandomStream rng = Random(1).stream("bench");
  for (std::int64_t i = 0; i < live; ++i) sched.schedule_after(Duration{rng.uniform_int(1, kMaxDelayUs)}, [] {});
  for (auto _ : state) {
    const TimerId id = sched.schedule_after(Duration{rng.uniform_int(1, kMaxDelayUs)}, [] {}, "bench.timeout");
    benchmark::DoNotOptimize(sched.cancel(id));
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_SimulatedScheduler)->Args({1000, 1'000'000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BarePriorityQueue)->Args({1000, 1'000'000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimulatedScheduler)->Args({100'000, 1'000'000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BarePriorityQueue)->Args({100'000, 1'000'000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CoroutineSleepLoop)->Args({1000, 1'000'000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScheduleThenCancel)->Arg(1000);

}  // namespace
}  // namespace drdrill
