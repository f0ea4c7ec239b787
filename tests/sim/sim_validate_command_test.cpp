// `drdrill validate` as a function: compiler-style messages, "ok" lines, exit codes 0 and 2.

#include "sim/validate_command.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "scenario_test_support.h"

namespace drdrill::sim {
namespace {

class ValidateCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("drdrill_validate_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  int run(const std::vector<std::string>& files) {
    out_.str("");
    err_.str("");
    return run_validate_command(files, out_, err_);
  }

  std::filesystem::path dir_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(ValidateCommand, ValidFilesPrintOkAndExitZero) {
  const std::string a = testing::source_path("scenarios/regional-outage.json").string();
  const std::string b = testing::source_path("scenarios/examples/minimal.json").string();
  EXPECT_EQ(run({a, b}), 0);
  EXPECT_EQ(out_.str(), a + ": ok\n" + b + ": ok\n");
  EXPECT_EQ(err_.str(), "");
}

TEST_F(ValidateCommand, AnInvalidFilePrintsEachErrorLikeACompilerAndExitsTwo) {
  const std::string bad = write("bad.json",
                                "{\n"
                                "  \"name\": \"bad\",\n"
                                "  \"topology\": {},\n"
                                "  \"faults\": [{\"kind\": \"partition\", \"start\": \"1h\", \"duration\": -5}],\n"
                                "  \"sed\": 3\n"
                                "}\n");
  EXPECT_EQ(run({bad}), 2);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), bad + ":4:63: /faults/0/duration: expected a duration greater than zero, like \"90s\" or "
                              "\"15min\", got -5 (durations are strings with a unit, like \"90s\")\n" +
                            bad + ":5:3: /sed: unknown key \"sed\" (did you mean \"seed\"?)\n" + bad + ": 2 errors\n");
}

TEST_F(ValidateCommand, AnyInvalidOrUnreadableFileAmongValidOnesExitsTwo) {
  const std::string good = testing::source_path("scenarios/examples/minimal.json").string();
  const std::string missing = (dir_ / "missing.json").string();
  const std::string syntax = write("syntax.json", "{\"name\": }");
  EXPECT_EQ(run({good, missing, syntax}), 2);
  EXPECT_EQ(out_.str(), good + ": ok\n");
  EXPECT_NE(err_.str().find(missing + ": cannot read: No such file or directory\n" + missing + ": 1 error\n"),
            std::string::npos)
      << err_.str();
  EXPECT_NE(err_.str().find(syntax + ":1:10: /name: syntax error while parsing value - unexpected '}'"),
            std::string::npos)
      << err_.str();
}

TEST_F(ValidateCommand, ThePublishedSchemaIsSkippedNotReported) {
  const std::string schema = testing::source_path("scenarios/drdrill-scenario.schema.json").string();
  EXPECT_EQ(run({schema}), 0);
  EXPECT_EQ(out_.str(), schema + ": skipped: a JSON Schema, not a scenario\n");
  EXPECT_EQ(err_.str(), "");
}

TEST_F(ValidateCommand, ADirectoryIsNotAScenario) {
  EXPECT_EQ(run({dir_.string()}), 2);
  EXPECT_NE(err_.str().find("cannot read: it is a directory"), std::string::npos);
}

}  // namespace
}  // namespace drdrill::sim
