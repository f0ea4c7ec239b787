// Every invariant fires on a deliberately broken world, and stays quiet on the same world unbroken:
// a checker that never fails is worthless.

#include <gtest/gtest.h>

#include "drill_test_support.h"
#include "sim/drill.h"
#include "sim/invariants.h"
#include "storage/replication_link.h"

namespace drdrill::sim {
namespace {

Scenario load(const std::string& relative) { return testing::load_source_scenario(relative); }
DrillResult run(const Scenario& scenario, const DrillOptions& options) { return testing::run_or_fail(scenario, options); }

std::int64_t violations(const DrillResult& r, std::string_view invariant) {
  return std::count_if(r.violations.begin(), r.violations.end(),
                       [&](const Violation& v) { return v.invariant == invariant; });
}

const AssertionResult* assertion(const DrillResult& r, const std::string& name) {
  for (const AssertionResult& a : r.assertions) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

// A client writing through the read-only secondary endpoint at 0:30, as a misconfigured job would.
void write_through_secondary(World& world) {
  (void)world.blob_front().handle(world.blob_request(http::Method::kPut, "lake", true, "/data/oops.bin", "x"));
}

TEST(Invariants, NoSecondaryWritesHoldsWhileTheSecondaryRefuses) {
  DrillOptions options;
  options.interventions.push_back({std::chrono::minutes(30), write_through_secondary});
  const DrillResult r = run(load("tests/sim/data/hand-computed-storage.json"), options);
  EXPECT_EQ(violations(r, kNoSecondaryWrites), 0);
  ASSERT_NE(assertion(r, "invariant.no_secondary_writes"), nullptr);
  EXPECT_TRUE(assertion(r, "invariant.no_secondary_writes")->pass);
  EXPECT_TRUE(r.findings.contains(Finding::kWriteRefusedBySecondary));
}

TEST(Invariants, NoSecondaryWritesFiresWhenABrokenServiceAcceptsOne) {
  DrillOptions options;
  // The broken world: a Blob service that serves -secondary writes from the primary.
  options.interventions.push_back({std::chrono::minutes(29), [](World& world) {
                                     storage::BlobService* service = new storage::BlobService(world.storage(), world.scheduler());
                                     std::shared_ptr<storage::BlobService> owned(service);
                                     world.blob_front().set_inner([owned](const http::Request& request) {
                                       http::Request rewritten = request;
                                       std::string host(request.headers.get("Host").value_or(""));
                                       if (const auto at = host.find("-secondary"); at != std::string::npos) host.erase(at, 10);
                                       rewritten.headers.set("Host", host);
                                       return owned->handle(rewritten);
                                     });
                                   }});
  options.interventions.push_back({std::chrono::minutes(30), write_through_secondary});
  const DrillResult r = run(load("tests/sim/data/hand-computed-storage.json"), options);
  EXPECT_EQ(violations(r, kNoSecondaryWrites), 1);
  EXPECT_TRUE(r.findings.contains(Finding::kSecondaryWriteAccepted));
  EXPECT_EQ(r.verdict, Verdict::kFail);
}

TEST(Invariants, SingleWritablePrimaryFiresWhenTheGeoSecondaryBecomesWritable) {
  const Scenario scenario = load("scenarios/regional-outage.json");
  const DrillResult healthy = run(scenario, {});
  EXPECT_EQ(violations(healthy, kSingleWritablePrimary), 0);

  DrillOptions options;
  options.interventions.push_back({std::chrono::minutes(20), [](World& world) {
                                     world.sql().database("hms-westus", "hms")->set_read_only(false);
                                   }});
  const DrillResult broken = run(scenario, options);
  EXPECT_EQ(violations(broken, kSingleWritablePrimary), 1);
  EXPECT_TRUE(broken.findings.contains(Finding::kTwoWritablePrimaries));
  ASSERT_FALSE(broken.violations.empty());
  EXPECT_EQ(broken.violations.front().at, std::chrono::minutes(20));
}

// A rogue deployment lifts the passive job's hold behind the runbook's back and someone runs it.
TEST(Invariants, HeldJobsNeverRunFiresWhenAHeldJobIsAdmitted) {
  const Scenario scenario = load("scenarios/regional-outage.json");
  auto run_held_job = [](bool lift_hold) {
    return [lift_hold](World& world) {
      databricks::JobService& jobs = world.workspace("secondary").model->jobs();
      const std::int64_t job_id = jobs.list().front()->job_id;
      if (lift_hold) {
        ASSERT_TRUE(jobs.update(job_id, Json{{"max_concurrent_runs", 1}}, {}).ok());
      }
      ASSERT_TRUE(jobs.run_now(job_id, "rogue@example.com").ok());
    };
  };
  DrillOptions still_held;
  still_held.interventions.push_back({std::chrono::minutes(10), run_held_job(false)});
  EXPECT_EQ(violations(run(scenario, still_held), kHeldJobsNeverRun), 0);  // SKIPPED: the hold works

  DrillOptions lifted;
  lifted.interventions.push_back({std::chrono::minutes(10), run_held_job(true)});
  const DrillResult r = run(scenario, lifted);
  EXPECT_EQ(violations(r, kHeldJobsNeverRun), 1);
  EXPECT_TRUE(r.findings.contains(Finding::kHeldJobRan));
}

// The negative scenario's runbook never holds the primary's jobs: when East US returns, its
// schedule runs the job while the released secondary runs it too.
TEST(Invariants, NoSplitBrainFiresWhenTheJobRunsInBothRegions) {
  const DrillResult broken = run(load("scenarios/negative-jobs-in-both-regions.json"), {});
  EXPECT_GE(violations(broken, kNoSplitBrain), 1);
  EXPECT_GE(broken.duplicate_runs, 1);
  EXPECT_TRUE(broken.findings.contains(Finding::kSplitBrain));

  Scenario fixed = load("scenarios/negative-jobs-in-both-regions.json");
  std::get<ReferenceRunbook>(fixed.runbook).bugs.release_jobs_while_primary_runs = false;
  const DrillResult healthy = run(fixed, {});
  EXPECT_EQ(violations(healthy, kNoSplitBrain), 0);
  EXPECT_EQ(healthy.duplicate_runs, 0);
}

// A replication link that drops writes without a word: the account acknowledges them, nothing
// records them.
class SilentLink final : public storage::ReplicationLink {
 public:
  void replicate(storage::Mutation, TimePoint) override {}
  storage::GeoReplicationStats stats(TimePoint now) const override { return {storage::GeoReplicationStatus::kLive, now}; }
};

TEST(Invariants, EveryAcknowledgedWriteIsAccountedForOrTheCheckerSaysSo) {
  const Scenario scenario = load("tests/sim/data/hand-computed-storage.json");
  EXPECT_EQ(violations(run(scenario, {}), kWritesAccounted), 0);

  DrillOptions options;
  options.interventions.push_back({std::chrono::minutes(30) - std::chrono::seconds(1), [](World& world) {
                                     world.storage().find_account("lake")->set_replication_link(std::make_unique<SilentLink>());
                                   }});
  const DrillResult r = run(scenario, options);
  // The workload blob and the canary of 0:30 and every minute after, until the outage.
  EXPECT_GE(violations(r, kWritesAccounted), 1);
  EXPECT_TRUE(r.findings.contains(Finding::kUnaccountedWrite));
  EXPECT_EQ(r.verdict, Verdict::kFail);
}

TEST(DrillLedger, ReportsAFateForACommitItNeverSawAcknowledged) {
  DrillLedger ledger;
  sql::CommitEvent commit;
  commit.commit_id = 7;
  commit.server = "hms-a";
  commit.database = "hms";
  ledger.on_replicated(commit, kDefaultEpoch);
  ASSERT_EQ(ledger.problems().size(), 1u);
  ledger.on_acknowledged(commit);
  ledger.on_replicated(commit, kDefaultEpoch);
  ledger.on_lost(commit, kDefaultEpoch);  // a second fate
  EXPECT_EQ(ledger.problems().size(), 2u);
}

}  // namespace
}  // namespace drdrill::sim
