// Connecting through SqlClient: DNS, logins (18456), databases (4060), master.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"

namespace drdrill::sql {
namespace {

class SqlLogin : public ::testing::Test {
 protected:
  void SetUp() override {
    auto primary = service_.create_server({"hms-weu", "westeurope", "sqladmin", "Adm1n!"});
    ASSERT_TRUE(primary.ok()) << primary.status().to_string();
    auto secondary = service_.create_server({"hms-neu", "northeurope", "sqladmin", "Adm1n!"});
    ASSERT_TRUE(secondary.ok());
    ASSERT_TRUE((*primary)->add_login("hive", "h1ve-pw").ok());
    ASSERT_TRUE((*primary)->create_database("hms").ok());
    ASSERT_TRUE((*secondary)->create_database("hms").ok());
    // The secondary server was set up without the metastore's login: the classic DR miss.
  }

  ManualClock clock_;
  SqlService service_{clock_};
  SqlClient client_{service_, clock_};
};

TEST_F(SqlLogin, ConnectsWithAKnownLogin) {
  auto c = client_.connect("jdbc:sqlserver://hms-weu.database.windows.net:1433;database=hms", "hive", "h1ve-pw");
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_EQ(c->server(), "hms-weu");
  EXPECT_EQ(c->database(), "hms");
  EXPECT_TRUE(c->execute({"SELECT 1", {}}).ok());
}

TEST_F(SqlLogin, SecondaryServerWithoutTheLoginRefusesWith18456) {
  auto c = client_.connect("jdbc:sqlserver://hms-neu.database.windows.net:1433;database=hms", "hive", "h1ve-pw");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().number, 18456);
  EXPECT_EQ(c.error().severity, 14);
  EXPECT_EQ(c.error().message, "Login failed for user 'hive'.");
  EXPECT_EQ(c.error().server, "hms-neu");
  EXPECT_FALSE(c.error().is_transient());
  EXPECT_EQ(c.error().to_status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SqlLogin, WrongPasswordLooksTheSameAsAMissingLogin) {
  auto c = client_.connect("jdbc:sqlserver://hms-weu.database.windows.net;database=hms", "hive", "wrong");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().number, 18456);
}

TEST_F(SqlLogin, LoginNamesAreCaseInsensitiveAndAcceptTheServerSuffix) {
  EXPECT_TRUE(client_.connect("jdbc:sqlserver://hms-weu.database.windows.net;database=hms", "HIVE@hms-weu", "h1ve-pw").ok());
}

TEST_F(SqlLogin, CredentialsMayComeFromTheUrl) {
  EXPECT_TRUE(client_.connect("jdbc:sqlserver://hms-weu.database.windows.net;database=hms;user=hive;password={h1ve-pw}").ok());
}

TEST_F(SqlLogin, UnknownDatabaseFailsWith4060AfterLogin) {
  auto c = client_.connect("jdbc:sqlserver://hms-weu.database.windows.net;database=metastore", "hive", "h1ve-pw");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().number, 4060);
  EXPECT_EQ(c.error().message, "Cannot open database \"metastore\" requested by the login. The login failed.");
}

TEST_F(SqlLogin, UrlWithoutDatabaseLandsInAnEmptyMaster) {
  auto c = client_.connect("jdbc:sqlserver://hms-weu.database.windows.net", "hive", "h1ve-pw");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->database(), "master");
  auto r = c->execute({"SELECT NAME FROM DBS", {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().number, 208);  // Invalid object name: the metastore tables are not there
}

TEST_F(SqlLogin, UnknownHostIsADriverError) {
  auto c = client_.connect("jdbc:sqlserver://hms-xyz.database.windows.net;database=hms", "hive", "h1ve-pw");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().number, 0);
  EXPECT_NE(c.error().message.find("The TCP/IP connection to the host hms-xyz.database.windows.net, port 1433 has failed"),
            std::string::npos)
      << c.error().message;
}

TEST_F(SqlLogin, MalformedUrlFailsBeforeAnyNetworkTraffic) {
  auto c = client_.connect("jdbc:sqlserver://hms-weu.database.windows.net:port;database=hms", "hive", "h1ve-pw");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().number, 0);
  EXPECT_FALSE(c.error().connection_failure);
  EXPECT_NE(c.error().message.find("port 'port'"), std::string::npos);
}

TEST_F(SqlLogin, RemovedLoginStopsNewConnectionsButNotOpenOnes) {
  auto open = client_.connect("jdbc:sqlserver://hms-weu.database.windows.net;database=hms", "hive", "h1ve-pw");
  ASSERT_TRUE(open.ok());
  ASSERT_TRUE(service_.server("hms-weu")->remove_login("hive").ok());
  EXPECT_TRUE(open->execute({"SELECT 1", {}}).ok());
  EXPECT_EQ(client_.connect("jdbc:sqlserver://hms-weu.database.windows.net;database=hms", "hive", "h1ve-pw").error().number,
            18456);
}

}  // namespace
}  // namespace drdrill::sql
