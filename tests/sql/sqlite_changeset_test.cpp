#include "sql/sqlite_changeset.h"

#include <gtest/gtest.h>

#include <string>

#include "sql/sqlite_connection.h"
#include "sql/sqlite_statement.h"
#include "sql/sqlite_transaction.h"

namespace drdrill::sql {
namespace {

constexpr const char* kSchema = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)";

SqliteConnection open_with_schema() {
  auto c = SqliteConnection::open_in_memory();
  EXPECT_TRUE(c.ok());
  EXPECT_TRUE(c->exec_script(kSchema).ok());
  return std::move(c).value();
}

std::string dump(SqliteConnection& c) {
  auto stmt = c.prepare("SELECT coalesce(group_concat(id || '=' || v, ','), '') FROM (SELECT * FROM t ORDER BY id)");
  EXPECT_TRUE(stmt.ok());
  EXPECT_TRUE(*stmt->step());
  return stmt->column_text(0);
}

TEST(ChangeCapture, ReplaysOneTransactionOnAnotherDatabase) {
  auto primary = open_with_schema();
  auto secondary = open_with_schema();
  auto capture = ChangeCapture::start(primary);
  ASSERT_TRUE(capture.ok()) << capture.status().to_string();
  EXPECT_TRUE(capture->empty());

  auto tx = SqliteTransaction::begin(primary);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(primary.exec_script("INSERT INTO t VALUES (1, 'a'), (2, 'b'); UPDATE t SET v = 'c' WHERE id = 1").ok());
  ASSERT_TRUE(tx->commit().ok());

  auto changeset = capture->take();
  ASSERT_TRUE(changeset.ok()) << changeset.status().to_string();
  EXPECT_FALSE(changeset->empty());
  EXPECT_TRUE(capture->empty());
  ASSERT_TRUE(apply_changeset(secondary, *changeset).ok());
  EXPECT_EQ(dump(secondary), "1=c,2=b");
}

TEST(ChangeCapture, TakeReturnsOnlyChangesSinceThePreviousTake) {
  auto primary = open_with_schema();
  auto secondary = open_with_schema();
  auto capture = ChangeCapture::start(primary);
  ASSERT_TRUE(capture.ok());
  ASSERT_TRUE(primary.exec_script("INSERT INTO t VALUES (1, 'a')").ok());
  auto first = capture->take();
  ASSERT_TRUE(primary.exec_script("DELETE FROM t WHERE id = 1; INSERT INTO t VALUES (2, 'b')").ok());
  auto second = capture->take();
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(apply_changeset(secondary, *first).ok());
  EXPECT_EQ(dump(secondary), "1=a");
  ASSERT_TRUE(apply_changeset(secondary, *second).ok());
  EXPECT_EQ(dump(secondary), "2=b");
  auto nothing = capture->take();
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->empty());
}

TEST(ChangeCapture, RolledBackTransactionLeavesNothingToShip) {
  auto primary = open_with_schema();
  auto capture = ChangeCapture::start(primary);
  ASSERT_TRUE(capture.ok());
  {
    auto tx = SqliteTransaction::begin(primary);
    ASSERT_TRUE(primary.exec_script("INSERT INTO t VALUES (1, 'a')").ok());
  }
  auto changeset = capture->take();
  ASSERT_TRUE(changeset.ok());
  EXPECT_TRUE(changeset->empty());
}

TEST(ApplyChangeset, ReportsDivergedReplicaInsteadOfSkippingRows) {
  auto primary = open_with_schema();
  auto secondary = open_with_schema();
  ASSERT_TRUE(secondary.exec_script("INSERT INTO t VALUES (1, 'already here')").ok());
  auto capture = ChangeCapture::start(primary);
  ASSERT_TRUE(primary.exec_script("INSERT INTO t VALUES (1, 'a'), (2, 'b')").ok());
  auto changeset = capture->take();
  ASSERT_TRUE(changeset.ok());
  Status s = apply_changeset(secondary, *changeset);
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("table t"), std::string::npos) << s.message();
  // Nothing of the failed changeset is left behind.
  EXPECT_EQ(dump(secondary), "1=already here");
}

}  // namespace
}  // namespace drdrill::sql
