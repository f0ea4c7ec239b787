#include "sql/database.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clock.h"

namespace drdrill::sql {
namespace {

std::unique_ptr<Database> open_db(const Clock& clock, const std::string& server = "srv-a") {
  auto db = Database::open({server, "hms", {}}, clock);
  EXPECT_TRUE(db.ok()) << db.status().to_string();
  return std::move(db).value();
}

SqlStatus ok_status() { return {}; }

TEST(Database, ExecutesStatementsWithBoundParameters) {
  ManualClock clock;
  auto db = open_db(clock);
  ASSERT_TRUE(db->execute({"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)", {}}).ok());
  auto inserted = db->execute({"INSERT INTO t (id, name) VALUES (?, ?)", {1, "x'; DROP TABLE t; --"}});
  ASSERT_TRUE(inserted.ok()) << inserted.error().to_string();
  EXPECT_EQ(inserted->rows_affected, 1);
  auto rows = db->execute({"SELECT id, name FROM t WHERE name = ?", {"x'; DROP TABLE t; --"}});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"id", "name"}));
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(rows->rows[0][0]), 1);
}

TEST(Database, ReadOnlyRoleRefusesDmlAndDdlWith3906ButServesReads) {
  ManualClock clock;
  auto db = open_db(clock, "srv-b");
  ASSERT_TRUE(db->execute({"CREATE TABLE t (id INTEGER PRIMARY KEY)", {}}).ok());
  ASSERT_TRUE(db->execute({"INSERT INTO t VALUES (1)", {}}).ok());
  db->set_read_only(true);

  for (const char* write : {"INSERT INTO t VALUES (2)", "UPDATE t SET id = 3", "DELETE FROM t",
                            "CREATE TABLE u (a INTEGER)", "DROP TABLE t", "ALTER TABLE t ADD COLUMN b TEXT"}) {
    auto r = db->execute({write, {}});
    ASSERT_FALSE(r.ok()) << write;
    EXPECT_EQ(r.error().number, 3906) << write;
    EXPECT_EQ(r.error().message, "Failed to update database \"hms\" because the database is read-only.");
    EXPECT_EQ(r.error().server, "srv-b");
    EXPECT_FALSE(r.error().is_transient());
  }
  auto read = db->execute({"SELECT COUNT(*) FROM t", {}});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(std::get<std::int64_t>(read->rows[0][0]), 1);
}

TEST(Database, FailedTransactionBodyRollsEverythingBack) {
  ManualClock clock;
  auto db = open_db(clock);
  ASSERT_TRUE(db->execute({"CREATE TABLE t (id INTEGER PRIMARY KEY)", {}}).ok());
  SqlStatus s = db->transact([](Transaction& tx) -> SqlStatus {
    DRDRILL_RETURN_IF_FAILED(tx.execute({"INSERT INTO t VALUES (1)", {}}));
    DRDRILL_RETURN_IF_FAILED(tx.execute({"INSERT INTO t VALUES (1)", {}}));  // duplicate key
    return ok_status();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().number, 2627);
  auto count = db->execute({"SELECT COUNT(*) FROM t", {}});
  EXPECT_EQ(std::get<std::int64_t>(count->rows[0][0]), 0);
}

TEST(Database, RefusesTransactionControlInSqlText) {
  ManualClock clock;
  auto db = open_db(clock);
  auto r = db->execute({"BEGIN TRANSACTION", {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().number, 0);
  EXPECT_NE(r.error().message.find("transact()"), std::string::npos);
}

TEST(Database, CapturesEachCommitWithItsAcknowledgementTime) {
  ManualClock clock;
  auto primary = open_db(clock);
  std::vector<CommitRecord> log;
  ASSERT_TRUE(primary->start_capture([&](CommitRecord r) { log.push_back(std::move(r)); }).ok());

  clock.advance(5s);
  ASSERT_TRUE(primary->execute({"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", {}}).ok());
  clock.advance(1s);
  ASSERT_TRUE(primary->transact([](Transaction& tx) -> SqlStatus {
    DRDRILL_RETURN_IF_FAILED(tx.execute({"INSERT INTO t VALUES (?, ?)", {1, "a"}}));
    DRDRILL_RETURN_IF_FAILED(tx.execute({"INSERT INTO t VALUES (?, ?)", {2, "b"}}));
    return ok_status();
  }).ok());
  // Reads and rolled-back transactions leave nothing to ship.
  ASSERT_TRUE(primary->execute({"SELECT * FROM t", {}}).ok());
  EXPECT_FALSE(primary->execute({"INSERT INTO t VALUES (1, 'dup')", {}}).ok());

  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].sequence, 1u);
  EXPECT_EQ(log[0].acknowledged_at, kDefaultEpoch + 5s);
  ASSERT_EQ(log[0].log.size(), 1u);
  EXPECT_EQ(log[0].log[0].schema_sql, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  EXPECT_EQ(log[1].sequence, 2u);
  EXPECT_EQ(log[1].acknowledged_at, kDefaultEpoch + 6s);
  EXPECT_GT(log[1].size_bytes(), 0u);
  EXPECT_EQ(primary->sequence(), 2u);
}

TEST(Database, ReadTransactionServesReadsShipsNothingAndRefusesWrites) {
  ManualClock clock;
  auto primary = open_db(clock);
  std::vector<CommitRecord> log;
  ASSERT_TRUE(primary->start_capture([&](CommitRecord r) { log.push_back(std::move(r)); }).ok());
  ASSERT_TRUE(primary->execute({"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", {}}).ok());
  ASSERT_TRUE(primary->execute({"INSERT INTO t VALUES (?, ?)", {1, "a"}}).ok());
  ASSERT_EQ(log.size(), 2u);

  std::vector<std::string> seen;
  SqlStatus read = primary->transact(
      [&](Transaction& tx) -> SqlStatus {
        auto r = tx.query({"SELECT id, v FROM t ORDER BY id", {}},
                          [&](const SqliteStatement& row) { seen.push_back(std::to_string(row.column_int64(0)) + row.column_text(1)); });
        if (!r.ok()) return std::move(r).error();
        EXPECT_EQ(*r, 0);
        return ok_status();
      },
      TransactionMode::kRead);
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  EXPECT_EQ(seen, (std::vector<std::string>{"1a"}));
  EXPECT_EQ(log.size(), 2u);  // a read ships no changeset
  EXPECT_EQ(primary->sequence(), 2u);

  // A write inside a read transaction is refused before it runs, and nothing of it stays.
  SqlStatus write = primary->transact(
      [&](Transaction& tx) -> SqlStatus {
        DRDRILL_RETURN_IF_FAILED(tx.execute({"INSERT INTO t VALUES (?, ?)", {2, "b"}}));
        return ok_status();
      },
      TransactionMode::kRead);
  ASSERT_FALSE(write.ok());
  EXPECT_NE(write.error().message.find("a read-only transaction does not write"), std::string::npos);
  EXPECT_EQ(std::get<std::int64_t>(primary->execute({"SELECT COUNT(*) FROM t", {}})->rows[0][0]), 1);
  EXPECT_EQ(log.size(), 2u);

  // The next read-write transaction still ships its changes.
  ASSERT_TRUE(primary->execute({"INSERT INTO t VALUES (?, ?)", {3, "c"}}).ok());
  ASSERT_EQ(log.size(), 3u);
  EXPECT_GT(log[2].size_bytes(), 0u);
}

TEST(Database, StatementCheckRunsOnceBeforeTheStatementAndItsErrorIsTheStatements) {
  ManualClock clock;
  auto db = open_db(clock);
  ASSERT_TRUE(db->execute({"CREATE TABLE t (id INTEGER PRIMARY KEY)", {}}).ok());
  std::vector<bool> checked;
  const StatementCheck refuse_writes = [&](bool writes) -> SqlStatus {
    checked.push_back(writes);
    if (writes) return SqlError::database_unavailable("hms", "srv-a");
    return {};
  };
  SqlStatus s = db->transact([&](Transaction& tx) -> SqlStatus {
    auto read = tx.execute({"SELECT COUNT(*) FROM t", {}}, &refuse_writes);
    EXPECT_TRUE(read.ok());
    EXPECT_EQ(read->columns, (std::vector<std::string>{"COUNT(*)"}));
    auto write = tx.execute({"INSERT INTO t VALUES (1)", {}}, &refuse_writes);
    EXPECT_FALSE(write.ok());
    if (!write.ok()) {
      EXPECT_EQ(write.error().number, 40613);
    }
    // A statement that does not compile fails with its own error; no check applies.
    auto broken = tx.execute({"SELECT nope FROM missing", {}}, &refuse_writes);
    EXPECT_FALSE(broken.ok());
    return ok_status();
  });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(checked, (std::vector<bool>{false, true}));
  EXPECT_EQ(std::get<std::int64_t>(db->execute({"SELECT COUNT(*) FROM t", {}})->rows[0][0]), 0);
}

TEST(Database, AppliedLogReproducesPrimaryIncludingDdlMixedWithRows) {
  ManualClock clock;
  auto primary = open_db(clock, "srv-a");
  auto secondary = open_db(clock, "srv-b");
  secondary->set_read_only(true);
  std::vector<CommitRecord> log;
  ASSERT_TRUE(primary->start_capture([&](CommitRecord r) { log.push_back(std::move(r)); }).ok());

  ASSERT_TRUE(primary->transact([](Transaction& tx) -> SqlStatus {
    DRDRILL_RETURN_IF_FAILED(tx.execute({"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", {}}));
    DRDRILL_RETURN_IF_FAILED(tx.execute({"INSERT INTO t VALUES (1, 'a')", {}}));
    DRDRILL_RETURN_IF_FAILED(tx.execute({"ALTER TABLE t ADD COLUMN w TEXT", {}}));
    DRDRILL_RETURN_IF_FAILED(tx.execute({"UPDATE t SET w = 'x' WHERE id = 1", {}}));
    DRDRILL_RETURN_IF_FAILED(tx.execute({"INSERT INTO t VALUES (2, 'b', 'y')", {}}));
    return ok_status();
  }).ok());
  ASSERT_TRUE(primary->execute({"DELETE FROM t WHERE id = 1", {}}).ok());
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].log.size(), 4u);  // DDL, rows, DDL, rows

  ASSERT_TRUE(secondary->apply(log[0]).ok());
  ASSERT_TRUE(secondary->apply(log[1]).ok());
  auto rows = secondary->execute({"SELECT id, v, w FROM t ORDER BY id", {}});
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(rows->rows[0][0]), 2);
  EXPECT_EQ(std::get<std::string>(rows->rows[0][2]), "y");
  EXPECT_EQ(secondary->sequence(), 2u);
}

TEST(Database, RefusesToApplyCommitsOutOfOrder) {
  ManualClock clock;
  auto primary = open_db(clock);
  auto secondary = open_db(clock);
  std::vector<CommitRecord> log;
  ASSERT_TRUE(primary->start_capture([&](CommitRecord r) { log.push_back(std::move(r)); }).ok());
  ASSERT_TRUE(primary->execute({"CREATE TABLE t (id INTEGER PRIMARY KEY)", {}}).ok());
  ASSERT_TRUE(primary->execute({"INSERT INTO t VALUES (1)", {}}).ok());
  Status s = secondary->apply(log[1]);
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("expected commit 1 but got 2"), std::string::npos) << s.message();
}

TEST(Database, SeedingCopiesContentAndLogPosition) {
  ManualClock clock;
  auto primary = open_db(clock);
  auto secondary = open_db(clock);
  std::vector<CommitRecord> log;
  ASSERT_TRUE(primary->start_capture([&](CommitRecord r) { log.push_back(std::move(r)); }).ok());
  ASSERT_TRUE(primary->execute({"CREATE TABLE t (id INTEGER PRIMARY KEY)", {}}).ok());
  ASSERT_TRUE(primary->execute({"INSERT INTO t VALUES (1)", {}}).ok());
  const auto generation = secondary->generation();
  ASSERT_TRUE(secondary->seed_from(*primary).ok());
  EXPECT_EQ(secondary->sequence(), 2u);
  EXPECT_NE(secondary->generation(), generation);
  ASSERT_TRUE(primary->execute({"INSERT INTO t VALUES (2)", {}}).ok());
  ASSERT_TRUE(secondary->apply(log[2]).ok());
  auto count = secondary->execute({"SELECT COUNT(*) FROM t", {}});
  EXPECT_EQ(std::get<std::int64_t>(count->rows[0][0]), 2);
}

}  // namespace
}  // namespace drdrill::sql
