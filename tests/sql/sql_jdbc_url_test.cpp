#include "sql/jdbc_url.h"

#include <gtest/gtest.h>

#include <string>

namespace drdrill::sql {
namespace {

TEST(JdbcUrl, ParsesTheDatabricksMetastoreUrl) {
  auto url = parse_jdbc_url(
      "jdbc:sqlserver://HMS-Primary.database.windows.net:1433;database=hivemetastore;encrypt=true;"
      "trustServerCertificate=false;loginTimeout=30;");
  ASSERT_TRUE(url.ok()) << url.status().to_string();
  EXPECT_EQ(url->host, "hms-primary.database.windows.net");
  EXPECT_EQ(url->port, 1433);
  EXPECT_EQ(url->database(), "hivemetastore");
  EXPECT_EQ(url->property("ENCRYPT"), "true");
  EXPECT_EQ(url->property("TrustServerCertificate"), "false");
  EXPECT_EQ(url->login_timeout(), 30s);
}

TEST(JdbcUrl, DefaultsPortAndLoginTimeoutLikeTheDriver) {
  auto url = parse_jdbc_url("jdbc:sqlserver://fog.database.windows.net;databaseName=hms");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->port, 1433);
  EXPECT_EQ(url->login_timeout(), 15s);
  EXPECT_EQ(url->database(), "hms");
}

TEST(JdbcUrl, KeysAreCaseInsensitiveAndDatabaseNameIsAnAlias) {
  auto url = parse_jdbc_url("jdbc:sqlserver://s.database.windows.net;DATABASENAME=hms;UserName=hive;Password=pw");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->database(), "hms");
  EXPECT_EQ(url->user(), "hive");
  EXPECT_EQ(url->password(), "pw");
}

TEST(JdbcUrl, BracedValuesMayContainSemicolonsAndEscapedBraces) {
  auto url = parse_jdbc_url("jdbc:sqlserver://s.database.windows.net;password={a;b}}c};database=hms");
  ASSERT_TRUE(url.ok()) << url.status().to_string();
  EXPECT_EQ(url->password(), "a;b}c");
  EXPECT_EQ(url->database(), "hms");
}

TEST(JdbcUrl, ServerNameAndPortNumberPropertiesFillAnEmptyAuthority) {
  auto url = parse_jdbc_url("jdbc:sqlserver://;serverName=S.database.windows.net;portNumber=11000;database=hms");
  ASSERT_TRUE(url.ok()) << url.status().to_string();
  EXPECT_EQ(url->host, "s.database.windows.net");
  EXPECT_EQ(url->port, 11000);
}

TEST(JdbcUrl, ToStringHidesThePassword) {
  auto url = parse_jdbc_url("jdbc:sqlserver://s.database.windows.net;database=hms;password=secret");
  ASSERT_TRUE(url.ok());
  const std::string text = url->to_string();
  EXPECT_EQ(text.find("secret"), std::string::npos) << text;
  EXPECT_NE(text.find("password=***"), std::string::npos) << text;
  EXPECT_NE(text.find("databasename=hms"), std::string::npos) << text;
}

struct BadUrl {
  const char* url;
  const char* complaint;  // part of the error message naming what is wrong
};

class JdbcUrlRejects : public ::testing::TestWithParam<BadUrl> {};

TEST_P(JdbcUrlRejects, NamingWhatIsWrong) {
  auto url = parse_jdbc_url(GetParam().url);
  ASSERT_FALSE(url.ok()) << GetParam().url;
  EXPECT_TRUE(url.status().is_invalid_argument());
  EXPECT_NE(url.status().message().find(GetParam().complaint), std::string::npos) << url.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    BadUrls, JdbcUrlRejects,
    ::testing::Values(
        BadUrl{"jdbc:mysql://s.database.windows.net;database=hms", "must start with 'jdbc:sqlserver://'"},
        BadUrl{"JDBC:SQLSERVER://s.database.windows.net", "must start with"},
        BadUrl{"jdbc:sqlserver://s.database.windows.net:14x3;database=hms", "port '14x3'"},
        BadUrl{"jdbc:sqlserver://s.database.windows.net:0", "between 1 and 65535"},
        BadUrl{"jdbc:sqlserver://s.database.windows.net:70000", "between 1 and 65535"},
        BadUrl{"jdbc:sqlserver://s.database.windows.net\\SQLEXPRESS;database=hms", "named instances"},
        BadUrl{"jdbc:sqlserver://;database=hms", "names no host"},
        BadUrl{"jdbc:sqlserver://s.database.windows.net;encrypt;database=hms", "property 'encrypt' has no '='"},
        BadUrl{"jdbc:sqlserver://s.database.windows.net;database=a;databaseName=b", "given more than once"},
        BadUrl{"jdbc:sqlserver://s.database.windows.net;password={abc", "unclosed '{'"},
        BadUrl{"jdbc:sqlserver://s.database.windows.net;loginTimeout=soon", "loginTimeout 'soon'"},
        BadUrl{"jdbc:sqlserver://s.database.windows.net;database=", "databaseName is empty"},
        BadUrl{"jdbc:sqlserver://a.database.windows.net;serverName=b.database.windows.net", "contradicts host"},
        BadUrl{"jdbc:sqlserver://bad host.database.windows.net", "is not a DNS name"},
        BadUrl{"jdbc:sqlserver://s.database.windows.net;=x", "empty name"}));

}  // namespace
}  // namespace drdrill::sql
