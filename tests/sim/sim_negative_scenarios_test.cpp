// The negative scenarios of the library, run WITHOUT their `expect` blocks: each runbook is wrong
// on purpose, so the drill's own verdict must be fail and every finding the file names must fire —
// the checker catches the mistake by itself, not because the file says it should. Then the same
// drill with the mistake switched off must not show the finding that names it: the finding comes
// from the bug, not from the outage.

#include <gtest/gtest.h>

#include <set>

#include "drill_test_support.h"
#include "sim/drill.h"

namespace drdrill::sim {
namespace {

struct NegativeCase {
  std::string file;
  // The finding that names this runbook's mistake (absent once the mistake is fixed).
  Finding names_the_bug;
};

std::ostream& operator<<(std::ostream& out, const NegativeCase& c) { return out << c.file; }

class NegativeScenario : public ::testing::TestWithParam<NegativeCase> {
 protected:
  static Scenario load(const std::string& file) { return testing::load_source_scenario("scenarios/" + file); }
  static DrillResult run(const Scenario& scenario) {
    DrillOptions options;
    options.seed = 1;  // the seed ctest runs the library with
    return testing::run_or_fail(scenario, options);
  }
};

TEST_P(NegativeScenario, FailsOnItsOwnWithEveryNamedFindingOnceExpectIsStripped) {
  Scenario scenario = load(GetParam().file);
  ASSERT_TRUE(scenario.expect.has_value());
  const Expect expected = *scenario.expect;
  scenario.expect.reset();
  const DrillResult r = run(scenario);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_FALSE(r.passed);  // drdrill run would exit 1
  for (const Finding f : expected.findings) EXPECT_TRUE(r.findings.contains(f)) << "missing " << enum_name(f);
  EXPECT_TRUE(r.findings.contains(GetParam().names_the_bug));
}

TEST_P(NegativeScenario, DoesNotShowTheFindingThatNamesTheBugOnceTheBugIsFixed) {
  Scenario scenario = load(GetParam().file);
  scenario.expect.reset();
  std::get<ReferenceRunbook>(scenario.runbook).bugs = RunbookBugs{};
  const DrillResult r = run(scenario);
  EXPECT_FALSE(r.findings.contains(GetParam().names_the_bug)) << enum_name(GetParam().names_the_bug);
}

INSTANTIATE_TEST_SUITE_P(
    Library, NegativeScenario,
    ::testing::Values(NegativeCase{"negative-sql-before-storage.json", Finding::kDeltaLogMissingFiles},
                      NegativeCase{"negative-jdbc-never-repointed.json", Finding::kValidationFailed},
                      NegativeCase{"negative-jobs-in-both-regions.json", Finding::kSplitBrain},
                      NegativeCase{"negative-writes-through-secondary.json", Finding::kWriteRefusedBySecondary}),
    [](const ::testing::TestParamInfo<NegativeCase>& param_info) {
      std::string name = param_info.param.file.substr(0, param_info.param.file.find('.'));
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

// Every negative scenario shipped is covered above.
TEST(NegativeScenarios, EveryShippedNegativeScenarioIsRunWithoutItsExpectation) {
  std::set<std::string> covered = {"negative-sql-before-storage.json", "negative-jdbc-never-repointed.json",
                                   "negative-jobs-in-both-regions.json", "negative-writes-through-secondary.json"};
  for (const auto& path : testing::shipped_scenarios()) {
    const std::string name = path.filename().string();
    if (name.starts_with("negative-")) {
      EXPECT_TRUE(covered.contains(name)) << name << " is not run without expect";
    }
  }
}

}  // namespace
}  // namespace drdrill::sim
