// Every class of error is reported with the file, line, column, JSON Pointer and what was expected;
// all of them in one pass; and no input crashes the loader or reaches it as an internal error.

#include <gtest/gtest.h>

#include <functional>

#include "scenario_test_support.h"
#include "sim/located_json.h"
#include "sim/scenario_loader.h"

namespace drdrill::sim {
namespace {

using testing::about;
using testing::only;

LoadReport load(std::string_view text) { return load_scenario_report(text, "scenarios/x.json"); }

TEST(ScenarioErrors, AnUnknownKeyIsReportedAtTheKeyWithASuggestion) {
  const auto report = load(
      "{\n"
      "  \"name\": \"x\",\n"
      "  \"topology\": {\n"
      "    \"storage_accounts\": [{\"name\": \"lake\", \"region\": \"eastus\", \"redundancyy\": \"LRS\"}]\n"
      "  }\n"
      "}\n");
  const Diagnostic d = only(report);
  EXPECT_EQ(d.to_string(),
            "scenarios/x.json:4:63: /topology/storage_accounts/0/redundancyy: unknown key \"redundancyy\" "
            "(did you mean \"redundancy\"?)");
  EXPECT_FALSE(report.ok());
}

TEST(ScenarioErrors, AnUnknownKeyFarFromEveryOtherListsTheKeysTheObjectTakes) {
  const Diagnostic d = only(load(R"({"name": "x", "topology": {}, "run": {"deadline": "1h"}})"));
  EXPECT_EQ(d.pointer, "/run/deadline");
  EXPECT_EQ(d.message, "unknown key \"deadline\"; expected one of \"max_time\", \"max_events\"");
}

TEST(ScenarioErrors, AWrongTypeSaysWhatWasExpectedAndWhatWasFound) {
  const Diagnostic d = only(load("{\"name\": \"x\",\n \"seed\": \"seven\", \"topology\": {}}"));
  EXPECT_EQ(d.to_string(),
            "scenarios/x.json:2:10: /seed: expected an integer from 0 to 9007199254740991, got \"seven\"");
}

TEST(ScenarioErrors, OutOfRangeValuesAreErrorsNotClamped) {
  const auto report = load(R"({"name": "x", "topology": {"workspaces": [{"name": "w", "region": "eastus",
      "clusters": [{"name": "c", "num_workers": 5000}]}]},
      "runbook": {"detect": {"failure_threshold": 0}},
      "faults": [{"kind": "storage_error_storm", "rate": 1.5, "start": "0s", "end": "never"}]})");
  ASSERT_EQ(report.diagnostics.size(), 3u) << report.to_string();
  EXPECT_EQ(about(report, "/topology/workspaces/0/clusters/0/num_workers").at(0).message,
            "expected an integer from 0 to 1000, got 5000");
  EXPECT_EQ(about(report, "/runbook/detect/failure_threshold").at(0).message,
            "expected an integer from 1 to 10, got 0");
  EXPECT_EQ(about(report, "/faults/0/rate").at(0).message, "expected a number greater than 0 and at most 1, got 1.5");
}

TEST(ScenarioErrors, ABadDurationExplainsTheFormat) {
  const auto report = load(
      "{\"name\": \"x\", \"topology\": {},\n"
      " \"faults\": [\n"
      "  {\"kind\": \"partition\", \"start\": \"1h\", \"duration\": -5},\n"
      "  {\"kind\": \"partition\", \"start\": \"5m\", \"end\": \"1h30min\"},\n"
      "  {\"kind\": \"partition\", \"start\": \"1h\", \"duration\": \"0s\"}\n"
      " ]}");
  ASSERT_EQ(report.diagnostics.size(), 4u) << report.to_string();
  EXPECT_EQ(report.diagnostics[0].to_string(),
            "scenarios/x.json:3:52: /faults/0/duration: expected a duration greater than zero, like \"90s\" or "
            "\"15min\", got -5 (durations are strings with a unit, like \"90s\")");
  EXPECT_EQ(report.diagnostics[1].to_string(),
            "scenarios/x.json:4:34: /faults/1/start: expected a duration like \"90s\" or \"15min\", got \"5m\" "
            "(minutes are \"min\": \"5min\")");
  EXPECT_EQ(report.diagnostics[2].pointer, "/faults/1/end");
  EXPECT_EQ(report.diagnostics[2].message,
            "expected a time since the drill's start like \"8h\", or \"never\", got \"1h30min\"");
  EXPECT_EQ(report.diagnostics[3].pointer, "/faults/2/duration");
}

TEST(ScenarioErrors, ABadDistributionIsReportedWithTheFilesOwnSpelling) {
  const auto report = load(R"({"name": "x", "topology": {"storage_accounts": [
      {"name": "a1a", "region": "eastus", "replication_lag": {"lognormal": {"median": "20min", "p99": "15min"}}},
      {"name": "a2a", "region": "eastus", "replication_lag": {"lognorm": {"median": "2min", "p99": "15min"}}},
      {"name": "a3a", "region": "eastus", "replication_lag": {"uniform": {"lo": "1min"}}},
      {"name": "a4a", "region": "eastus", "replication_lag": {"constant": "1s", "uniform": {"lo": "0s", "hi": "1s"}}},
      {"name": "a5a", "region": "eastus", "reseed_tb_per_day": {"uniform": {"lo": -1, "hi": 10}}},
      {"name": "a6a", "region": "eastus", "dns_convergence": {"triangular": {"lo": "1min", "mode": "5min", "hi": "2min"}}},
      {"name": "a7a", "region": "eastus", "replication_lag": {"lognormal": {"median": "2min", "p99": "15min", "p50": "1min"}}}
  ]}})");
  ASSERT_EQ(report.diagnostics.size(), 7u) << report.to_string();
  const std::string base = "/topology/storage_accounts/";
  EXPECT_EQ(about(report, base + "0/replication_lag/lognormal").at(0).message,
            "lognormal needs 0 < median <= p99, got median \"20min\", p99 \"15min\"");
  EXPECT_EQ(about(report, base + "1/replication_lag/lognorm").at(0).message,
            "unknown distribution \"lognorm\"; expected one of \"constant\", \"uniform\", \"exponential\", "
            "\"lognormal\", \"triangular\" (did you mean \"lognormal\"?)");
  EXPECT_EQ(about(report, base + "2/replication_lag/uniform/hi").at(0).message,
            "missing required field \"hi\" (uniform takes \"lo\", \"hi\")");
  EXPECT_NE(about(report, base + "3/replication_lag").at(0).message.find("got keys \"constant\", \"uniform\""),
            std::string::npos);
  EXPECT_EQ(about(report, base + "4/reseed_tb_per_day/uniform/lo").at(0).message,
            "expected a number greater than 0, got -1");
  EXPECT_EQ(about(report, base + "5/dns_convergence/triangular").at(0).message,
            "triangular needs lo <= mode <= hi, got lo \"1min\", mode \"5min\", hi \"2min\"");
  EXPECT_EQ(about(report, base + "6/replication_lag/lognormal/p50").at(0).message,
            "unknown key \"p50\"; lognormal takes \"median\", \"p99\"");
}

TEST(ScenarioErrors, AMissingRequiredFieldIsReportedAtItsObject) {
  const auto report = load("{\n  \"topology\": {\n    \"workspaces\": [\n      {\"region\": \"eastus\"}\n    ]\n  }\n}");
  ASSERT_EQ(report.diagnostics.size(), 2u) << report.to_string();
  EXPECT_EQ(report.diagnostics[0].to_string(),
            "scenarios/x.json:1:1: /name: missing required field \"name\" (a name (letters, digits, '.', '_' or '-', "
            "starting with a letter or digit, at most 100))");
  EXPECT_EQ(report.diagnostics[1].line, 4);
  EXPECT_EQ(report.diagnostics[1].column, 7);
  EXPECT_EQ(report.diagnostics[1].pointer, "/topology/workspaces/0/name");
}

TEST(ScenarioErrors, AFaultNeedsExactlyOneOfEndAndDuration) {
  const auto report = load(R"({"name": "x", "topology": {}, "faults": [
      {"kind": "partition", "start": "1h"},
      {"kind": "partition", "start": "1h", "end": "2h", "duration": "1h"}]})");
  ASSERT_EQ(report.diagnostics.size(), 2u) << report.to_string();
  EXPECT_EQ(about(report, "/faults/0").at(0).message, "missing \"end\", \"duration\": give exactly one of them");
  EXPECT_EQ(about(report, "/faults/1/duration").at(0).message,
            "give exactly one of \"end\", \"duration\", not \"end\", \"duration\"");
}

TEST(ScenarioErrors, AnUnknownFaultKindSuggestsTheNearestAndStopsThere) {
  const auto report = load(R"({"name": "x", "topology": {}, "faults": [
      {"kind": "region_outge", "region": "nowhere", "start": "nonsense"}]})");
  const Diagnostic d = only(report);  // its fields depend on the kind: nothing more is said
  EXPECT_EQ(d.pointer, "/faults/0/kind");
  EXPECT_NE(d.message.find("got \"region_outge\" (did you mean \"region_outage\"?)"), std::string::npos) << d.message;
}

TEST(ScenarioErrors, ADanglingReferenceNamesWhatExists) {
  const auto report = load(R"({"name": "x", "topology": {
      "storage_accounts": [{"name": "lakeprod", "region": "eastus"}],
      "workspaces": [{"name": "w", "region": "eastus", "notebooks": [{"path": "/n"}],
        "clusters": [{"name": "etl"}],
        "jobs": [{"name": "j", "notebook": "/n", "cluster": "etl2"}]}]},
    "faults": [{"kind": "storage_outage", "account": "lakeprd", "start": "1h", "duration": "1h"},
               {"kind": "region_outage", "region": "uksouth", "start": "1h", "duration": "1h"}]})");
  ASSERT_EQ(report.diagnostics.size(), 3u) << report.to_string();
  EXPECT_EQ(about(report, "/topology/workspaces/0/jobs/0/cluster").at(0).message,
            "unknown cluster \"etl2\" (did you mean \"etl\"?)");
  EXPECT_EQ(about(report, "/faults/0/account").at(0).message,
            "unknown storage account \"lakeprd\" (did you mean \"lakeprod\"?)");
  EXPECT_EQ(about(report, "/faults/1/region").at(0).message,
            "unknown region \"uksouth\"; expected one of \"eastus\", \"westus\"");
}

TEST(ScenarioErrors, ASyntaxErrorIsReportedWithLineAndColumn) {
  const Diagnostic d = only(load("{\n  \"name\": \"x\",\n  \"topology\": {,\n}"));
  EXPECT_EQ(d.to_string(),
            "scenarios/x.json:3:16: /topology: syntax error while parsing object key - unexpected ','; expected "
            "string literal");
}

TEST(ScenarioErrors, ADuplicateKeyIsAnError) {
  const Diagnostic d = only(load("{\"name\": \"x\", \"topology\": {},\n \"name\": \"y\"}"));
  EXPECT_EQ(d.to_string(), "scenarios/x.json:2:2: /name: duplicate key \"name\" (first at line 1, column 2)");
}

TEST(ScenarioErrors, TheDocumentMustBeAnObject) {
  const Diagnostic d = only(load("[]"));
  EXPECT_EQ(d.to_string(), "scenarios/x.json:1:1: expected an object (scenario), got an empty array");
}

TEST(ScenarioErrors, EveryErrorIsReportedInOnePassInFileOrder) {
  const auto report = load(
      "{\n"
      "  \"name\": \"bad name\",\n"
      "  \"seed\": -1,\n"
      "  \"topology\": {\"regions\": {\"primary\": \"East US\"}},\n"
      "  \"faults\": [{\"kind\": \"partition\", \"start\": \"1h\", \"duration\": \"forever\"}],\n"
      "  \"assertions\": {\"rto_max\": 3600}\n"
      "}");
  ASSERT_EQ(report.diagnostics.size(), 5u) << report.to_string();
  const std::vector<std::string> pointers = {"/name", "/seed", "/topology/regions/primary", "/faults/0/duration",
                                             "/assertions/rto_max"};
  for (std::size_t i = 0; i < pointers.size(); ++i) {
    EXPECT_EQ(report.diagnostics[i].pointer, pointers[i]);
    EXPECT_EQ(report.diagnostics[i].line, static_cast<int>(i) + 2);
  }
}

TEST(ScenarioErrors, ABadValueIsReportedOnceNotAgainAsADanglingReference) {
  // The job's cluster is missing (required): no second error about an unknown cluster "".
  const auto report = load(R"({"name": "x", "topology": {"workspaces": [{"name": "w", "region": "eastus",
      "notebooks": [{"path": "/n"}], "jobs": [{"name": "j", "notebook": "/n"}]}]}})");
  const Diagnostic d = only(report);
  EXPECT_EQ(d.pointer, "/topology/workspaces/0/jobs/0/cluster");
  EXPECT_EQ(d.message.rfind("missing required field", 0), 0u) << d.message;
}

TEST(ScenarioErrors, LoadScenarioReturnsEveryDiagnosticInItsStatus) {
  const auto loaded = load_scenario_text(R"({"name": "a b", "topology": {}, "seed": -1})", "t.json");
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(loaded.status().is_invalid_argument());
  EXPECT_NE(loaded.status().message().find("t.json:1:10: /name:"), std::string::npos) << loaded.status().message();
  EXPECT_NE(loaded.status().message().find("t.json:1:41: /seed:"), std::string::npos) << loaded.status().message();
}

// --- robustness: no input crashes the loader or surfaces a binder/spec mismatch ---

void expect_well_formed(const LoadReport& report, const std::string& what) {
  if (report.ok()) return;
  ASSERT_FALSE(report.diagnostics.empty()) << what;
  for (const Diagnostic& d : report.diagnostics) {
    EXPECT_FALSE(d.message.empty()) << what;
    EXPECT_GT(d.line, 0) << what << ": " << d.to_string();
    EXPECT_EQ(d.message.find("internal error"), std::string::npos) << what << ": " << d.to_string();
  }
}

TEST(ScenarioErrors, EveryTruncationOfAScenarioIsASyntaxErrorWithAPosition) {
  const std::string text = testing::read_text(testing::source_path("scenarios/regional-outage.json"));
  for (std::size_t length = 0; length + 1 < text.size(); length += 13) {
    const auto report = load(text.substr(0, length));
    ASSERT_FALSE(report.ok()) << length;
    expect_well_formed(report, "prefix of " + std::to_string(length) + " bytes");
  }
}

TEST(ScenarioErrors, ReplacingAnyValueWithAnyJsonTypeNeverCrashesOrConfusesTheLoader) {
  const nlohmann::json original = testing::read_json(testing::source_path("scenarios/examples/complete.json"));
  std::vector<std::string> pointers;
  std::function<void(const nlohmann::json&, const std::string&)> walk = [&](const nlohmann::json& v,
                                                                             const std::string& at) {
    pointers.push_back(at);
    if (v.is_object()) {
      for (const auto& [k, child] : v.items()) walk(child, pointer_append(at, k));
    } else if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) walk(v[i], pointer_append(at, i));
    }
  };
  walk(original, "");
  const std::vector<nlohmann::json> replacements = {nullptr, true, -7, 0.5, "x", "0s", nlohmann::json::array(),
                                                    nlohmann::json::object()};
  // One replacement per value, rotating through the list (so every kind of replacement meets every
  // part of the format), and one removal: about a thousand loads, quick enough for every test run.
  std::size_t loads = 0;
  for (std::size_t i = 0; i < pointers.size(); ++i) {
    const std::string& pointer = pointers[i];
    for (std::size_t k = 0; k < 1; ++k) {
      const nlohmann::json& replacement = replacements[(i + k) % replacements.size()];
      nlohmann::json doc = original;
      doc[nlohmann::json::json_pointer(pointer)] = replacement;
      expect_well_formed(testing::load_json(doc), pointer + " := " + replacement.dump());
      ++loads;
    }
    nlohmann::json without = original;  // and removing it
    if (!pointer.empty()) {
      const auto parent = nlohmann::json::json_pointer(pointer).parent_pointer();
      const std::string last = nlohmann::json::json_pointer(pointer).back();
      if (without[parent].is_object()) without[parent].erase(last);
      expect_well_formed(testing::load_json(without), "removed " + pointer);
      ++loads;
    }
  }
  EXPECT_GT(loads, 900u);
}

}  // namespace
}  // namespace drdrill::sim
