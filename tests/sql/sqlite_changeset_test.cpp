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

// A parent/child pair with every storage class, to compare both appliers on.
constexpr const char* kRichSchema =
    "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB);"
    "CREATE TABLE c (pid INTEGER NOT NULL REFERENCES p (id), k TEXT NOT NULL, v TEXT, PRIMARY KEY (pid, k))";

SqliteConnection open_rich() {
  auto c = SqliteConnection::open_in_memory();
  EXPECT_TRUE(c.ok());
  EXPECT_TRUE(c->exec_script(kRichSchema).ok());
  return std::move(c).value();
}

std::string dump_rich(SqliteConnection& c) {
  auto stmt = c.prepare(
      "SELECT coalesce(group_concat(x, ';'), '') FROM ("
      "SELECT 'p' || id || ':' || quote(name) || ':' || quote(score) || ':' || quote(data) AS x FROM p "
      "UNION ALL SELECT 'c' || pid || ':' || k || ':' || quote(v) FROM c ORDER BY x)");
  EXPECT_TRUE(stmt.ok());
  EXPECT_TRUE(*stmt->step());
  return stmt->column_text(0);
}

TEST(ChangesetApplier, ProducesTheSameDatabaseAsSqlite3changesetApply) {
  auto primary = open_rich();
  auto by_sqlite = open_rich();
  auto by_applier = open_rich();
  ChangesetApplier applier(by_applier);
  auto capture = ChangeCapture::start(primary);
  const char* steps[] = {
      "INSERT INTO p VALUES (1, 'a', 1.5, x'00ff'); INSERT INTO c VALUES (1, 'k1', 'v1'), (1, 'k2', NULL)",
      // Inserts and updates interleaved across both tables.
      "INSERT INTO p VALUES (2, NULL, NULL, NULL); UPDATE p SET name = 'b', score = 2.25 WHERE id = 1;"
      "INSERT INTO c VALUES (2, 'k', 'x'); UPDATE c SET v = 'v2' WHERE pid = 1 AND k = 'k2'",
      "DELETE FROM c WHERE pid = 1; DELETE FROM p WHERE id = 1; UPDATE p SET data = x'01' WHERE id = 2",
      "DELETE FROM c WHERE pid = 2; UPDATE p SET id = 3 WHERE id = 2; INSERT INTO p VALUES (4, 'it''s', -0.0, x'')",
  };
  for (const char* step : steps) {
    auto tx = SqliteTransaction::begin(primary);
    ASSERT_TRUE(primary.exec_script("PRAGMA defer_foreign_keys = ON").ok());
    Status s = primary.exec_script(step);
    ASSERT_TRUE(s.ok()) << s.to_string();
    ASSERT_TRUE(tx->commit().ok());
    auto changeset = capture->take();
    ASSERT_TRUE(changeset.ok());
    ASSERT_TRUE(apply_changeset(by_sqlite, *changeset).ok());
    auto apply_tx = SqliteTransaction::begin(by_applier);
    Status applied = applier.apply(*changeset);
    ASSERT_TRUE(applied.ok()) << applied.to_string();
    ASSERT_TRUE(apply_tx->commit().ok());
    EXPECT_EQ(dump_rich(by_applier), dump_rich(primary)) << step;
    EXPECT_EQ(dump_rich(by_sqlite), dump_rich(primary)) << step;
  }
}

TEST(ChangesetApplier, RefusesEveryKindOfDivergence) {
  auto primary = open_rich();
  ASSERT_TRUE(primary.exec_script("INSERT INTO p VALUES (1, 'a', 1.0, NULL), (2, 'b', 2.0, NULL)").ok());
  auto capture = ChangeCapture::start(primary);
  ASSERT_TRUE(primary.exec_script("INSERT INTO p VALUES (3, 'c', 3.0, NULL)").ok());
  const Blob insert = *capture->take();
  ASSERT_TRUE(primary.exec_script("UPDATE p SET name = 'aa' WHERE id = 1").ok());
  const Blob update = *capture->take();
  ASSERT_TRUE(primary.exec_script("DELETE FROM p WHERE id = 2").ok());
  const Blob remove = *capture->take();

  struct Case {
    const char* replica_setup;
    const Blob* changeset;
    const char* complaint;
  };
  const Case cases[] = {
      {"INSERT INTO p VALUES (1, 'a', 1.0, NULL), (2, 'b', 2.0, NULL), (3, 'x', 0, NULL)", &insert, "UNIQUE"},
      {"INSERT INTO p VALUES (2, 'b', 2.0, NULL)", &update, "row to update"},
      {"INSERT INTO p VALUES (1, 'other', 1.0, NULL), (2, 'b', 2.0, NULL)", &update, "row to update"},
      {"INSERT INTO p VALUES (1, 'a', 1.0, NULL)", &remove, "row to delete"},
      {"INSERT INTO p VALUES (1, 'a', 1.0, NULL), (2, 'b', 9.0, NULL)", &remove, "row to delete"},
  };
  for (const Case& c : cases) {
    auto replica = open_rich();
    ASSERT_TRUE(replica.exec_script(c.replica_setup).ok());
    ChangesetApplier applier(replica);
    Status s = applier.apply(*c.changeset);
    EXPECT_EQ(s.code(), StatusCode::kInternal) << c.replica_setup;
    EXPECT_NE(s.message().find(c.complaint), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("diverged"), std::string::npos) << s.message();
  }
}

TEST(ChangesetApplier, ChecksForeignKeysAtCommit) {
  auto primary = open_rich();
  auto capture = ChangeCapture::start(primary);
  ASSERT_TRUE(primary.exec_script("INSERT INTO p VALUES (1, 'a', 1.0, NULL); INSERT INTO c VALUES (1, 'k', 'v')").ok());
  const Blob both = *capture->take();
  // Rows may arrive child-first, so foreign keys are only checked at COMMIT: orphaning the child
  // inside the applying transaction must fail the commit, not the apply.
  auto replica = open_rich();
  ASSERT_TRUE(replica.exec_script("PRAGMA foreign_keys = ON").ok());
  ChangesetApplier applier(replica);
  auto tx = SqliteTransaction::begin(replica);
  ASSERT_TRUE(applier.apply(both).ok());
  ASSERT_TRUE(replica.exec_script("DELETE FROM p").ok());
  Status committed = tx->commit();
  EXPECT_FALSE(committed.ok());
  EXPECT_NE(committed.message().find("FOREIGN KEY"), std::string::npos) << committed.message();
}

}  // namespace
}  // namespace drdrill::sql
