// Delta tables in the storage fake: commits are log files written with If-None-Match, reads replay
// the log through a per-driver cache, and what a failover leaves behind (a log naming files that
// never arrived, a gap in the log, no log at all) is a distinct, countable error — or, in the
// latest-complete read mode, a fallback that says what it skipped.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "lake_storage.h"
#include "lakehouse/delta_table.h"

namespace drdrill::lakehouse {
namespace {

using testing::LakeStorage;

constexpr const char* kTable = "tables/sales";

DeltaCommit create_commit() {
  DeltaCommit c;
  c.version = 0;
  c.commit_info = DeltaCommitInfo{};
  c.commit_info->operation = "CREATE TABLE";
  c.protocol = DeltaProtocol{};
  DeltaMetadata m;
  m.id = deterministic_uuid("sales");
  m.schema = {{"id", DataType::kBigint, true, ""}, {"name", DataType::kString, true, "who"}};
  c.metadata = m;
  return c;
}

// Writes a data file with `rows` JSON lines and commits it as `version`.
DataResult<StorageWriteReceipt> append(DeltaTable& table, std::int64_t version, const std::string& file, int rows) {
  std::string content;
  for (int i = 0; i < rows; ++i) content += "{\"id\":" + std::to_string(version * 100 + i) + ",\"name\":\"n\"}\n";
  auto data = table.write_data_file(file, content);
  if (!data.ok()) return std::move(data).error();
  DeltaCommit c;
  c.version = version;
  c.commit_info = DeltaCommitInfo{};
  c.commit_info->operation = "WRITE";
  c.commit_info->read_version = version - 1;
  DeltaAddFile add;
  add.path = file;
  add.size_bytes = static_cast<std::int64_t>(content.size());
  add.num_records = rows;
  c.adds.push_back(add);
  return table.commit(c);
}

class DeltaTableTest : public ::testing::Test {
 protected:
  ManualClock clock_{kDefaultEpoch + 1h};
  LakeStorage lake_{clock_};
  StorageClient writer_client_{lake_.handler(), clock_, lake_.keys()};
  DeltaTable writer_{writer_client_, LakeStorage::location(kTable)};

  void create_with_two_appends() {
    ASSERT_TRUE(writer_.commit(create_commit()).ok());
    ASSERT_TRUE(append(writer_, 1, "part-1.json", 2).ok());
    ASSERT_TRUE(append(writer_, 2, "part-2.json", 3).ok());
  }
};

TEST_F(DeltaTableTest, CommitsEachVersionAsAJsonLinesLogFileNamedByItsTwentyDigitVersion) {
  ASSERT_TRUE(writer_.commit(create_commit()).ok());
  auto receipt = append(writer_, 1, "part-1.json", 2);
  ASSERT_TRUE(receipt.ok()) << receipt.error().to_string();
  EXPECT_EQ(receipt->account, "lake");
  EXPECT_EQ(receipt->target, "data/tables/sales/_delta_log/00000000000000000001.json");
  EXPECT_EQ(receipt->acknowledged_at, clock_.now());

  auto log = writer_client_.get(LakeStorage::location("tables/sales/_delta_log/00000000000000000000.json"));
  ASSERT_TRUE(log.ok());
  // commitInfo, protocol, metaData: one JSON action per line.
  std::vector<std::string> actions;
  std::size_t begin = 0;
  while (begin < log->content.size()) {
    const auto end = log->content.find('\n', begin);
    const auto line = nlohmann::json::parse(log->content.substr(begin, end - begin), nullptr, false);
    ASSERT_FALSE(line.is_discarded());
    actions.push_back(line.begin().key());
    begin = end + 1;
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"commitInfo", "protocol", "metaData"}));
  EXPECT_NE(log->content.find(R"(\"type\":\"long\")"), std::string::npos) << log->content;
}

TEST_F(DeltaTableTest, AFreshReaderReplaysTheLogToTheLatestSnapshot) {
  create_with_two_appends();
  StorageClient client(lake_.handler(), clock_, lake_.keys());
  DeltaTable reader(client, LakeStorage::location(kTable));
  DeltaReadReport report;
  auto scan = reader.scan(DeltaReadMode::kStrict, true, report);
  ASSERT_TRUE(scan.ok()) << scan.error().to_string();
  EXPECT_EQ(scan->snapshot().version, 2);
  EXPECT_EQ(scan->snapshot().num_records(), 5);
  ASSERT_EQ(scan->files.size(), 2u);
  EXPECT_EQ(scan->files[0].first->path, "part-1.json");  // in commit order
  EXPECT_EQ(scan->snapshot().metadata.schema.at(1).comment, "who");
  EXPECT_FALSE(report.degraded());
}

TEST_F(DeltaTableTest, RefusesToCommitAVersionAnotherWriterCommittedFirst) {
  ASSERT_TRUE(writer_.commit(create_commit()).ok());
  StorageClient other_client(lake_.handler(), clock_, lake_.keys());
  DeltaTable other(other_client, LakeStorage::location(kTable));
  DeltaReadReport report;
  ASSERT_TRUE(other.latest(DeltaReadMode::kStrict, report).ok());
  ASSERT_TRUE(append(writer_, 1, "part-a.json", 1).ok());

  auto lost = append(other, 1, "part-b.json", 1);
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().kind, DataErrorKind::kCommitConflict);
  EXPECT_EQ(lost.error().error_class, "DELTA_CONCURRENT_APPEND");
  EXPECT_EQ(lost.error().statement_error_code(), "ABORTED");
  // Version 1 is the winner's; the loser's data file stays behind, unreferenced.
  DeltaTable reader(other_client, LakeStorage::location(kTable));
  auto scan = reader.scan(DeltaReadMode::kStrict, false, report);
  ASSERT_TRUE(scan.ok());
  ASSERT_EQ(scan->files.size(), 1u);
  EXPECT_EQ(scan->files[0].first->path, "part-a.json");
  EXPECT_NE(lake_.blob("data", "tables/sales/part-b.json"), nullptr);
}

TEST_F(DeltaTableTest, ReadsOnlyTheVersionsCommittedSinceItsLastRead) {
  create_with_two_appends();
  StorageClient client(lake_.handler(), clock_, lake_.keys());
  DeltaTable reader(client, LakeStorage::location(kTable));
  DeltaReadReport report;
  ASSERT_TRUE(reader.latest(DeltaReadMode::kStrict, report).ok());
  EXPECT_EQ(reader.log_entries_read(), 3);
  ASSERT_TRUE(append(writer_, 3, "part-3.json", 1).ok());
  auto latest = reader.latest(DeltaReadMode::kStrict, report);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ((*latest)->version, 3);
  EXPECT_EQ(reader.log_entries_read(), 4);
}

TEST_F(DeltaTableTest, ListsALongLogOnceSoAnUpToDateReadCostsOneRequest) {
  ASSERT_TRUE(writer_.commit(create_commit()).ok());
  for (std::int64_t v = 1; v < 250; ++v) {
    DeltaCommit c;
    c.version = v;
    c.commit_info = DeltaCommitInfo{};
    ASSERT_TRUE(writer_.commit(c).ok());
  }
  StorageClient client(lake_.handler(), clock_, lake_.keys());
  DeltaTable reader(client, LakeStorage::location(kTable));
  DeltaReadReport report;
  ASSERT_TRUE(reader.latest(DeltaReadMode::kStrict, report).ok());
  // One listing of the log, then one GET per version.
  EXPECT_EQ(client.requests(), 1u + 250u);
  const std::uint64_t before = client.requests();
  auto again = reader.latest(DeltaReadMode::kStrict, report);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->version, 249);
  EXPECT_EQ(client.requests() - before, 1u);  // the log from version 249 on
}

TEST_F(DeltaTableTest, AnUpToDateReadListsOnlyFromTheLastVersionItRead) {
  ASSERT_TRUE(writer_.commit(create_commit()).ok());
  for (std::int64_t v = 1; v < 150; ++v) {
    DeltaCommit c;
    c.version = v;
    c.commit_info = DeltaCommitInfo{};
    ASSERT_TRUE(writer_.commit(c).ok());
  }
  // Counts the entries each listing answers with.
  std::vector<std::size_t> listed;
  http::Handler lake = lake_.handler();
  http::Handler counting = [&](const http::Request& request) {
    http::Response response = lake(request);
    if (request.query().find("comp=list") != std::string_view::npos) {
      std::size_t n = 0;
      for (auto at = response.body.find("<Blob>"); at != std::string::npos; at = response.body.find("<Blob>", at + 1)) ++n;
      listed.push_back(n);
    }
    return response;
  };
  StorageClient client(counting, clock_, lake_.keys());
  DeltaTable reader(client, LakeStorage::location(kTable));
  DeltaReadReport report;
  ASSERT_TRUE(reader.latest(DeltaReadMode::kStrict, report).ok());
  EXPECT_EQ(listed, (std::vector<std::size_t>{150}));
  listed.clear();
  DeltaCommit next;
  next.version = 150;
  next.commit_info = DeltaCommitInfo{};
  ASSERT_TRUE(writer_.commit(next).ok());
  auto latest = reader.latest(DeltaReadMode::kStrict, report);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ((*latest)->version, 150);
  // From version 149 on (the last read, to notice storage going back in time, and the new one):
  // not the 151 entries of the whole log again.
  EXPECT_EQ(listed, (std::vector<std::size_t>{2}));
}

TEST_F(DeltaTableTest, StartsOverWhenTheLastVersionItReadHasVanished) {
  create_with_two_appends();
  StorageClient client(lake_.handler(), clock_, lake_.keys());
  DeltaTable reader(client, LakeStorage::location(kTable));
  DeltaReadReport report;
  ASSERT_TRUE(reader.latest(DeltaReadMode::kStrict, report).ok());
  // Storage went back in time (as an unplanned failover drops what had not replicated).
  ASSERT_EQ(lake_.delete_blob("data", "tables/sales/_delta_log/00000000000000000002.json"), 202);
  auto latest = reader.latest(DeltaReadMode::kStrict, report);
  ASSERT_TRUE(latest.ok()) << latest.error().to_string();
  EXPECT_EQ((*latest)->version, 1);
  EXPECT_EQ((*latest)->num_records(), 2);
}

TEST_F(DeltaTableTest, NoLogAtTheLocationIsTheMissingTransactionLogError) {
  StorageClient client(lake_.handler(), clock_, lake_.keys());
  DeltaTable reader(client, LakeStorage::location("tables/nothing"));
  DeltaReadReport report;
  auto latest = reader.latest(DeltaReadMode::kStrict, report);
  ASSERT_FALSE(latest.ok());
  EXPECT_EQ(latest.error().kind, DataErrorKind::kMissingTransactionLog);
  EXPECT_EQ(latest.error().error_class, "DELTA_PATH_DOES_NOT_EXIST");
}

class DeltaOnTheSecondaryTest : public DeltaTableTest {
 protected:
  StorageClient secondary_client_{lake_.handler(), clock_, lake_.keys()};
  DeltaTable secondary_{secondary_client_, LakeStorage::location(kTable, true)};
  DeltaReadReport report_;

  static bool is_log(const std::string& target) { return target.find("/_delta_log/") != std::string::npos; }
};

TEST_F(DeltaOnTheSecondaryTest, ALogNamingAFileThatHasNotArrivedIsTheMissingDataFileErrorWhenStrict) {
  create_with_two_appends();
  lake_.replication().deliver_if([](const std::string& t) { return is_log(t) || t.ends_with("part-1.json"); });
  auto scan = secondary_.scan(DeltaReadMode::kStrict, true, report_);
  ASSERT_FALSE(scan.ok());
  EXPECT_EQ(scan.error().kind, DataErrorKind::kMissingDataFile);
  EXPECT_EQ(scan.error().error_class, "DELTA_FILE_NOT_FOUND_DETAILED");
  EXPECT_EQ(scan.error().statement_error_code(), "IO_ERROR");
  EXPECT_NE(scan.error().message.find("https://lake-secondary.dfs.core.windows.net/data/tables/sales/part-2.json"),
            std::string::npos)
      << scan.error().message;
  EXPECT_EQ(report_.missing_files, (std::vector<std::string>{"part-2.json"}));
  // Checking existence only (count(*) from statistics) finds it just the same.
  DeltaReadReport stats_report;
  EXPECT_EQ(secondary_.scan(DeltaReadMode::kStrict, false, stats_report).error().kind, DataErrorKind::kMissingDataFile);
}

// A handler that drops the <Blob> entry of every name ending in `hidden` from listings: storage
// still has the file (a HEAD or GET finds it), only the listing does not show it.
http::Handler hiding_from_listings(http::Handler inner, std::vector<std::string> hidden,
                                   std::vector<std::string>* list_queries = nullptr) {
  return [inner = std::move(inner), hidden = std::move(hidden), list_queries](const http::Request& request) {
    http::Response response = inner(request);
    if (request.query().find("comp=list") == std::string_view::npos) return response;
    if (list_queries != nullptr) list_queries->emplace_back(request.query());
    for (const std::string& name : hidden) {
      const auto at = response.body.find(name + "</Name>");
      if (at == std::string::npos) continue;
      const auto begin = response.body.rfind("<Blob>", at);
      const auto end = response.body.find("</Blob>", at) + std::string_view("</Blob>").size();
      response.body.erase(begin, end - begin);
    }
    return response;
  };
}

TEST_F(DeltaTableTest, CountingFromStatisticsChecksEachFileAgainstOneListingOfItsDirectory) {
  create_with_two_appends();
  ASSERT_TRUE(append(writer_, 3, "part-3.json", 4).ok());
  std::vector<std::string> queries;
  StorageClient client(hiding_from_listings(lake_.handler(), {"part-2.json"}, &queries), clock_, lake_.keys());
  DeltaTable reader(client, LakeStorage::location(kTable));
  DeltaReadReport report;
  ASSERT_TRUE(reader.latest(DeltaReadMode::kStrict, report).ok());
  queries.clear();
  const std::uint64_t before = client.requests();
  // part-2.json is in storage (a read of the rows finds it) but not in the listing: a reader that
  // did not check presence by the listing would count it.
  auto scan = reader.scan(DeltaReadMode::kStrict, false, report);
  ASSERT_FALSE(scan.ok());
  EXPECT_EQ(scan.error().kind, DataErrorKind::kMissingDataFile);
  EXPECT_EQ(scan.error().error_class, "DELTA_FILE_NOT_FOUND_DETAILED");
  EXPECT_EQ(scan.error().message,
            "[DELTA_FILE_NOT_FOUND_DETAILED] File https://lake.dfs.core.windows.net/data/tables/sales/part-2.json "
            "referenced in the transaction log cannot be found. Version 3 of the table names files storage does not "
            "have");
  EXPECT_EQ(report.missing_files, (std::vector<std::string>{"part-2.json"}));
  // The log refresh, then one listing of the table root for three files, not one request per file.
  EXPECT_EQ(client.requests() - before, 2u);
  EXPECT_EQ(queries.back(), "restype=container&comp=list&prefix=tables%2Fsales%2F&delimiter=%2F");
  DeltaReadReport with_rows;
  EXPECT_TRUE(reader.scan(DeltaReadMode::kStrict, true, with_rows).ok());
}

TEST_F(DeltaTableTest, LatestCompleteFallsBackPastAFileTheListingDoesNotShowAndStrictNamesTheFirstAndTheCount) {
  create_with_two_appends();
  ASSERT_TRUE(append(writer_, 3, "part-3.json", 4).ok());
  StorageClient client(hiding_from_listings(lake_.handler(), {"part-2.json", "part-3.json"}), clock_, lake_.keys());
  DeltaTable reader(client, LakeStorage::location(kTable));
  DeltaReadReport strict_report;
  auto strict = reader.scan(DeltaReadMode::kStrict, false, strict_report);
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.error().message.find("File https://lake.dfs.core.windows.net/data/tables/sales/part-2.json "
                                        "referenced in the transaction log cannot be found (and 1 more)"),
            std::string::npos)
      << strict.error().message;
  EXPECT_EQ(strict_report.missing_files, (std::vector<std::string>{"part-2.json", "part-3.json"}));
  DeltaReadReport report;
  auto scan = reader.scan(DeltaReadMode::kLatestComplete, false, report);
  ASSERT_TRUE(scan.ok()) << scan.error().to_string();
  EXPECT_EQ(scan->snapshot().version, 1);
  ASSERT_EQ(scan->files.size(), 1u);
  EXPECT_EQ(scan->files[0].first->path, "part-1.json");
  EXPECT_EQ(report.version_read, 1);
  EXPECT_EQ(report.latest_version, 3);
}

TEST_F(DeltaTableTest, ListsEachPartitionDirectoryTheSnapshotNamesOnce) {
  ASSERT_TRUE(writer_.commit(create_commit()).ok());
  ASSERT_TRUE(append(writer_, 1, "order_date=2026-01-01/part-a.json", 1).ok());
  ASSERT_TRUE(append(writer_, 2, "order_date=2026-01-02/part-b.json", 2).ok());
  ASSERT_TRUE(append(writer_, 3, "order_date=2026-01-01/part-c.json", 3).ok());
  ASSERT_TRUE(append(writer_, 4, "part-d.json", 4).ok());
  // Not named by the snapshot: its directory is not listed.
  ASSERT_TRUE(writer_.write_data_file("order_date=2026-01-03/part-e.json", "{}\n").ok());
  std::vector<std::string> queries;
  StorageClient client(hiding_from_listings(lake_.handler(), {}, &queries), clock_, lake_.keys());
  DeltaTable reader(client, LakeStorage::location(kTable));
  DeltaReadReport report;
  ASSERT_TRUE(reader.latest(DeltaReadMode::kStrict, report).ok());
  queries.clear();
  auto scan = reader.scan(DeltaReadMode::kStrict, false, report);
  ASSERT_TRUE(scan.ok()) << scan.error().to_string();
  EXPECT_EQ(scan->files.size(), 4u);
  EXPECT_EQ(scan->snapshot().num_records(), 10);
  const std::string list = "restype=container&comp=list&prefix=tables%2Fsales%2F";
  // The log refresh, then the two partitions named and the root, in the order of the snapshot's
  // paths.
  ASSERT_EQ(queries.size(), 4u);
  EXPECT_EQ(queries[1], list + "order_date%3D2026-01-01%2F&delimiter=%2F");
  EXPECT_EQ(queries[2], list + "order_date%3D2026-01-02%2F&delimiter=%2F");
  EXPECT_EQ(queries[3], list + "&delimiter=%2F");
}

TEST_F(DeltaOnTheSecondaryTest, LatestCompleteFallsBackToTheNewestVersionWhoseFilesAllExistAndSaysWhatItSkipped) {
  create_with_two_appends();
  lake_.replication().deliver_if([](const std::string& t) { return is_log(t) || t.ends_with("part-1.json"); });
  auto scan = secondary_.scan(DeltaReadMode::kLatestComplete, true, report_);
  ASSERT_TRUE(scan.ok()) << scan.error().to_string();
  EXPECT_EQ(scan->snapshot().version, 1);
  EXPECT_EQ(scan->snapshot().num_records(), 2);
  EXPECT_EQ(report_.latest_version, 2);
  EXPECT_EQ(report_.version_read, 1);
  EXPECT_EQ(report_.missing_files, (std::vector<std::string>{"part-2.json"}));
  EXPECT_TRUE(report_.degraded());
  // Once the file arrives the same reader sees everything.
  lake_.replication().deliver_all();
  DeltaReadReport later;
  auto full = secondary_.scan(DeltaReadMode::kLatestComplete, true, later);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->snapshot().version, 2);
  EXPECT_FALSE(later.degraded());
}

TEST_F(DeltaOnTheSecondaryTest, ALaterCommitArrivingBeforeAnEarlierOneIsAGapStrictRefusesAndLatestCompleteSkips) {
  create_with_two_appends();
  ASSERT_TRUE(append(writer_, 3, "part-3.json", 1).ok());
  lake_.replication().deliver_if([](const std::string& t) { return !t.ends_with("00000000000000000002.json"); });
  auto strict = secondary_.latest(DeltaReadMode::kStrict, report_);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().kind, DataErrorKind::kLogVersionGap);
  EXPECT_EQ(strict.error().error_class, "DELTA_VERSIONS_NOT_CONTIGUOUS");
  EXPECT_EQ(report_.missing_versions, (std::vector<std::int64_t>{2}));

  DeltaReadReport report;
  auto complete = secondary_.latest(DeltaReadMode::kLatestComplete, report);
  ASSERT_TRUE(complete.ok());
  EXPECT_EQ((*complete)->version, 1);
  EXPECT_EQ(report.latest_version, 3);
}

TEST_F(DeltaOnTheSecondaryTest, WritingThroughTheSecondaryEndpointIsRefusedWithTheStorage403) {
  ASSERT_TRUE(writer_.commit(create_commit()).ok());
  lake_.replication().deliver_all();
  auto written = secondary_.write_data_file("part-x.json", "{}\n");
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, DataErrorKind::kStorageWriteRefused);
  EXPECT_EQ(written.error().http_status, 403);
  EXPECT_EQ(written.error().storage_error_code, "InsufficientAccountPermissions");
  EXPECT_EQ(written.error().message,
            "Operation failed: \"Write operations are not allowed.\", 403, PUT, "
            "https://lake-secondary.dfs.core.windows.net/data/tables/sales/part-x.json, InsufficientAccountPermissions");
  EXPECT_EQ(lake_.replication().held(), 0u);  // nothing was acknowledged
}

TEST_F(DeltaTableTest, AWrongAccountKeyIsTheStorageAuthenticationError) {
  StorageClient client(lake_.handler(), clock_, {{"lake", "d3Jvbmcga2V5"}});
  DeltaTable reader(client, LakeStorage::location(kTable));
  DeltaReadReport report;
  auto latest = reader.latest(DeltaReadMode::kStrict, report);
  ASSERT_FALSE(latest.ok());
  EXPECT_EQ(latest.error().kind, DataErrorKind::kStorageAuth);
  EXPECT_EQ(latest.error().storage_error_code, "AuthenticationFailed");
  StorageClient keyless(lake_.handler(), clock_, {});
  DeltaTable blind(keyless, LakeStorage::location(kTable));
  EXPECT_EQ(blind.latest(DeltaReadMode::kStrict, report).error().kind, DataErrorKind::kStorageAuth);
}

TEST_F(DeltaTableTest, ARegionOutageIsStorageUnavailable) {
  ASSERT_TRUE(writer_.commit(create_commit()).ok());
  lake_.state().outages().set("eastus", storage::OutageMode::kServerBusy);
  DeltaReadReport report;
  StorageClient client(lake_.handler(), clock_, lake_.keys());
  DeltaTable reader(client, LakeStorage::location(kTable));
  auto latest = reader.latest(DeltaReadMode::kStrict, report);
  ASSERT_FALSE(latest.ok());
  EXPECT_EQ(latest.error().kind, DataErrorKind::kStorageUnavailable);
  EXPECT_EQ(latest.error().statement_error_code(), "TEMPORARILY_UNAVAILABLE");
}

}  // namespace
}  // namespace drdrill::lakehouse
