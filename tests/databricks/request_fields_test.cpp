#include "databricks/request_fields.h"

#include <gtest/gtest.h>

namespace drdrill::databricks {
namespace {

TEST(RequestBody, ReadsAnEmptyBodyAsAnEmptyObject) {
  auto body = parse_request_body("  \n");
  ASSERT_TRUE(body.ok());
  EXPECT_TRUE(body->is_object());
  EXPECT_TRUE(body->empty());
}

TEST(RequestBody, RefusesTextThatIsNotJsonAsMalformedRequest) {
  auto body = parse_request_body("{\"path\": ");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code(), ErrorCode::kMalformedRequest);
  EXPECT_EQ(body.error().http_status(), 400);
}

TEST(RequestBody, RefusesJsonThatIsNotAnObject) {
  EXPECT_EQ(parse_request_body("[1,2]").error().code(), ErrorCode::kMalformedRequest);
  EXPECT_EQ(parse_request_body("\"x\"").error().code(), ErrorCode::kMalformedRequest);
}

TEST(RequestFields, NamesAMissingRequiredFieldAsInvalidParameterValue) {
  const Json body = Json::parse(R"({"other": 1})");
  auto path = required_string(body, "path");
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.error().code(), ErrorCode::kInvalidParameterValue);
  EXPECT_EQ(path.error().message(), "Missing required field: path");
}

TEST(RequestFields, RefusesAFieldOfTheWrongTypeAsMalformedRequest) {
  const Json body = Json::parse(R"({"path": 7, "job_id": true, "overwrite": "yes"})");
  EXPECT_EQ(required_string(body, "path").error().code(), ErrorCode::kMalformedRequest);
  EXPECT_EQ(required_int64(body, "job_id").error().code(), ErrorCode::kMalformedRequest);
  EXPECT_EQ(optional_bool(body, "overwrite").error().code(), ErrorCode::kMalformedRequest);
}

TEST(RequestFields, ReadsNullAsAbsent) {
  const Json body = Json::parse(R"({"path": null})");
  auto path = optional_string(body, "path");
  ASSERT_TRUE(path.ok());
  EXPECT_FALSE(path->has_value());
}

TEST(RequestFields, AcceptsInt64AsANumberOrADecimalString) {
  const Json body = Json::parse(R"({"a": 9007199254740993, "b": "9223372036854775807", "c": 1.5, "d": "12x",
                                    "e": 18446744073709551615})");
  EXPECT_EQ(*required_int64(body, "a"), 9007199254740993);
  EXPECT_EQ(*required_int64(body, "b"), 9223372036854775807);
  EXPECT_FALSE(required_int64(body, "c").ok());
  EXPECT_FALSE(required_int64(body, "d").ok());
  EXPECT_FALSE(required_int64(body, "e").ok());  // beyond int64
}

TEST(QueryFields, ReadsIntegersAndBooleansAsTheSdksSendThem) {
  auto query = http::QueryParams::parse("job_id=42&active_only=true&expand=yes&limit=x");
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(*required_query_int64(*query, "job_id"), 42);
  EXPECT_EQ(**query_bool(*query, "active_only"), true);
  EXPECT_EQ(query_bool(*query, "expand").error().code(), ErrorCode::kInvalidParameterValue);
  EXPECT_EQ(query_int64(*query, "limit").error().code(), ErrorCode::kInvalidParameterValue);
  EXPECT_FALSE(query_int64(*query, "offset")->has_value());
  EXPECT_EQ(required_query_int64(*query, "run_id").error().message(), "Missing required field: run_id");
}

TEST(JsonOutput, IsCompactWithAlphabeticalKeysAndNeverThrowsOnBadUtf8) {
  Json value = Json::object();
  value["zeta"] = 1;
  value["alpha"] = std::string("bad \xff byte");
  EXPECT_EQ(dump_json(value), "{\"alpha\":\"bad \xEF\xBF\xBD byte\",\"zeta\":1}");
}

}  // namespace
}  // namespace drdrill::databricks
