#include "storage/account.h"

#include <gtest/gtest.h>

#include "storage/crypto.h"
#include "storage/etag.h"
#include "storage/storage_state.h"

namespace drdrill::storage {
namespace {

Blob make_blob(Account& account, std::string bytes, TimePoint now) {
  Blob b;
  b.content = BlobContent(bytes, std::nullopt);
  b.properties = account.intern({});
  b.etag = account.next_etag(now);
  b.created = b.last_modified = now;
  return b;
}

std::unique_ptr<Account> dev_account(Redundancy r = Redundancy::kRaGrs) {
  auto config = AccountConfig::devstoreaccount1();
  config.redundancy = r;
  auto account = Account::create(config);
  EXPECT_TRUE(account.ok()) << account.status().to_string();
  return std::move(account).value();
}

TEST(Etag, LooksLikeAzuresAndCountsFiletimeTicks) {
  // 2026-01-01T00:00:00Z is 134116992000000000 ticks after 1601-01-01 (100 ns each).
  EXPECT_EQ(filetime_ticks(kDefaultEpoch), 134116992000000000ull);
  EXPECT_EQ(format_etag(filetime_ticks(kDefaultEpoch)), "\"0x1DC7AB192810000\"");
}

TEST(Etag, SpellsEveryValueInUpperCaseHexWithoutLeadingZeros) {
  EXPECT_EQ(format_etag(0), "\"0x0\"");
  EXPECT_EQ(format_etag(0xA), "\"0xA\"");
  EXPECT_EQ(format_etag(0x10), "\"0x10\"");
  EXPECT_EQ(format_etag(0xFFFFFFFFFFFFFFFFull), "\"0xFFFFFFFFFFFFFFFF\"");
  EXPECT_EQ(format_etag(0x8000000000000000ull), "\"0x8000000000000000\"");
  std::string appended = "<Etag>";
  append_etag(appended, 0x1DC7AB192810000ull);
  EXPECT_EQ(appended, "<Etag>\"0x1DC7AB192810000\"");
}

TEST(Etag, SequenceIsStrictlyIncreasingEvenWithinOneTick) {
  EtagSequence etags;
  const auto a = etags.next(kDefaultEpoch);
  const auto b = etags.next(kDefaultEpoch);
  const auto c = etags.next(kDefaultEpoch - 1h);  // a clock never goes back, but ETags must not either
  EXPECT_EQ(a, filetime_ticks(kDefaultEpoch));
  EXPECT_EQ(b, a + 1);
  EXPECT_EQ(c, b + 1);
  EXPECT_EQ(etags.next(kDefaultEpoch + 1s), filetime_ticks(kDefaultEpoch + 1s));
}

TEST(AccountCreation, RejectsBadNamesAndKeys) {
  auto config = AccountConfig::devstoreaccount1();
  config.name = "Has-Upper";
  EXPECT_TRUE(Account::create(config).status().is_invalid_argument());
  config = AccountConfig::devstoreaccount1();
  config.key2 = "not base64!";
  EXPECT_TRUE(Account::create(config).status().is_invalid_argument());
}

TEST(AccountCreation, DecodesBothKeys) {
  const auto account = dev_account();
  EXPECT_EQ(account->signing_keys()[0].size(), 64u);
  EXPECT_EQ(account->signing_keys()[1], "drdrill devstoreaccount1 key2 (not a secret)");
}

TEST(AccountWrites, ReachTheSecondaryOnlyThroughReplication) {
  auto account = dev_account();
  account->acknowledge(PutContainer{"c", {}}, kDefaultEpoch);
  account->acknowledge(PutBlob{"c", "b", make_blob(*account, "x", kDefaultEpoch)}, kDefaultEpoch);
  // The default link replicates at once.
  EXPECT_NE(account->secondary().find_blob("c", "b"), nullptr);
  EXPECT_EQ(account->geo_replication_stats(kDefaultEpoch + 5s).last_sync_time, kDefaultEpoch + 5s);
}

class RecordingLink final : public ReplicationLink {
 public:
  void replicate(Mutation write, TimePoint acknowledged) override {
    writes.emplace_back(std::string(kind_name(write)) + " " + target_name(write), acknowledged);
  }
  GeoReplicationStats stats(TimePoint) const override { return {GeoReplicationStatus::kBootstrap, std::nullopt}; }
  std::vector<std::pair<std::string, TimePoint>> writes;
};

TEST(AccountWrites, HandEveryAcknowledgedWriteToTheLinkInOrder) {
  auto account = dev_account();
  auto link = std::make_unique<RecordingLink>();
  RecordingLink* seen = link.get();
  account->set_replication_link(std::move(link));
  account->acknowledge(PutContainer{"c", {}}, kDefaultEpoch);
  account->acknowledge(PutBlob{"c", "b", make_blob(*account, "x", kDefaultEpoch + 1s)}, kDefaultEpoch + 1s);
  account->acknowledge(DeleteBlob{"c", "b"}, kDefaultEpoch + 2s);
  ASSERT_EQ(seen->writes.size(), 3u);
  EXPECT_EQ(seen->writes[0].first, "PutContainer c");
  EXPECT_EQ(seen->writes[1].first, "PutBlob c/b");
  EXPECT_EQ(seen->writes[2].first, "DeleteBlob c/b");
  EXPECT_EQ(seen->writes[2].second, kDefaultEpoch + 2s);
  // Nothing reached the secondary: this link never delivers.
  EXPECT_EQ(account->secondary().find_container("c"), nullptr);
  EXPECT_EQ(account->primary().find_blob("c", "b"), nullptr);
}

TEST(AccountWrites, LocallyRedundantAccountsReplicateNothing) {
  auto account = dev_account(Redundancy::kLrs);
  account->acknowledge(PutContainer{"c", {}}, kDefaultEpoch);
  EXPECT_NE(account->primary().find_container("c"), nullptr);
  EXPECT_EQ(account->secondary().find_container("c"), nullptr);
}

TEST(AccountProperties, EqualBlobPropertiesShareOneInstance) {
  auto account = dev_account();
  BlobProperties text;
  text.headers.content_type = "text/plain";
  const auto a = account->intern(text);
  const auto b = account->intern(text);
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(account->intern({}).get(), account->intern({}).get());
  EXPECT_EQ(a->headers.content_type, "text/plain");
  BlobProperties other = text;
  other.metadata = {{"k", "v"}};
  EXPECT_NE(account->intern(other).get(), a.get());
}

TEST(BlobContentValue, KeepsBytesAndMd5InOneSharedValue) {
  const Md5 digest{1, 2, 3};
  const BlobContent content("hello", digest);
  EXPECT_EQ(content.bytes(), "hello");
  EXPECT_EQ(content.size_bytes(), 5u);
  EXPECT_EQ(content.md5(), digest);
  const BlobContent copy = content;  // shares, does not copy the bytes
  EXPECT_EQ(copy.bytes().data(), content.bytes().data());
  const BlobContent without = content.with_md5(std::nullopt);
  EXPECT_EQ(without.bytes(), "hello");
  EXPECT_FALSE(without.md5().has_value());
  EXPECT_EQ(BlobContent().bytes(), "");
}

TEST(BlobContentValue, KeepsItsMd5InBase64AsHeadersAndListingsShowIt) {
  const Md5 digest = md5("hello");
  const BlobContent content("hello", digest);
  EXPECT_EQ(content.md5_base64(), "XUFAKrxLKna5cZ2REBfFkg==");
  EXPECT_EQ(content.md5_base64(), base64_md5(digest));
  EXPECT_EQ(content.bytes(), "hello");
  EXPECT_EQ(content.with_md5(std::nullopt).md5_base64(), "");
  EXPECT_EQ(BlobContent("", Md5{}).md5_base64(), "AAAAAAAAAAAAAAAAAAAAAA==");
  EXPECT_EQ(BlobContent("", Md5{}).bytes(), "");
  EXPECT_EQ(BlobContent().md5_base64(), "");
}

TEST(StagedBlocks, ReplaceBlocksWithTheSameIdAndRefuseIdsOfAnotherLength) {
  StagedBlocks staged;
  ASSERT_TRUE(staged.stage("c", "b", "AAAA", "one").ok());
  ASSERT_TRUE(staged.stage("c", "b", "AAAA", "uno").ok());
  ASSERT_TRUE(staged.stage("c", "b", "BBBB", "two").ok());
  EXPECT_TRUE(staged.stage("c", "b", "CCCCCCCC", "three").is_invalid_argument());
  ASSERT_NE(staged.find("c", "b"), nullptr);
  EXPECT_EQ(staged.find("c", "b")->at("AAAA"), "uno");
  EXPECT_EQ(staged.staged_bytes(), 6u);
  // Another blob has its own id length.
  ASSERT_TRUE(staged.stage("c", "other", "CCCCCCCC", "three").ok());
  staged.discard("c", "b");
  EXPECT_EQ(staged.find("c", "b"), nullptr);
  staged.discard_container("c");
  EXPECT_EQ(staged.staged_bytes(), 0u);
}

TEST(StorageState, RefusesTwoAccountsOfOneName) {
  StorageState state;
  ASSERT_TRUE(state.add_account(AccountConfig::devstoreaccount1()).ok());
  EXPECT_EQ(state.add_account(AccountConfig::devstoreaccount1()).status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(state.find_account("devstoreaccount1"), nullptr);
  EXPECT_EQ(state.find_account("other"), nullptr);
}

}  // namespace
}  // namespace drdrill::storage
