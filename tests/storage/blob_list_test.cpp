// List Containers and List Blobs: XML shape, lexicographic order, prefix, delimiter, and paging
// with marker/maxresults where a BlobPrefix counts as one result.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "blob_test_support.h"
#include "http/url.h"
#include "storage/crypto.h"
#include "storage/etag.h"

namespace drdrill::storage {
namespace {

using http::Method;
using testing::BlobWorld;

// The <Name> values of Blob, BlobPrefix and Container entries, in document order, prefixes marked
// with a '+'. (Plain string scanning: GCC 12 warns falsely inside <regex> at -O2.)
std::vector<std::string> names(const std::string& xml) {
  std::vector<std::pair<std::size_t, std::string>> found;
  for (const auto& [open, mark] : {std::pair<std::string, std::string>{"<Blob><Name>", ""},
                                   {"<BlobPrefix><Name>", "+"}, {"<Container><Name>", ""}}) {
    for (auto at = xml.find(open); at != std::string::npos; at = xml.find(open, at + 1)) {
      const auto begin = at + open.size();
      found.emplace_back(at, mark + xml.substr(begin, xml.find('<', begin) - begin));
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& [at, name] : found) out.push_back(std::move(name));
  return out;
}

std::string next_marker(const std::string& xml) {
  const std::string open = "<NextMarker>";
  const auto at = xml.find(open);
  if (at == std::string::npos) return "";
  const auto begin = at + open.size();
  return xml.substr(begin, xml.find('<', begin) - begin);
}

class BlobList : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(w.create_container("data").status, 201);
    for (const char* name : {"tables/t1/part-0", "tables/t1/part-1", "tables/t2/part-0", "tables/_delta_log/0.json",
                             "readme.txt", "z.bin"}) {
      ASSERT_EQ(w.put_blob("data", name, "x").status, 201);
    }
  }
  std::string list(const std::string& query) {
    const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1/data?restype=container&comp=list" + query));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }

  BlobWorld w;
};

TEST_F(BlobList, ListsEveryBlobInLexicographicOrderWithTheRequiredShape) {
  const std::string xml = list("&maxresults=2");
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<EnumerationResults "
                              "ServiceEndpoint=\"http://127.0.0.1:10000/devstoreaccount1/\" ContainerName=\"data\">"
                              "<MaxResults>2</MaxResults><Blobs><Blob><Name>readme.txt</Name><Properties>"
                              "<Creation-Time>Thu, 01 Jan 2026 00:00:00 GMT</Creation-Time>"
                              "<Last-Modified>Thu, 01 Jan 2026 00:00:00 GMT</Last-Modified><Etag>\"0x"))
      << xml;
  EXPECT_NE(xml.find("<Content-Length>1</Content-Length><Content-Type>application/octet-stream</Content-Type>"
                     "<Content-Encoding /><Content-Language />"),
            std::string::npos);
  EXPECT_TRUE(xml.ends_with("</Blobs><NextMarker>tables/t1/part-0</NextMarker></EnumerationResults>")) << xml;
  EXPECT_EQ(names(list("")), (std::vector<std::string>{"readme.txt", "tables/_delta_log/0.json", "tables/t1/part-0",
                                                       "tables/t1/part-1", "tables/t2/part-0", "z.bin"}));
  EXPECT_TRUE(list("").ends_with("<NextMarker /></EnumerationResults>"));
}

TEST_F(BlobList, PagesWithMarkersUntilTheEmptyNextMarker) {
  std::vector<std::string> all;
  std::string marker;
  int pages = 0;
  do {
    const std::string xml = list("&maxresults=4" + (marker.empty() ? "" : "&marker=" + http::percent_encode(marker)));
    for (auto& n : names(xml)) all.push_back(n);
    marker = next_marker(xml);
    ++pages;
  } while (!marker.empty() && pages < 10);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(all.size(), 6u);
  EXPECT_EQ(all.back(), "z.bin");
}

TEST_F(BlobList, ADelimiterCollapsesNamesIntoBlobPrefixes) {
  EXPECT_EQ(names(list("&delimiter=/")), (std::vector<std::string>{"readme.txt", "+tables/", "z.bin"}));
  EXPECT_EQ(names(list("&delimiter=/&prefix=tables/")),
            (std::vector<std::string>{"+tables/_delta_log/", "+tables/t1/", "+tables/t2/"}));
  EXPECT_EQ(names(list("&delimiter=/&prefix=tables/t1/")),
            (std::vector<std::string>{"tables/t1/part-0", "tables/t1/part-1"}));
  const std::string xml = list("&delimiter=/&prefix=tables/");
  EXPECT_NE(xml.find("<Prefix>tables/</Prefix>"), std::string::npos);
  EXPECT_NE(xml.find("<Delimiter>/</Delimiter>"), std::string::npos);
  EXPECT_NE(xml.find("<BlobPrefix><Name>tables/t1/</Name></BlobPrefix>"), std::string::npos);
}

TEST_F(BlobList, ABlobPrefixCountsTowardMaxResultsAndResumesWhole) {
  const std::string first = list("&delimiter=/&maxresults=2");
  EXPECT_EQ(names(first), (std::vector<std::string>{"readme.txt", "+tables/"}));
  EXPECT_EQ(next_marker(first), "z.bin");
  const std::string at_prefix = list("&delimiter=/&maxresults=1&marker=readme.txt");
  EXPECT_EQ(names(at_prefix), (std::vector<std::string>{"readme.txt"}));
  EXPECT_EQ(next_marker(at_prefix), "tables/");
  // Resuming at a prefix lists it once, then moves on past everything under it.
  EXPECT_EQ(names(list("&delimiter=/&marker=tables/")), (std::vector<std::string>{"+tables/", "z.bin"}));
}

TEST_F(BlobList, MaxResultsMustBePositiveAndIsCappedAt5000) {
  const auto zero = w.send(w.request(Method::kGet, "/devstoreaccount1/data?restype=container&comp=list&maxresults=0"));
  EXPECT_EQ(zero.status, 400);
  EXPECT_EQ(zero.headers.get("x-ms-error-code"), "OutOfRangeQueryParameterValue");
  const auto text = w.send(w.request(Method::kGet, "/devstoreaccount1/data?restype=container&comp=list&maxresults=x"));
  EXPECT_EQ(text.headers.get("x-ms-error-code"), "InvalidQueryParameterValue");
  EXPECT_EQ(names(list("&maxresults=999999")).size(), 6u);
}

TEST_F(BlobList, IncludeMetadataAddsEachBlobsMetadata) {
  auto put = w.request(Method::kPut, "/devstoreaccount1/data/readme.txt", "x");
  put.headers.add("x-ms-blob-type", "BlockBlob");
  put.headers.add("x-ms-meta-kind", "doc");
  ASSERT_EQ(w.send(put).status, 201);
  EXPECT_NE(list("&include=metadata&prefix=readme").find("</Properties><Metadata><kind>doc</kind></Metadata></Blob>"),
            std::string::npos);
  EXPECT_EQ(list("&prefix=readme").find("<Metadata>"), std::string::npos);
}

TEST_F(BlobList, AnEntrySpellsEachPropertyAsTheServicesOwnFormattersDo) {
  // A leap day just before midnight, written at one time and overwritten at another, so the two
  // dates differ; Put Blob stores the body's MD5.
  w.clock().set(TimePoint{std::chrono::sys_days{std::chrono::year{2028} / 2 / 29}} + 23h + 59min + 58s + 999999us);
  ASSERT_EQ(w.put_blob("data", "leap & day.json", "{\"id\":1}\n").status, 201);
  w.clock().advance(1s + 1us);
  ASSERT_EQ(w.put_blob("data", "leap & day.json", "{\"id\":2}\n").status, 201);
  const Blob* blob = w.account().primary().find_blob("data", "leap & day.json");
  ASSERT_NE(blob, nullptr);
  ASSERT_TRUE(blob->content.md5().has_value());
  EXPECT_NE(format_rfc1123(blob->created), format_rfc1123(blob->last_modified));
  const std::string expected = "<Blob><Name>leap &amp; day.json</Name><Properties><Creation-Time>" +
                               format_rfc1123(blob->created) + "</Creation-Time><Last-Modified>" +
                               format_rfc1123(blob->last_modified) + "</Last-Modified><Etag>" + format_etag(blob->etag) +
                               "</Etag><Content-Length>9</Content-Length>"
                               "<Content-Type>application/octet-stream</Content-Type><Content-Encoding />"
                               "<Content-Language /><Content-MD5>" +
                               base64_md5(*blob->content.md5()) +
                               "</Content-MD5><Cache-Control /><Content-Disposition /><BlobType>BlockBlob</BlobType>"
                               "<AccessTier>Hot</AccessTier><AccessTierInferred>true</AccessTierInferred>"
                               "<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>"
                               "<ServerEncrypted>true</ServerEncrypted></Properties></Blob>";
  EXPECT_NE(list("&prefix=leap").find(expected), std::string::npos) << list("&prefix=leap") << "\n" << expected;
}

TEST_F(BlobList, NamesAndMetadataOfOnlyEscapedCharactersArriveWhole) {
  // Every character of these names and values takes five bytes escaped: the most an entry grows.
  const std::string amps(900, '&');
  const std::string angles = std::string(500, '<') + std::string(500, '>');
  for (const std::string& name : {amps, angles}) {
    auto put = w.request(Method::kPut, "/devstoreaccount1/data/" + http::percent_encode(name), "x");
    put.headers.add("x-ms-blob-type", "BlockBlob");
    put.headers.add("x-ms-meta-big", amps + angles);
    ASSERT_EQ(w.send(put).status, 201);
  }
  const std::string body = list("&include=metadata");
  std::string escaped_amps;
  for (std::size_t i = 0; i < amps.size(); ++i) escaped_amps += "&amp;";
  std::string escaped_angles;
  for (std::size_t i = 0; i < 500; ++i) escaped_angles += "&lt;";
  for (std::size_t i = 0; i < 500; ++i) escaped_angles += "&gt;";
  EXPECT_NE(body.find("<Blob><Name>" + escaped_amps + "</Name>"), std::string::npos);
  EXPECT_NE(body.find("<Blob><Name>" + escaped_angles + "</Name>"), std::string::npos);
  EXPECT_NE(body.find("<Metadata><big>" + escaped_amps + escaped_angles + "</big></Metadata></Blob>"), std::string::npos);
  EXPECT_EQ(names(body).size(), 8u);
  EXPECT_TRUE(body.ends_with("</Blobs><NextMarker /></EnumerationResults>")) << body.substr(body.size() - 200);
}

TEST_F(BlobList, AMissingContainerIs404) {
  const auto r = w.send(w.request(Method::kGet, "/devstoreaccount1/nothere?restype=container&comp=list"));
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "ContainerNotFound");
}

TEST(ContainerList, PagesContainersByPrefixAndMarker) {
  BlobWorld w;
  for (const char* name : {"logs", "data-a", "data-b", "data-c"}) ASSERT_EQ(w.create_container(name).status, 201);
  const auto page = w.send(w.request(Method::kGet, "/devstoreaccount1/?comp=list&prefix=data-&maxresults=2"));
  EXPECT_EQ(names(page.body), (std::vector<std::string>{"data-a", "data-b"}));
  EXPECT_EQ(next_marker(page.body), "data-c");
  EXPECT_NE(page.body.find("<Prefix>data-</Prefix>"), std::string::npos);
  EXPECT_NE(page.body.find("<Properties><Last-Modified>Thu, 01 Jan 2026 00:00:00 GMT</Last-Modified><Etag>\"0x"),
            std::string::npos);
  const auto rest = w.send(w.request(Method::kGet, "/devstoreaccount1/?comp=list&prefix=data-&marker=data-c"));
  EXPECT_EQ(names(rest.body), (std::vector<std::string>{"data-c"}));
  EXPECT_NE(rest.body.find("<NextMarker />"), std::string::npos);
}

TEST(ContainerList, HostStyleServiceEndpointHasNoAccountPath) {
  BlobWorld w;
  auto r = w.request(Method::kGet, "/?comp=list");
  r.headers.set("Host", "devstoreaccount1.blob.localhost:10000");
  EXPECT_NE(w.send(r).body.find("ServiceEndpoint=\"http://devstoreaccount1.blob.localhost:10000/\""),
            std::string::npos);
}

}  // namespace
}  // namespace drdrill::storage
