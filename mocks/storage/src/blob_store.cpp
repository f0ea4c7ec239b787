#include "storage/blob_store.h"

#include <string>
#include <utility>

namespace drdrill::storage {

const Container* BlobStore::find_container(std::string_view container) const {
  const auto it = containers_.find(container);
  return it == containers_.end() ? nullptr : &it->second;
}

const Blob* BlobStore::find_blob(std::string_view container, std::string_view blob) const {
  const Container* c = find_container(container);
  if (c == nullptr) return nullptr;
  const auto it = c->blobs.find(blob);
  return it == c->blobs.end() ? nullptr : &it->second;
}

void BlobStore::erase_blob_stats(const Blob& b) {
  --blob_count_;
  content_bytes_ -= b.size_bytes();
}

Status BlobStore::apply(const Mutation& m) {
  if (const auto* put = std::get_if<PutContainer>(&m)) {
    auto it = containers_.find(put->container);
    if (it == containers_.end()) it = containers_.emplace(put->container, Container{}).first;
    it->second.properties = put->properties;
    return Status::Ok();
  }
  if (const auto* del = std::get_if<DeleteContainer>(&m)) {
    const auto it = containers_.find(del->container);
    if (it == containers_.end()) return Status::Ok();
    for (const auto& [name, blob] : it->second.blobs) erase_blob_stats(blob);
    containers_.erase(it);
    return Status::Ok();
  }
  if (const auto* put = std::get_if<PutBlob>(&m)) {
    const auto c = containers_.find(put->container);
    if (c == containers_.end()) {
      return Status::FailedPrecondition("blob write into missing container " + put->container);
    }
    auto& blobs = c->second.blobs;
    const auto it = blobs.find(put->blob);
    if (it == blobs.end()) {
      blobs.emplace(put->blob, put->value);
    } else {
      erase_blob_stats(it->second);
      it->second = put->value;
    }
    ++blob_count_;
    content_bytes_ += put->value.size_bytes();
    return Status::Ok();
  }
  const auto& del = std::get<DeleteBlob>(m);
  const auto c = containers_.find(del.container);
  if (c == containers_.end()) return Status::Ok();
  const auto it = c->second.blobs.find(del.blob);
  if (it != c->second.blobs.end()) {
    erase_blob_stats(it->second);
    c->second.blobs.erase(it);
  }
  return Status::Ok();
}

}  // namespace drdrill::storage
