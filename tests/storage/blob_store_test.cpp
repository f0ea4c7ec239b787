#include "storage/blob_store.h"

#include <gtest/gtest.h>

#include <memory>

namespace drdrill::storage {
namespace {

Blob make_blob(std::string bytes, std::uint64_t etag) {
  Blob b;
  b.content = BlobContent(bytes, std::nullopt);
  b.properties = std::make_shared<const BlobProperties>();
  b.etag = etag;
  return b;
}

TEST(BlobStore, AppliesContainerAndBlobWritesAndKeepsCounts) {
  BlobStore store;
  ASSERT_TRUE(store.apply(PutContainer{"c", {}}).ok());
  ASSERT_TRUE(store.apply(PutBlob{"c", "b", make_blob("hello", 1)}).ok());
  ASSERT_TRUE(store.apply(PutBlob{"c", "a", make_blob("xy", 2)}).ok());
  EXPECT_EQ(store.blob_count(), 2u);
  EXPECT_EQ(store.content_bytes(), 7u);
  ASSERT_NE(store.find_blob("c", "b"), nullptr);
  EXPECT_EQ(store.find_blob("c", "b")->bytes(), "hello");

  // Replacing a blob replaces its bytes in the totals.
  ASSERT_TRUE(store.apply(PutBlob{"c", "b", make_blob("hi", 3)}).ok());
  EXPECT_EQ(store.blob_count(), 2u);
  EXPECT_EQ(store.content_bytes(), 4u);

  ASSERT_TRUE(store.apply(DeleteBlob{"c", "a"}).ok());
  EXPECT_EQ(store.find_blob("c", "a"), nullptr);
  EXPECT_EQ(store.blob_count(), 1u);
}

TEST(BlobStore, ListsBlobsInLexicographicOrder) {
  BlobStore store;
  ASSERT_TRUE(store.apply(PutContainer{"c", {}}).ok());
  for (const char* name : {"b/2", "a", "b/10", "B"}) ASSERT_TRUE(store.apply(PutBlob{"c", name, make_blob("", 1)}).ok());
  std::vector<std::string> names;
  for (const auto& [name, blob] : store.find_container("c")->blobs) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"B", "a", "b/10", "b/2"}));
}

TEST(BlobStore, DeletingAContainerDeletesItsBlobs) {
  BlobStore store;
  ASSERT_TRUE(store.apply(PutContainer{"c", {}}).ok());
  ASSERT_TRUE(store.apply(PutBlob{"c", "b", make_blob("12345", 1)}).ok());
  ASSERT_TRUE(store.apply(DeleteContainer{"c"}).ok());
  EXPECT_EQ(store.find_container("c"), nullptr);
  EXPECT_EQ(store.blob_count(), 0u);
  EXPECT_EQ(store.content_bytes(), 0u);
}

TEST(BlobStore, RefusesABlobWriteIntoAMissingContainerAndStaysUnchanged) {
  BlobStore store;
  const Status s = store.apply(PutBlob{"nope", "b", make_blob("x", 1)});
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store.blob_count(), 0u);
  EXPECT_TRUE(store.containers().empty());
}

TEST(BlobStore, PutContainerOnAnExistingContainerKeepsItsBlobs) {
  BlobStore store;
  ASSERT_TRUE(store.apply(PutContainer{"c", {}}).ok());
  ASSERT_TRUE(store.apply(PutBlob{"c", "b", make_blob("x", 1)}).ok());
  ContainerProperties props;
  props.metadata = {{"k", "v"}};
  ASSERT_TRUE(store.apply(PutContainer{"c", props}).ok());
  EXPECT_NE(store.find_blob("c", "b"), nullptr);
  EXPECT_EQ(store.find_container("c")->properties.metadata, props.metadata);
}

}  // namespace
}  // namespace drdrill::storage
