#include "delta_line_files.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lakehouse/delta_log.h"

namespace drdrill::sim {
namespace {

using Json = nlohmann::json;

// The reading the checker did before, by the line's JSON value: what the SAX reading must match.
DeltaLineFiles by_json_value(std::string_view line) {
  DeltaLineFiles out;
  const Json action = Json::parse(line, nullptr, false);
  if (action.is_discarded() || !action.is_object()) return out;
  if (action.contains("add") && action["add"].is_object()) out.added = action["add"].value("path", "");
  if (action.contains("remove") && action["remove"].is_object()) out.removed = action["remove"].value("path", "");
  return out;
}

void expect_as_json_value(std::string_view line) {
  const DeltaLineFiles sax = delta_line_files(line);
  const DeltaLineFiles dom = by_json_value(line);
  EXPECT_EQ(sax.added, dom.added) << line;
  EXPECT_EQ(sax.removed, dom.removed) << line;
}

TEST(DeltaLineFiles, ReadsThePathsOfTheLinesTheLakehouseWrites) {
  lakehouse::DeltaCommit commit;
  commit.version = 3;
  commit.commit_info = lakehouse::DeltaCommitInfo{};
  commit.commit_info->operation = "WRITE";
  commit.commit_info->operation_parameters = {{"mode", "Append"}, {"path", "not-a-file.json"}};
  commit.commit_info->timestamp_ms = 1700000000000;
  lakehouse::DeltaAddFile add;
  add.path = "date=2026-11-26/part-00000-\"quoted\" \\ \xC3\xA9.json";
  add.size_bytes = 1234;
  add.num_records = 1000;
  commit.adds.push_back(add);
  lakehouse::DeltaRemoveFile remove;
  remove.path = "part-00001.json";
  commit.removes.push_back(remove);
  const std::string text = lakehouse::encode_commit(commit);

  std::vector<DeltaLineFiles> lines;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto eol = rest.find('\n');
    lines.push_back(delta_line_files(rest.substr(0, eol)));
    expect_as_json_value(rest.substr(0, eol));
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
  }
  ASSERT_EQ(lines.size(), 3u);  // commitInfo, remove, add
  EXPECT_EQ(lines[0].added, "");
  EXPECT_EQ(lines[0].removed, "");
  EXPECT_EQ(lines[1].removed, "part-00001.json");
  EXPECT_EQ(lines[1].added, "");
  EXPECT_EQ(lines[2].added, add.path);
  EXPECT_EQ(lines[2].removed, "");
}

TEST(DeltaLineFiles, AcceptsAndRejectsTheLinesTheJsonValueDoes) {
  for (const std::string_view line : {
           R"({"add":{"path":"a.json","stats":"{\"numRecords\":3}","partitionValues":{"path":"no"}}})",
           R"({"add":{"path":"a.json"},"remove":{"path":"b.json"}})",
           R"({"remove":{"path":"b.json"},"add":{"path":"a.json"}})",
           R"({"add":{"path":"first"},"add":{"path":"second"}})",
           R"({"add":{"path":"first","path":"second"}})",
           R"({"add":{"path":"a"},"add":"not an object"})",
           R"({"add":"not an object","remove":[{"path":"b"}]})",
           R"({"add":{"size":3}})",
           R"({"add":{"path":""}})",
           R"({"add":{"nested":{"path":"deep"}}})",
           R"({"txn":{"add":{"path":"inner"}}})",
           R"({"\u0061dd":{"p\u0061th":"escaped.json"}})",
           R"({"ad\u0064":{"path":"escaped.json"},"\u0072emove":{"path":"escaped-too.json"}})",
           R"({"commitInfo":{"operation":"add","operationParameters":{"mode":"Append"}}})",
           R"({"commitInfo":{"operation":"WRITE"}})",
           R"(  {"add":{"path":"spaces.json"}}  )",
           R"([{"add":{"path":"in an array"}}])",
           R"("add")",
           R"({"add":{"path":"a.json"}} trailing)",
           R"({"add":{"path":"a.json"})",
           R"({"add":{"path":"a.json",}})",
           R"({"add":{"path":"a.json","n":1e999}})",
           "",
           "\r",
       }) {
    expect_as_json_value(line);
  }
}

TEST(DeltaLineFiles, FindsKeysSpelledWithEscapes) {
  const DeltaLineFiles files = delta_line_files(R"({"ad\u0064":{"path":"a.json"},"\u0072emove":{"path":"b.json"}})");
  EXPECT_EQ(files.added, "a.json");
  EXPECT_EQ(files.removed, "b.json");
}

TEST(DeltaLineFiles, DiscardsALineThatIsNotJson) {
  const DeltaLineFiles files = delta_line_files(R"({"add":{"path":"a.json"},"remove":{"path":"b.json"})");
  EXPECT_EQ(files.added, "");
  EXPECT_EQ(files.removed, "");
}

TEST(DeltaLineFiles, TakesAPathThatIsNotAStringAsNone) {
  // The JSON value's value("path", "") throws for these; the checker counts no file.
  for (const std::string_view line : {R"({"add":{"path":7}})", R"({"add":{"path":{"x":"y"}}})",
                                      R"({"add":{"path":["a"]}})", R"({"add":{"path":"a","path":null}})"}) {
    EXPECT_EQ(delta_line_files(line).added, "") << line;
  }
  EXPECT_EQ(delta_line_files(R"({"add":{"path":null,"path":"b"}})").added, "b");
}

}  // namespace
}  // namespace drdrill::sim
