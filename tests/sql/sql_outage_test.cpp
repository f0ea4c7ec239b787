// Outage and error-injection hooks of SqlService, as a connecting client meets them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clock.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"

namespace drdrill::sql {
namespace {

constexpr const char* kUrl = "jdbc:sqlserver://hms-weu.database.windows.net;database=hms;loginTimeout=30";

class SqlOutage : public ::testing::Test {
 protected:
  void SetUp() override {
    auto weu = service_.create_server({"hms-weu", "westeurope", "hive", "pw"});
    ASSERT_TRUE(weu.ok());
    ASSERT_TRUE(service_.create_server({"hms-neu", "northeurope", "hive", "pw"}).ok());
    auto db = (*weu)->create_database("hms");
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->execute({"CREATE TABLE t (id INTEGER PRIMARY KEY)", {}}).ok());
  }

  ManualClock clock_;
  SqlService service_{clock_};
  SqlClient client_{service_, clock_};
};

TEST_F(SqlOutage, RegionOutageTimesOutConnectsAfterTheLoginTimeout) {
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  auto c = client_.connect(kUrl, "hive", "pw");
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(c.error().connection_failure);
  EXPECT_TRUE(c.error().is_transient());
  EXPECT_EQ(c.error().client_wait, 30s);
  EXPECT_NE(c.error().message.find("connect timed out"), std::string::npos);
  service_.set_region_reachability("westeurope", Reachability::kReachable);
  EXPECT_TRUE(client_.connect(kUrl, "hive", "pw").ok());
}

TEST_F(SqlOutage, RefusedServerFailsAtOnce) {
  service_.set_server_reachability("hms-weu", Reachability::kRefused);
  auto c = client_.connect(kUrl, "hive", "pw");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().client_wait, 0s);
  EXPECT_NE(c.error().message.find("Connection refused"), std::string::npos);
}

TEST_F(SqlOutage, OpenConnectionBreaksWhenItsServerGoesAwayAndStaysBroken) {
  auto c = client_.connect(kUrl, "hive", "pw");
  ASSERT_TRUE(c.ok());
  service_.set_server_reachability("hms-weu", Reachability::kTimedOut);
  auto r = c->execute({"SELECT 1", {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Connection reset");
  service_.set_server_reachability("hms-weu", Reachability::kReachable);
  EXPECT_FALSE(c->execute({"SELECT 1", {}}).ok());
  EXPECT_FALSE(c->open());
}

TEST_F(SqlOutage, RoleChangeDropsOpenConnections) {
  auto c = client_.connect(kUrl, "hive", "pw");
  ASSERT_TRUE(c.ok());
  service_.database("hms-weu", "hms")->set_read_only(true);
  EXPECT_EQ(c->execute({"SELECT 1", {}}).error().message, "Connection reset");
  auto again = client_.connect(kUrl, "hive", "pw");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->execute({"INSERT INTO t VALUES (1)", {}}).error().number, 3906);
}

TEST_F(SqlOutage, OfflineDatabaseRefusesLoginsWithTransient40613) {
  service_.database("hms-weu", "hms")->set_online(false);
  auto c = client_.connect(kUrl, "hive", "pw");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().number, 40613);
  EXPECT_TRUE(c.error().is_transient());
  EXPECT_NE(c.error().message.find("Database 'hms' on server 'hms-weu' is not currently available"), std::string::npos);
}

TEST_F(SqlOutage, InjectedWriteFaultHitsWritesOnlyAndOnlyAsOftenAsAsked) {
  FaultRule rule;
  rule.server = "hms-weu";
  rule.operation = SqlOperation::kWrite;
  rule.error = SqlError::service_error(4815, "");
  rule.remaining = 2;
  service_.inject_fault(rule);
  auto c = client_.connect(kUrl, "hive", "pw");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->execute({"SELECT * FROM t", {}}).ok());
  auto first = c->execute({"INSERT INTO t VALUES (1)", {}});
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().number, 40197);
  EXPECT_EQ(first.error().server, "hms-weu");
  // Inside a transaction the fault aborts the whole transaction.
  SqlStatus tx = c->transact([](SqlTransaction& t) -> SqlStatus {
    DRDRILL_RETURN_IF_FAILED(t.execute({"SELECT * FROM t", {}}));
    DRDRILL_RETURN_IF_FAILED(t.execute({"INSERT INTO t VALUES (2)", {}}));
    return {};
  });
  ASSERT_FALSE(tx.ok());
  EXPECT_EQ(tx.error().number, 40197);
  EXPECT_TRUE(c->execute({"INSERT INTO t VALUES (3)", {}}).ok());
  auto count = c->execute({"SELECT COUNT(*) FROM t", {}});
  EXPECT_EQ(std::get<std::int64_t>(count->rows[0][0]), 1);
}

TEST_F(SqlOutage, InjectedConnectFaultUntilRemoved) {
  FaultRule rule;
  rule.operation = SqlOperation::kConnect;
  rule.error = SqlError::database_unavailable("hms", "hms-weu");
  const FaultId id = service_.inject_fault(rule);
  EXPECT_EQ(client_.connect(kUrl, "hive", "pw").error().number, 40613);
  EXPECT_EQ(client_.connect(kUrl, "hive", "pw").error().number, 40613);
  EXPECT_TRUE(service_.remove_fault(id));
  EXPECT_TRUE(client_.connect(kUrl, "hive", "pw").ok());
}

TEST_F(SqlOutage, ListenersHearEachServerWhoseReachabilityChanged) {
  std::vector<std::string> heard;
  service_.on_reachability_change([&](const std::string& server, Reachability now) {
    heard.push_back(server + "=" + std::string(to_string(now)));
  });
  service_.set_server_reachability("hms-weu", Reachability::kRefused);
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);  // region wins
  service_.set_region_reachability("westeurope", Reachability::kReachable);  // back to the server's own
  service_.set_region_reachability("northeurope", Reachability::kRefused);
  EXPECT_EQ(heard, (std::vector<std::string>{"hms-weu=refused", "hms-weu=timed-out", "hms-weu=refused",
                                             "hms-neu=refused"}));
}

}  // namespace
}  // namespace drdrill::sql
