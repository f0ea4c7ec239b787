#include "sim/located_json.h"

#include <gtest/gtest.h>

namespace drdrill::sim {
namespace {

LocatedJson parse_ok(std::string_view text) {
  auto parsed = LocatedJson::parse(text);
  if (const auto* problem = std::get_if<JsonProblem>(&parsed)) {
    ADD_FAILURE() << "unexpected syntax error: " << problem->message;
    return std::get<LocatedJson>(LocatedJson::parse("{}"));
  }
  return std::get<LocatedJson>(std::move(parsed));
}

JsonProblem parse_error(std::string_view text) {
  auto parsed = LocatedJson::parse(text);
  if (!std::holds_alternative<JsonProblem>(parsed)) {
    ADD_FAILURE() << "expected a syntax error in: " << text;
    return {};
  }
  return std::get<JsonProblem>(parsed);
}

TEST(LocatedJson, RecordsWhereEveryValueAndKeyStarts) {
  const LocatedJson doc = parse_ok(
      "{\n"
      "  \"a\": [1, -22.5e3, true],\n"
      "  \"b\": {\"c\": null, \"d\": false},\n"
      "  \"s\": \"text\"\n"
      "}");
  EXPECT_EQ(doc.value_position(""), (SourcePosition{1, 1}));
  EXPECT_EQ(doc.key_position("/a"), (SourcePosition{2, 3}));
  EXPECT_EQ(doc.value_position("/a"), (SourcePosition{2, 8}));
  EXPECT_EQ(doc.value_position("/a/0"), (SourcePosition{2, 9}));
  EXPECT_EQ(doc.value_position("/a/1"), (SourcePosition{2, 12}));
  EXPECT_EQ(doc.value_position("/a/2"), (SourcePosition{2, 21}));
  EXPECT_EQ(doc.value_position("/b"), (SourcePosition{3, 8}));
  EXPECT_EQ(doc.key_position("/b/c"), (SourcePosition{3, 9}));
  EXPECT_EQ(doc.value_position("/b/c"), (SourcePosition{3, 14}));
  EXPECT_EQ(doc.value_position("/b/d"), (SourcePosition{3, 25}));
  EXPECT_EQ(doc.value_position("/s"), (SourcePosition{4, 8}));
  EXPECT_EQ(doc.root()["a"][1].get<double>(), -22500.0);
}

TEST(LocatedJson, FindsTheOpeningQuoteOfStringsWithEscapes) {
  const LocatedJson doc = parse_ok(R"({"k": "say \"hi\" \\", "n": "\\\""})");
  EXPECT_EQ(doc.value_position("/k"), (SourcePosition{1, 7}));
  EXPECT_EQ(doc.key_position("/n"), (SourcePosition{1, 24}));
  EXPECT_EQ(doc.value_position("/n"), (SourcePosition{1, 29}));
  EXPECT_EQ(doc.root()["k"], "say \"hi\" \\");
}

TEST(LocatedJson, CountsColumnsInCharactersNotBytes) {
  const LocatedJson doc = parse_ok("{\"é\": \"ü\", \"a\": 1}");
  EXPECT_EQ(doc.key_position("/a"), (SourcePosition{1, 12}));
  EXPECT_EQ(doc.value_position("/a"), (SourcePosition{1, 17}));
}

TEST(LocatedJson, EscapesKeysInPointers) {
  const LocatedJson doc = parse_ok(R"({"a/b": {"c~d": 1}})");
  EXPECT_EQ(doc.value_position("/a~1b/c~0d"), (SourcePosition{1, 17}));
  EXPECT_EQ(pointer_append("/x", "a/b~c"), "/x/a~1b~0c");
  EXPECT_EQ(pointer_parent("/x/a~1b"), "/x");
  EXPECT_EQ(pointer_parent("/x"), "");
}

TEST(LocatedJson, AMissingMemberIsPlacedAtItsNearestAncestor) {
  const LocatedJson doc = parse_ok("{\n  \"topology\": {\n    \"x\": 1\n  }\n}");
  EXPECT_EQ(doc.value_position("/topology/regions/primary"), (SourcePosition{2, 15}));
  EXPECT_EQ(doc.key_position("/nothing"), (SourcePosition{1, 1}));
}

TEST(LocatedJson, SyntaxErrorsPointAtTheOffendingToken) {
  struct Case {
    const char* text;
    SourcePosition at;
    const char* pointer;
    const char* says;
  };
  const Case cases[] = {
      {"{\n  \"name\": \"x\",\n  \"topology\": {,\n}", {3, 16}, "/topology", "unexpected ','"},
      {R"({"a": tru})", {1, 7}, "/a", "invalid literal"},
      {R"({"a": [1 2]})", {1, 10}, "/a", "unexpected number literal"},
      {R"({"a": [1, "x" "y"]})", {1, 15}, "/a", "unexpected string literal"},
      {R"({"a": [true false]})", {1, 13}, "/a", "unexpected false literal"},
      {R"({"a": 1.})", {1, 7}, "/a", "invalid number"},
      {R"({"a": 1e999})", {1, 7}, "/a", "number overflow"},
      {R"({"a" 1})", {1, 6}, "/a", "expected ':'"},
      {R"({"a": 1,})", {1, 9}, "", "unexpected '}'"},
      {"{\"a\": \"x\ny\"}", {1, 7}, "/a", "control character"},
      {"{\"a\": 1} 2", {1, 10}, "", "expected end of input"},
  };
  for (const Case& c : cases) {
    const JsonProblem problem = parse_error(c.text);
    EXPECT_EQ(problem.position, c.at) << c.text << " -> " << problem.position.line << ":" << problem.position.column;
    EXPECT_EQ(problem.pointer, c.pointer) << c.text;
    EXPECT_NE(problem.message.find(c.says), std::string::npos) << problem.message;
    EXPECT_EQ(problem.message.find("last read"), std::string::npos) << problem.message;
    EXPECT_EQ(problem.message.find("json.exception"), std::string::npos) << problem.message;
  }
}

TEST(LocatedJson, EndOfInputIsReportedAfterTheLastCharacter) {
  EXPECT_EQ(parse_error("").position, (SourcePosition{1, 1}));
  EXPECT_EQ(parse_error("{\"a\": [1,\n").position, (SourcePosition{2, 1}));
  EXPECT_EQ(parse_error("{\"a\": [1,").position, (SourcePosition{1, 10}));
}

TEST(LocatedJson, ADuplicateKeyIsAProblemThatNamesTheFirstOne) {
  const LocatedJson doc = parse_ok("{\n  \"name\": \"a\",\n  \"name\": \"b\"\n}");
  ASSERT_EQ(doc.problems().size(), 1u);
  EXPECT_EQ(doc.problems()[0].position, (SourcePosition{3, 3}));
  EXPECT_EQ(doc.problems()[0].pointer, "/name");
  EXPECT_EQ(doc.problems()[0].message, "duplicate key \"name\" (first at line 2, column 3)");
}

TEST(LocatedJson, KeepsNumbersAsTheirJsonKind) {
  const LocatedJson doc = parse_ok(R"({"i": -3, "u": 18446744073709551615, "f": 0.5})");
  EXPECT_TRUE(doc.root()["i"].is_number_integer());
  EXPECT_TRUE(doc.root()["u"].is_number_unsigned());
  EXPECT_TRUE(doc.root()["f"].is_number_float());
}

}  // namespace
}  // namespace drdrill::sim
