#include "sim/probe_runner.h"

#include <utility>
#include <variant>

#include "core/delay.h"
#include "sim/call.h"
#include "sim/cluster_access.h"

namespace drdrill::sim {

ProbeRunner::ProbeRunner(World& world, DrillState& state, Timeline& timeline, TimePoint run_end)
    : world_(world), state_(state), timeline_(timeline), run_end_(run_end), front_(world.blob_front().handler()) {
  for (const Probe& probe : world_.scenario().probes) {
    ProbeSummary s;
    s.name = probe.name;
    s.kind = std::string(probe.kind());
    s.workspace = probe.workspace;
    s.expect_failure = probe.expect_failure;
    summaries_.push_back(std::move(s));
  }
}

void ProbeRunner::start(TaskGroup& tasks) {
  for (std::size_t i = 0; i < summaries_.size(); ++i) tasks.spawn(loop(i), "probe.start");
}

Task<ProbeRunner::Attempt> ProbeRunner::attempt(const Probe& probe, std::int64_t n) {
  if (const auto* blob = std::get_if<BlobWriteProbe>(&probe.what)) {
    http::Request request = world_.blob_request(http::Method::kPut, blob->account, false,
                                                "/" + blob->container + "/drdrill-probe/" + probe.name + "/" +
                                                    std::to_string(n) + ".bin",
                                                "canary");
    const storage::OutageMode mode = world_.blob_front().outage_mode(request);
    const CallOutcome outcome = co_await call(world_.scheduler(), front_, std::move(request), reach_of(mode), probe.timeout);
    co_return Attempt{outcome.ok(), outcome.describe()};
  }
  const std::string& workspace = probe.workspace.empty() ? state_.active_workspace : probe.workspace;
  auto session = running_session(world_, workspace);
  if (!session.ok()) co_return Attempt{false, session.status().message()};
  databricks::ClusterDataSession& data = *session->session;
  if (const auto* read = std::get_if<TableReadProbe>(&probe.what)) {
    auto rows = count_rows(world_, data, read->table);
    co_return rows.ok() ? Attempt{true, std::to_string(*rows) + " rows"} : Attempt{false, rows.status().message()};
  }
  if (const auto* query = std::get_if<QueryProbe>(&probe.what)) {
    auto result = run_statement(data, query->statement);
    co_return result.ok() ? Attempt{true, *result} : Attempt{false, result.status().message()};
  }
  const auto& write = std::get<TableWriteProbe>(probe.what);
  auto written = data.insert_rows(write.table, write.rows);
  co_return written.ok() ? Attempt{true, std::to_string(write.rows) + " rows written"}
                         : Attempt{false, written.status().message()};
}

Task<void> ProbeRunner::loop(std::size_t index) {
  const Probe& probe = world_.scenario().probes[index];
  ProbeSummary& summary = summaries_[index];
  Scheduler& sched = world_.scheduler();
  std::optional<bool> last;
  std::int64_t n = 0;
  for (TimePoint t = world_.epoch(); t < run_end_; t += probe.interval) {
    co_await delay_until(sched, t, "probe.tick");
    ++n;
    const Attempt result = co_await attempt(probe, n);
    ++summary.attempts;
    if (result.ok) ++summary.successes;
    const Duration at = sched.now() - world_.epoch();
    // The failback's planned downtime is measured on its own: it neither reopens RTO nor names
    // findings (a planned storage failover refuses writes while it switches, by design).
    const bool in_failback = state_.failback_start && sched.now() >= *state_.failback_start;
    if (in_failback && !probe.expect_failure) {
      if (!result.ok) {
        if (!summary.failback_first_failure) summary.failback_first_failure = at;
        summary.failback_recovered_at.reset();
      } else if (summary.failback_first_failure && !summary.failback_recovered_at) {
        summary.failback_recovered_at = at;
      }
    }
    if (!result.ok && in_failback && !probe.expect_failure) {
      summary.last_error = result.detail;
    } else if (!result.ok) {
      summary.last_error = result.detail;
      if (const auto finding = finding_of_failure(result.detail); finding && !probe.expect_failure) {
        state_.findings.insert(*finding);
      }
      if (probe.expect_failure) {
        // The refusal a negative probe wants; its cause is still worth reporting.
        if (const auto finding = finding_of_failure(result.detail)) state_.findings.insert(*finding);
      }
    }
    if (probe.expect_failure && result.ok) state_.findings.insert(Finding::kUnexpectedProbeSuccess);
    const bool after_outage = state_.outage_start && sched.now() >= *state_.outage_start;
    if (after_outage) ++summary.attempts_after_outage;
    if (after_outage && !result.ok) {
      if (!summary.first_failure_after_outage) summary.first_failure_after_outage = at;
      // Service is restored when the probe succeeds and keeps succeeding: a failure after an
      // earlier recovery starts the wait again — unless it is the failback's (measured apart).
      if (!in_failback) summary.recovered_at.reset();
    }
    if (after_outage && result.ok && summary.first_failure_after_outage && !summary.recovered_at) summary.recovered_at = at;
    if (!last || *last != result.ok) {
      timeline_.record("probe:" + probe.name, result.ok ? "ok: " + result.detail : "failing: " + result.detail);
    }
    last = result.ok;
  }
}

}  // namespace drdrill::sim
