// StorageClient::list: what the lakehouse reads out of a List Blobs page (the names of blobs and
// of the sub-directories a delimiter collapses, and the marker of the next page), and that it
// follows the pages of the storage fake to the end.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http/url.h"
#include "lake_storage.h"
#include "lakehouse/storage_client.h"

namespace drdrill::lakehouse {
namespace {

using testing::LakeStorage;

TEST(StorageClientList, ReadsTheNamesOfBlobsAndPrefixesAndFollowsNextMarker) {
  // Two pages as the service writes them: entities in names, an empty element that is not a
  // name, the echoed Marker, and the last page's empty NextMarker.
  const std::string page1 =
      R"(<?xml version="1.0" encoding="utf-8"?>)"
      "\n<EnumerationResults ServiceEndpoint=\"https://lake.blob.core.windows.net/\" ContainerName=\"data\">"
      "<Prefix>t/</Prefix><Delimiter>/</Delimiter><Blobs>"
      "<Blob><Name>t/a &amp; b.json</Name><Properties><Content-Length>3</Content-Length><Content-Encoding />"
      "</Properties></Blob>"
      "<BlobPrefix><Name>t/_delta_log/</Name></BlobPrefix>"
      "<Blob><Name>t/c&lt;d&gt;.json</Name><Properties /></Blob>"
      "</Blobs><NextMarker>t/e.json</NextMarker></EnumerationResults>";
  const std::string page2 =
      R"(<?xml version="1.0" encoding="utf-8"?>)"
      "\n<EnumerationResults ServiceEndpoint=\"https://lake.blob.core.windows.net/\" ContainerName=\"data\">"
      "<Prefix>t/</Prefix><Marker>t/e.json</Marker><Delimiter>/</Delimiter><Blobs>"
      "<Blob><Name>t/e.json</Name><Properties><Etag>\"0x1\"</Etag></Properties></Blob>"
      "</Blobs><NextMarker /></EnumerationResults>";
  std::vector<std::string> queries;
  http::Handler pages = [&](const http::Request& request) {
    queries.emplace_back(request.query());
    return http::Response::text(200, queries.size() == 1 ? page1 : page2, "application/xml");
  };
  ManualClock clock{kDefaultEpoch};
  StorageClient client(pages, clock, {{testing::kLakeAccount, testing::kLakeKey}});
  auto names = client.list(LakeStorage::location("t"), "t/", {}, "/");
  ASSERT_TRUE(names.ok()) << names.error().to_string();
  EXPECT_EQ(*names, (std::vector<std::string>{"t/a & b.json", "t/_delta_log/", "t/c<d>.json", "t/e.json"}));
  ASSERT_EQ(queries.size(), 2u);
  EXPECT_EQ(queries[0], "restype=container&comp=list&prefix=t%2F&delimiter=%2F");
  EXPECT_EQ(queries[1], "restype=container&comp=list&prefix=t%2F&delimiter=%2F&marker=t%2Fe.json");

  // list_each hands over the same names, in order, each a view during its call.
  queries.clear();
  std::vector<std::string> each;
  const DataStatus listed = client.list_each(LakeStorage::location("t"), "t/", {}, "/",
                                             [&](std::string_view name) { each.emplace_back(name); });
  ASSERT_TRUE(listed.ok()) << listed.error().to_string();
  EXPECT_EQ(each, *names);
  EXPECT_EQ(queries.size(), 2u);
}

TEST(StorageClientList, ListsOneDirectoryOfTheStorageFakeAcrossPagesWithSubDirectoriesCollapsed) {
  ManualClock clock{kDefaultEpoch + 1h};
  LakeStorage lake(clock);
  StorageClient client(lake.handler(), clock, lake.keys());
  // More files than one page holds (5000), a sub-directory with several entries, a name after it.
  std::vector<std::string> expected;
  for (int i = 0; i < 5003; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "t/part-%05d.json", i);
    ASSERT_TRUE(client.put(LakeStorage::location(name), "{}\n", false).ok());
    expected.emplace_back(name);
  }
  for (const char* name : {"t/_delta_log/00000000000000000000.json", "t/_delta_log/00000000000000000001.json"}) {
    ASSERT_TRUE(client.put(LakeStorage::location(name), "{}\n", false).ok());
  }
  ASSERT_TRUE(client.put(LakeStorage::location("t/zz.json"), "{}\n", false).ok());
  ASSERT_TRUE(client.put(LakeStorage::location("u/other.json"), "{}\n", false).ok());
  expected.insert(expected.begin(), "t/_delta_log/");  // '_' sorts before 'p'
  expected.emplace_back("t/zz.json");
  const std::uint64_t before = client.requests();
  auto names = client.list(LakeStorage::location("t"), "t/", {}, "/");
  ASSERT_TRUE(names.ok()) << names.error().to_string();
  EXPECT_EQ(client.requests() - before, 2u);
  EXPECT_EQ(*names, expected);
}

}  // namespace
}  // namespace drdrill::lakehouse
