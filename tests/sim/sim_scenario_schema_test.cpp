// The schema, the docs and the loader agree: all three come from one field table, the checked-in
// files are exactly what it produces, every field is exercised by some shipped file, and each
// string format's check agrees with the pattern the schema publishes for it.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <regex>
#include <set>

#include "scenario_test_support.h"
#include "sim/scenario_schema.h"
#include "spec.h"

namespace drdrill::sim {
namespace {

using nlohmann::json;
using testing::read_text;
using testing::source_path;

TEST(ScenarioSchema, TheCheckedInSchemaIsTheOneTheLoaderProduces) {
  EXPECT_TRUE(read_text(source_path("scenarios/drdrill-scenario.schema.json")) == scenario_json_schema_text())
      << "scenarios/drdrill-scenario.schema.json is stale: run scripts/update-scenario-reference.sh";
}

TEST(ScenarioSchema, TheSchemaIsDraft202012WithDefsForEveryObject) {
  const json schema = json::parse(scenario_json_schema_text());
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema["additionalProperties"], false);
  EXPECT_EQ(schema["required"], json({"name", "topology"}));
  for (const char* def : {"duration", "positive_duration", "end_time", "timestamp", "duration_distribution",
                          "number_distribution", "storage_account", "fault", "fault_region_outage", "runbook",
                          "runbook_reference", "probe", "assertions", "expect"}) {
    EXPECT_TRUE(schema["$defs"].contains(def)) << def;
  }
  // Every reference resolves.
  std::function<void(const json&)> check_refs = [&](const json& node) {
    if (node.is_object()) {
      if (node.contains("$ref")) {
        const std::string ref = node["$ref"].get<std::string>();
        EXPECT_TRUE(schema["$defs"].contains(ref.substr(std::string("#/$defs/").size()))) << ref;
      }
      for (const auto& [k, v] : node.items()) check_refs(v);
    } else if (node.is_array()) {
      for (const auto& v : node) check_refs(v);
    }
  };
  check_refs(schema);
}

TEST(ScenarioSchema, TheDocsEmbedTheGeneratedFieldReference) {
  const std::string docs = read_text(source_path("docs/scenarios.md"));
  const std::string begin = "<!-- BEGIN FIELD REFERENCE -->\n";
  const std::string end = "<!-- END FIELD REFERENCE -->";
  const auto b = docs.find(begin);
  const auto e = docs.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  EXPECT_TRUE(docs.substr(b + begin.size(), e - b - begin.size()) == scenario_field_reference_markdown())
      << "the field reference in docs/scenarios.md is stale: run scripts/update-scenario-reference.sh";
}

TEST(ScenarioSchema, TheDocsShowTheExampleFilesVerbatim) {
  const std::string docs = read_text(source_path("docs/scenarios.md"));
  for (const char* example : {"scenarios/examples/minimal.json", "scenarios/examples/complete.json"}) {
    EXPECT_NE(docs.find("```json\n" + read_text(source_path(example)) + "```"), std::string::npos)
        << example << " differs from its copy in docs/scenarios.md";
  }
}

TEST(ScenarioSchema, TheDocsListEveryShippedScenario) {
  const std::string docs = read_text(source_path("docs/scenarios.md"));
  for (const auto& path : testing::shipped_scenarios()) {
    const std::string relative = std::filesystem::relative(path, source_path("scenarios")).generic_string();
    EXPECT_NE(docs.find("`" + relative + "`"), std::string::npos) << relative;
  }
}

// Every (object, key) the schema allows, and those some shipped file uses.
class FieldCoverage {
 public:
  explicit FieldCoverage(json schema) : schema_(std::move(schema)) {
    // Fields every variant of a tagged union has (its tag and common fields) count once, for the
    // union, whichever variant uses them.
    for (const auto& [name, def] : schema_["$defs"].items()) {
      if (!def.contains("oneOf")) continue;
      std::vector<std::string> variants;
      for (const auto& option : def["oneOf"]) {
        if (option.contains("$ref")) variants.push_back(option["$ref"].get<std::string>().substr(8));
      }
      if (variants.size() < 2 || !schema_["$defs"][variants[0]].contains("properties")) continue;
      std::set<std::string> common;
      for (const auto& [key, unused] : schema_["$defs"][variants[0]]["properties"].items()) common.insert(key);
      for (const std::string& v : variants) {
        std::set<std::string> keep;
        for (const std::string& key : common) {
          if (schema_["$defs"][v]["properties"].contains(key)) keep.insert(key);
        }
        common = keep;
      }
      for (const std::string& v : variants) union_of_[v] = {name, common};
    }
    all_fields("scenario", schema_);
    for (const auto& [name, def] : schema_["$defs"].items()) all_fields(name, def);
  }

  void use(const json& doc) { walk(doc, schema_, "scenario"); }

  std::vector<std::string> unused() const {
    std::vector<std::string> out;
    for (const std::string& f : fields_) {
      if (used_.count(f) == 0) out.push_back(f);
    }
    return out;
  }

 private:
  std::string field_name(const std::string& def, const std::string& key) const {
    const auto it = union_of_.find(def);
    if (it != union_of_.end() && it->second.second.count(key) > 0) return it->second.first + "." + key;
    return def + "." + key;
  }

  void all_fields(const std::string& name, const json& def) {
    if (!def.contains("properties") || !def["properties"].is_object()) return;
    for (const auto& [key, unused] : def["properties"].items()) fields_.insert(field_name(name, key));
  }

  void walk(const json& value, const json& node, std::string name) {
    const json* n = &node;
    if (n->contains("$ref")) {
      name = (*n)["$ref"].get<std::string>().substr(std::string("#/$defs/").size());
      n = &schema_["$defs"][name];
    }
    if (n->contains("oneOf") && value.is_object()) {
      for (const auto& option : (*n)["oneOf"]) {
        if (!option.contains("$ref")) continue;
        const std::string variant = option["$ref"].get<std::string>().substr(std::string("#/$defs/").size());
        const json& v = schema_["$defs"][variant];
        if (!v.contains("properties")) continue;
        for (const auto& [key, prop] : v["properties"].items()) {
          if (prop.contains("const") && (value.contains(key) ? value[key] == prop["const"] : prop.contains("default"))) {
            return walk(value, option, name);
          }
        }
      }
    }
    if (value.is_object() && n->contains("properties")) {
      for (const auto& [key, child] : value.items()) {
        used_.insert(field_name(name, key));
        if ((*n)["properties"].contains(key)) walk(child, (*n)["properties"][key], name);
      }
    }
    if (value.is_array() && n->contains("items")) {
      for (const auto& item : value) walk(item, (*n)["items"], name);
    }
  }

  json schema_;
  std::map<std::string, std::pair<std::string, std::set<std::string>>> union_of_;  // variant -> union, common keys
  std::set<std::string> fields_;
  std::set<std::string> used_;
};

TEST(ScenarioSchema, EveryFieldTheSchemaAllowsIsUsedBySomeShippedFileThatLoads) {
  FieldCoverage coverage(json::parse(scenario_json_schema_text()));
  for (const auto& path : testing::shipped_scenarios()) {
    const LoadReport report = load_scenario_report_from_file(path);
    ASSERT_TRUE(report.ok()) << report.to_string();  // so the loader read every field it holds
    coverage.use(testing::read_json(path));
  }
  const std::vector<std::string> unused = coverage.unused();
  EXPECT_TRUE(unused.empty()) << "fields no shipped scenario uses (add them to scenarios/examples/complete.json):\n"
                              << ::testing::PrintToString(unused);
}

TEST(ScenarioSchema, EachStringFormatsCheckAgreesWithItsSchemaPattern) {
  const std::vector<std::string> samples = {
      "", " ", "a", "A", "_", "-", "x-", "-x", "ab", "abc", "a.b", "a..b", "a_b", "a-b", "a--b", "a b", "é",
      "eastus", "East US", "west-us-2", "1eastus", "lakeprod", "lake_prod", "LakeProd", "ab12", std::string(24, 'a'),
      std::string(25, 'a'), std::string(63, 'a'), std::string(64, 'a'), std::string(100, 'a'), std::string(101, 'a'),
      "hms-eastus", "hms-", "hms.db", "sales.orders", "sales.orders.x", "1sales.orders", "sales_2.t_1", ".orders",
      "/", "/Shared", "/Shared/etl/load", "/Shared/", "//x", "Shared/x", "/a//b", "/mnt", "/mnt/", "/mnt/tables",
      "/mnt/tables/sub", "/mnt/ta bles", "/mnt/a=b", "abfss://tables@lakeprod.dfs.core.windows.net",
      "abfss://tables@lakeprod.dfs.core.windows.net/", "abfss://tables@lakeprod-secondary.dfs.core.windows.net/x/y",
      "abfss://ta--bles@lakeprod.dfs.core.windows.net/", "abfss://tables@lake_prod.dfs.core.windows.net/",
      "abfss://tables@lakeprod.blob.core.windows.net/", "abfss://t@lakeprod.dfs.core.windows.net/",
      "abfss://tables@lakeprod.dfs.core.windows.netx", "dbfs:/mnt/tables/orders", "dbfs:/mnt/tables/date=2026-01-01",
      "dbfs:/mnt", "dbfs:/tmp/x", "dbfs:/mnt/a//b", "jdbc:sqlserver://x", "jdbc:mysql://x", "auto", "Auto", "auto ",
      "0 */15 * * * ?", "0 0 * * * ? 2026", "0 0 * * *", "0  0 * * * ?", " 0 0 * * * ?", "0 0 * * * ?;",
      "0 0 L W 1#2 ?", "hms/password", "hms/", "/password", "a/b/c", "scope.x/key-1", std::string(128, 'k'),
      std::string(129, 'k')};
  for (const spec::StringFormat* format : spec::all_string_formats()) {
    const std::regex pattern(std::string(format->pattern), std::regex::ECMAScript);
    for (const std::string& s : samples) {
      EXPECT_EQ(format->check(s), std::regex_search(s, pattern))
          << format->name << " disagrees with /" << format->pattern << "/ on \"" << s << "\"";
    }
  }
}

}  // namespace
}  // namespace drdrill::sim
