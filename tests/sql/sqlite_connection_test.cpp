#include "sql/sqlite_connection.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "sql/sqlite_statement.h"
#include "sql/sqlite_transaction.h"

namespace drdrill::sql {
namespace {

SqliteConnection open_memory() {
  auto c = SqliteConnection::open_in_memory();
  EXPECT_TRUE(c.ok()) << c.status().to_string();
  return std::move(c).value();
}

std::int64_t count_rows(SqliteConnection& c, const std::string& table) {
  auto stmt = c.prepare("SELECT COUNT(*) FROM " + table);
  EXPECT_TRUE(stmt.ok()) << stmt.status().to_string();
  auto row = stmt->step();
  EXPECT_TRUE(row.ok() && *row);
  return stmt->column_int64(0);
}

TEST(SqliteStatement, BindsAndReadsEveryTypeUnchanged) {
  auto c = open_memory();
  ASSERT_TRUE(c.exec_script("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n TEXT)").ok());
  auto insert = c.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  // A quote and a NUL inside the text prove the value never passes through SQL text.
  const std::string text = std::string("o'brien; DROP TABLE t; --") + '\0' + "tail";
  ASSERT_TRUE(insert->bind_all({std::int64_t{9'007'199'254'740'993}, 2.5, text, Blob{0, 1, 255}, nullptr}).ok());
  ASSERT_TRUE(insert->run().ok());

  auto select = c.prepare("SELECT i, d, s, b, n FROM t");
  ASSERT_TRUE(select.ok());
  auto row = select->step();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ(select->column_int64(0), 9'007'199'254'740'993);
  EXPECT_EQ(select->column_double(1), 2.5);
  EXPECT_EQ(select->column_text(2), text);
  EXPECT_EQ(std::get<Blob>(select->column_value(3)), (Blob{0, 1, 255}));
  EXPECT_TRUE(select->column_is_null(4));
  EXPECT_EQ(select->column_name(2), "s");
  EXPECT_EQ(count_rows(c, "t"), 1);
}

TEST(SqliteStatement, RefusesWrongParameterCount) {
  auto c = open_memory();
  ASSERT_TRUE(c.exec_script("CREATE TABLE t (a INTEGER)").ok());
  auto insert = c.prepare("INSERT INTO t VALUES (?)");
  ASSERT_TRUE(insert.ok());
  Status s = insert->bind_all({1, 2});
  EXPECT_TRUE(s.is_invalid_argument()) << s.to_string();
}

TEST(SqliteStatement, ReportsWhetherItCanWrite) {
  auto c = open_memory();
  ASSERT_TRUE(c.exec_script("CREATE TABLE t (a INTEGER)").ok());
  EXPECT_TRUE(c.prepare("SELECT a FROM t")->read_only());
  EXPECT_FALSE(c.prepare("INSERT INTO t VALUES (1)")->read_only());
  EXPECT_FALSE(c.prepare("CREATE TABLE u (b INTEGER)")->read_only());
}

TEST(SqliteConnection, RefusesTwoStatementsInOnePrepare) {
  auto c = open_memory();
  auto stmt = c.prepare("SELECT 1; SELECT 2");
  ASSERT_FALSE(stmt.ok());
  EXPECT_TRUE(stmt.status().is_invalid_argument());
  EXPECT_TRUE(c.prepare("SELECT 1; -- trailing comment\n").ok());
}

TEST(SqliteConnection, CarriesSqliteErrorTextInStatus) {
  auto c = open_memory();
  ASSERT_TRUE(c.exec_script("CREATE TABLE t (a INTEGER PRIMARY KEY)").ok());
  ASSERT_TRUE(c.exec_script("INSERT INTO t VALUES (1)").ok());
  auto insert = c.prepare("INSERT INTO t VALUES (1)");
  ASSERT_TRUE(insert.ok());
  Status s = insert->run();
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(s.message().find("UNIQUE constraint failed: t.a"), std::string::npos) << s.message();

  auto bad = c.prepare("SELEKT 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("syntax error"), std::string::npos) << bad.status().message();
}

TEST(SqliteConnection, EnforcesForeignKeys) {
  auto c = open_memory();
  ASSERT_TRUE(c.exec_script("CREATE TABLE p (id INTEGER PRIMARY KEY);"
                            "CREATE TABLE ch (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id))").ok());
  Status s = c.exec_script("INSERT INTO ch VALUES (1, 42)");
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.to_string();
}

TEST(SqliteTransaction, RollsBackWhenDroppedWithoutCommit) {
  auto c = open_memory();
  ASSERT_TRUE(c.exec_script("CREATE TABLE t (a INTEGER)").ok());
  {
    auto tx = SqliteTransaction::begin(c);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(c.exec_script("INSERT INTO t VALUES (1)").ok());
    EXPECT_FALSE(c.autocommit());
  }
  EXPECT_TRUE(c.autocommit());
  EXPECT_EQ(count_rows(c, "t"), 0);
}

TEST(SqliteTransaction, KeepsRowsOnCommitAndRefusesNesting) {
  auto c = open_memory();
  ASSERT_TRUE(c.exec_script("CREATE TABLE t (a INTEGER)").ok());
  auto tx = SqliteTransaction::begin(c);
  ASSERT_TRUE(tx.ok());
  EXPECT_FALSE(SqliteTransaction::begin(c).ok());
  ASSERT_TRUE(c.exec_script("INSERT INTO t VALUES (1)").ok());
  ASSERT_TRUE(tx->commit().ok());
  EXPECT_FALSE(tx->active());
  EXPECT_EQ(count_rows(c, "t"), 1);
}

TEST(SqliteTransaction, KeptControlStatementsWorkAfterAMoveAndASchemaChange) {
  auto first = open_memory();
  ASSERT_TRUE(first.exec_script("CREATE TABLE t (a INTEGER)").ok());
  {
    auto tx = SqliteTransaction::begin(first);  // compiles BEGIN, then ROLLBACK on drop
    ASSERT_TRUE(tx.ok());
  }
  SqliteConnection c = std::move(first);  // the kept statements move with the handle
  ASSERT_TRUE(c.exec_script("CREATE TABLE u (b INTEGER)").ok());
  for (int round = 0; round < 3; ++round) {
    auto tx = SqliteTransaction::begin(c);
    ASSERT_TRUE(tx.ok()) << tx.status().to_string();
    ASSERT_TRUE(c.exec_script("INSERT INTO t VALUES (1)").ok());
    if (round == 1) {
      ASSERT_TRUE(tx->rollback().ok());
    } else {
      ASSERT_TRUE(tx->commit().ok());
    }
    EXPECT_TRUE(c.autocommit());
  }
  EXPECT_EQ(count_rows(c, "t"), 2);
}

TEST(SqliteTransaction, CommitRefusedByADeferredKeyRollsBack) {
  auto c = open_memory();
  ASSERT_TRUE(c.exec_script("CREATE TABLE p (id INTEGER PRIMARY KEY);"
                            "CREATE TABLE ch (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)")
                  .ok());
  auto tx = SqliteTransaction::begin(c);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(c.exec_script("INSERT INTO ch VALUES (1, 42)").ok());  // checked only at COMMIT
  const Status committed = tx->commit();
  EXPECT_EQ(committed.code(), StatusCode::kFailedPrecondition) << committed.to_string();
  EXPECT_NE(committed.message().find("FOREIGN KEY constraint failed"), std::string::npos) << committed.to_string();
  EXPECT_TRUE(c.autocommit());
  EXPECT_EQ(count_rows(c, "ch"), 0);
  auto again = SqliteTransaction::begin(c);  // the kept BEGIN is usable again
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->commit().ok());
}

TEST(SqliteConnection, FileDatabaseInWalModeSurvivesReopen) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "drdrill_sqlite_wal_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto path = dir / "hms.db";
  {
    auto c = SqliteConnection::open_file(path);
    ASSERT_TRUE(c.ok()) << c.status().to_string();
    auto mode = c->prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode.ok() && *mode->step());
    EXPECT_EQ(mode->column_text(0), "wal");
    mode->reset();  // a statement left mid-iteration would block the COMMIT below
    ASSERT_TRUE(c->exec_script("CREATE TABLE t (a TEXT)").ok());
    auto tx = SqliteTransaction::begin(*c);
    ASSERT_TRUE(tx.ok());
    auto insert = c->prepare("INSERT INTO t VALUES (?)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->bind(1, "committed").ok());
    ASSERT_TRUE(insert->run().ok());
    Status committed = tx->commit();
    ASSERT_TRUE(committed.ok()) << committed.to_string();
    // An uncommitted transaction at "crash" time must not be there after reopening.
    auto open_tx = SqliteTransaction::begin(*c);
    ASSERT_TRUE(c->exec_script("INSERT INTO t VALUES ('uncommitted')").ok());
    // Leaving the scope rolls back and closes, like a process that stops mid-transaction.
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  auto reopened = SqliteConnection::open_file(path);
  ASSERT_TRUE(reopened.ok()) << reopened.status().to_string();
  auto select = reopened->prepare("SELECT a FROM t");
  ASSERT_TRUE(select.ok());
  auto row = select->step();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ(select->column_text(0), "committed");
  EXPECT_FALSE(*select->step());
  std::filesystem::remove_all(dir);
}

TEST(SqliteConnection, CopyFromSeedsAnExactCopy) {
  auto primary = open_memory();
  ASSERT_TRUE(primary.exec_script("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);"
                                  "INSERT INTO t VALUES (1, 'x'), (2, 'y')").ok());
  auto secondary = open_memory();
  ASSERT_TRUE(secondary.exec_script("CREATE TABLE stale (z INTEGER)").ok());
  ASSERT_TRUE(secondary.copy_from(primary).ok());
  EXPECT_EQ(count_rows(secondary, "t"), 2);
  EXPECT_FALSE(secondary.prepare("SELECT * FROM stale").ok());
}

}  // namespace
}  // namespace drdrill::sql
