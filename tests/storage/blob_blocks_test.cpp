// Put Block, Put Block List (<Latest>, <Committed>, <Uncommitted>) and Get Block List: how the SDK
// uploads larger files.

#include "storage/block_list.h"

#include <gtest/gtest.h>

#include "blob_test_support.h"
#include "http/url.h"
#include "storage/crypto.h"

namespace drdrill::storage {
namespace {

using http::Method;
using testing::BlobWorld;

// Block ids as the SDK makes them: base64 of fixed-length strings.
std::string block_id(int n) {
  char raw[8];
  std::snprintf(raw, sizeof raw, "blk%04d", n);
  return base64_encode(raw);
}

std::string block_list_xml(std::initializer_list<std::pair<std::string_view, std::string>> entries) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
  for (const auto& [kind, id] : entries) xml += "<" + std::string(kind) + ">" + id + "</" + std::string(kind) + ">";
  return xml + "</BlockList>";
}

class BlobBlocks : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(w.create_container("data").status, 201); }

  http::Response put_block(std::string_view blob, const std::string& id, std::string bytes) {
    return w.send(w.request(Method::kPut,
                            "/devstoreaccount1/data/" + std::string(blob) + "?comp=block&blockid=" +
                                http::percent_encode(id),
                            std::move(bytes)));
  }
  http::Response commit(std::string_view blob, std::string xml) {
    auto r = w.request(Method::kPut, "/devstoreaccount1/data/" + std::string(blob) + "?comp=blocklist", std::move(xml));
    r.headers.add("x-ms-blob-content-type", "application/x-parquet");
    return w.send(r);
  }
  std::string read(std::string_view blob) {
    return w.send(w.request(Method::kGet, "/devstoreaccount1/data/" + std::string(blob))).body;
  }

  BlobWorld w;
};

TEST_F(BlobBlocks, PutBlockAnswers201WithTheBlocksMd5AndTheBlobStaysInvisible) {
  const auto r = put_block("big.bin", block_id(1), "hello world");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.headers.get("Content-MD5"), "XrY7u+Ae7tCTyyK7j1rNww==");
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1/data/big.bin")).status, 404);
  EXPECT_EQ(w.account().primary().blob_count(), 0u);
}

TEST_F(BlobBlocks, CommittingLatestBlocksConcatenatesThemInListOrder) {
  ASSERT_EQ(put_block("big.bin", block_id(2), "world").status, 201);
  ASSERT_EQ(put_block("big.bin", block_id(1), "hello ").status, 201);
  const auto r = commit("big.bin", block_list_xml({{"Latest", block_id(1)}, {"Latest", block_id(2)}}));
  EXPECT_EQ(r.status, 201);
  EXPECT_TRUE(r.headers.has("ETag"));
  EXPECT_EQ(read("big.bin"), "hello world");
  const auto head = w.send(w.request(Method::kHead, "/devstoreaccount1/data/big.bin"));
  EXPECT_EQ(head.headers.get("Content-Type"), "application/x-parquet");
  // Nothing is left staged.
  EXPECT_EQ(w.account().staged_blocks().staged_bytes(), 0u);
}

TEST_F(BlobBlocks, ANewListCanReuseCommittedBlocksAndAddUncommittedOnes) {
  ASSERT_EQ(put_block("f", block_id(1), "aaa").status, 201);
  ASSERT_EQ(put_block("f", block_id(2), "bbb").status, 201);
  ASSERT_EQ(commit("f", block_list_xml({{"Latest", block_id(1)}, {"Latest", block_id(2)}})).status, 201);
  ASSERT_EQ(put_block("f", block_id(3), "ccc").status, 201);
  ASSERT_EQ(commit("f", block_list_xml({{"Committed", block_id(2)}, {"Uncommitted", block_id(3)},
                                        {"Committed", block_id(1)}}))
                .status,
            201);
  EXPECT_EQ(read("f"), "bbbcccaaa");
}

TEST_F(BlobBlocks, LatestPrefersAStagedBlockOverTheCommittedOneWithTheSameId) {
  ASSERT_EQ(put_block("f", block_id(1), "old").status, 201);
  ASSERT_EQ(commit("f", block_list_xml({{"Latest", block_id(1)}})).status, 201);
  ASSERT_EQ(put_block("f", block_id(1), "new").status, 201);
  ASSERT_EQ(commit("f", block_list_xml({{"Latest", block_id(1)}})).status, 201);
  EXPECT_EQ(read("f"), "new");
}

TEST_F(BlobBlocks, AnUnknownBlockIs400InvalidBlockListAndNothingChanges) {
  ASSERT_EQ(put_block("f", block_id(1), "aaa").status, 201);
  const auto r = commit("f", block_list_xml({{"Latest", block_id(1)}, {"Committed", block_id(1)}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "InvalidBlockList");
  EXPECT_EQ(w.account().primary().find_blob("data", "f"), nullptr);
  EXPECT_NE(w.account().staged_blocks().find("data", "f"), nullptr);
}

TEST_F(BlobBlocks, MalformedXmlIs400InvalidXmlDocument) {
  EXPECT_EQ(commit("f", "<BlockList><Latest>x</BlockList>").headers.get("x-ms-error-code"), "InvalidXmlDocument");
}

TEST_F(BlobBlocks, BlockIdsMustBeBase64OfAtMost64BytesAndOfOneLengthPerBlob) {
  EXPECT_EQ(put_block("f", "not base64!", "x").headers.get("x-ms-error-code"), "InvalidBlockId");
  EXPECT_EQ(put_block("f", base64_encode(std::string(65, 'a')), "x").headers.get("x-ms-error-code"),
            "InvalidBlockId");
  ASSERT_EQ(put_block("f", block_id(1), "x").status, 201);
  EXPECT_EQ(put_block("f", base64_encode("longer-id-0001"), "x").headers.get("x-ms-error-code"),
            "InvalidBlobOrBlock");
  const auto missing = w.send(w.request(Method::kPut, "/devstoreaccount1/data/f?comp=block", "x"));
  EXPECT_EQ(missing.headers.get("x-ms-error-code"), "MissingRequiredQueryParameter");
}

TEST_F(BlobBlocks, GetBlockListShowsCommittedAndStagedBlocks) {
  ASSERT_EQ(put_block("f", block_id(1), "aaa").status, 201);
  ASSERT_EQ(commit("f", block_list_xml({{"Latest", block_id(1)}})).status, 201);
  ASSERT_EQ(put_block("f", block_id(2), "bb").status, 201);
  const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1/data/f?comp=blocklist&blocklisttype=all"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<BlockList><CommittedBlocks><Block><Name>" + block_id(1) +
                "</Name><Size>3</Size></Block></CommittedBlocks><UncommittedBlocks><Block><Name>" + block_id(2) +
                "</Name><Size>2</Size></Block></UncommittedBlocks></BlockList>");
  EXPECT_EQ(r.headers.get("x-ms-blob-content-length"), "3");
}

TEST_F(BlobBlocks, PutBlobDiscardsStagedBlocks) {
  ASSERT_EQ(put_block("f", block_id(1), "aaa").status, 201);
  ASSERT_EQ(w.put_blob("data", "f", "whole").status, 201);
  EXPECT_EQ(w.account().staged_blocks().find("data", "f"), nullptr);
  EXPECT_EQ(commit("f", block_list_xml({{"Uncommitted", block_id(1)}})).status, 400);
}

TEST(BlockListXml, ParsesEveryKindWithEntitiesAndAProlog) {
  const auto entries = parse_block_list(
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<BlockList>\n  <Latest>QUJD</Latest>\n"
      "  <Committed>a&#43;b</Committed><Uncommitted>x&amp;y</Uncommitted>\n</BlockList>\n");
  ASSERT_TRUE(entries.has_value());
  EXPECT_EQ(*entries, (std::vector<BlockListEntry>{{BlockSource::kLatest, "QUJD"},
                                                   {BlockSource::kCommitted, "a+b"},
                                                   {BlockSource::kUncommitted, "x&y"}}));
  EXPECT_EQ(parse_block_list("<BlockList />")->size(), 0u);
}

TEST(BlockListXml, RejectsUnknownElementsAndTrailingJunk) {
  EXPECT_FALSE(parse_block_list("<BlockList><Other>x</Other></BlockList>").has_value());
  EXPECT_FALSE(parse_block_list("<BlockList></BlockList><x/>").has_value());
  EXPECT_FALSE(parse_block_list("<BlockList><Latest>a&bogus;</Latest></BlockList>").has_value());
  EXPECT_FALSE(parse_block_list("").has_value());
}

}  // namespace
}  // namespace drdrill::storage
