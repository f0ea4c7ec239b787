// Block blob operations of the blob service: Put Blob, Put Block, Put Block List, Get Block List,
// Get Blob (and HEAD), Set Blob Metadata/Properties, Delete Blob.

#include <cstring>
#include <map>
#include <memory>
#include <variant>

#include "blob_request.h"
#include "storage/block_list.h"
#include "storage/byte_range.h"
#include "storage/conditions.h"
#include "storage/crypto.h"
#include "storage/etag.h"
#include "storage/metadata.h"
#include "storage/xml.h"

namespace drdrill::storage::detail {

namespace {

constexpr std::size_t kMaxBlobNameLength = 1024;
constexpr std::size_t kMaxBlockIdBytes = 64;

std::optional<ResourceVersion> version_of(const Blob* blob) {
  if (blob == nullptr) return std::nullopt;
  return ResourceVersion{format_etag(blob->etag), blob->last_modified};
}

// Content headers set by a write. Put Blob takes the plain headers as defaults for the
// x-ms-blob-* ones (its body is the content); Put Block List and Set Blob Properties take only
// x-ms-blob-* (their body, if any, is not the content).
ContentHeaders content_headers_from(const http::Headers& headers, bool plain_headers_describe_content) {
  const auto pick = [&](std::string_view blob_header, std::string_view plain_header, std::string fallback) {
    if (const auto v = headers.get(blob_header)) return std::string(*v);
    if (plain_headers_describe_content) {
      if (const auto v = headers.get(plain_header)) return std::string(*v);
    }
    return fallback;
  };
  ContentHeaders h;
  h.content_type = pick("x-ms-blob-content-type", "Content-Type", "application/octet-stream");
  h.content_encoding = pick("x-ms-blob-content-encoding", "Content-Encoding", "");
  h.content_language = pick("x-ms-blob-content-language", "Content-Language", "");
  h.content_disposition = pick("x-ms-blob-content-disposition", "Content-Disposition", "");
  h.cache_control = pick("x-ms-blob-cache-control", "Cache-Control", "");
  return h;
}

// A base64 MD5 header: absent, a digest, or 400 InvalidMd5.
std::variant<std::optional<Md5>, BlobError> md5_header(const http::Headers& headers, std::string_view name) {
  const auto value = headers.get(name);
  if (!value) return std::optional<Md5>{};
  const auto bytes = base64_decode(*value);
  if (!bytes || bytes->size() != Md5{}.size()) return errors::invalid_md5();
  Md5 digest{};
  std::memcpy(digest.data(), bytes->data(), digest.size());
  return std::optional<Md5>(digest);
}

// Checks a transactional Content-MD5 (the MD5 of the request body) when one is sent.
std::optional<BlobError> check_body_md5(const http::Request& request) {
  auto given = md5_header(request.headers, "Content-MD5");
  if (auto* error = std::get_if<BlobError>(&given)) return std::move(*error);
  const auto& digest = std::get<std::optional<Md5>>(given);
  if (!digest) return std::nullopt;
  const Md5 actual = md5(request.body);
  if (*digest != actual) return errors::md5_mismatch(base64_md5(*digest), base64_md5(actual));
  return std::nullopt;
}

// Where a blob write must fail before anything else: a bad name or a missing container.
std::optional<BlobError> check_write_target(const BlobRequest& r) {
  if (r.address.blob.size() > kMaxBlobNameLength) return errors::invalid_resource_name();
  if (r.account.primary().find_container(r.address.container) == nullptr) return errors::container_not_found();
  return std::nullopt;
}

void add_write_headers(http::Response& response, const Blob& blob) {
  response.headers.add("ETag", format_etag(blob.etag));
  response.headers.add("Last-Modified", format_rfc1123(blob.last_modified));
}

// Commits a new version of the blob named by the request and answers with its ETag.
http::Response commit(const BlobRequest& r, Blob blob, int status) {
  http::Response response = http::Response::empty(status);
  add_write_headers(response, blob);
  if (const std::string_view md5 = blob.content.md5_base64(); status == 201 && !md5.empty() && blob.blocks().empty()) {
    response.headers.add("Content-MD5", std::string(md5));
  }
  response.headers.add("x-ms-request-server-encrypted", "true");
  r.account.acknowledge(PutBlob{r.address.container, r.address.blob, std::move(blob)}, r.now);
  return response;
}

// A fresh version's identity: new ETag, modified now, created now unless it replaces a blob.
void stamp(const BlobRequest& r, Blob& blob, const Blob* existing) {
  blob.etag = r.account.next_etag(r.now);
  blob.last_modified = r.now;
  blob.created = existing != nullptr ? existing->created : r.now;
}

}  // namespace

http::Response put_blob(const BlobRequest& r) {
  const auto blob_type = r.http.headers.get("x-ms-blob-type");
  if (!blob_type) return r.fail(errors::missing_required_header("x-ms-blob-type"));
  // Page and append blobs are not modelled.
  if (*blob_type != "BlockBlob") return r.fail(errors::invalid_header_value("x-ms-blob-type", std::string(*blob_type)));
  if (auto error = check_write_target(r)) return r.fail(*error);
  const Blob* existing = r.account.primary().find_blob(r.address.container, r.address.blob);
  const ConditionalHeaders conditions = ConditionalHeaders::from(r.http.headers);
  if (existing != nullptr && conditions.if_none_match_any()) return r.fail(errors::blob_already_exists());
  if (auto error = check_write_conditions(conditions, version_of(existing))) return r.fail(*error);
  if (auto error = check_body_md5(r.http)) return r.fail(*error);
  auto stored_md5 = md5_header(r.http.headers, "x-ms-blob-content-md5");
  if (const auto* error = std::get_if<BlobError>(&stored_md5)) return r.fail(*error);
  auto metadata = metadata_from_headers(r.http.headers);
  if (const auto* error = std::get_if<BlobError>(&metadata)) return r.fail(*error);

  Blob blob;
  blob.content = BlobContent(r.http.body, std::get<std::optional<Md5>>(stored_md5).value_or(md5(r.http.body)));
  blob.properties = r.account.intern(
      {content_headers_from(r.http.headers, true), std::get<Metadata>(std::move(metadata)), {}});
  stamp(r, blob, existing);
  r.account.staged_blocks().discard(r.address.container, r.address.blob);
  return commit(r, std::move(blob), 201);
}

http::Response put_block(const BlobRequest& r) {
  const auto block_id = r.query.get("blockid");
  if (!block_id) return r.fail(errors::missing_required_query_parameter("blockid"));
  const auto decoded = base64_decode(*block_id);
  if (!decoded || decoded->empty() || decoded->size() > kMaxBlockIdBytes) return r.fail(errors::invalid_block_id());
  if (auto error = check_write_target(r)) return r.fail(*error);
  // All block ids of a blob, committed or not, have one length.
  const Blob* existing = r.account.primary().find_blob(r.address.container, r.address.blob);
  if (existing != nullptr && !existing->blocks().empty() && existing->blocks().front().id.size() != block_id->size()) {
    return r.fail(errors::invalid_blob_or_block());
  }
  if (auto error = check_body_md5(r.http)) return r.fail(*error);
  const Status staged = r.account.staged_blocks().stage(r.address.container, r.address.blob, std::string(*block_id),
                                                         r.http.body);
  if (!staged.ok()) return r.fail(errors::invalid_blob_or_block());
  http::Response response = http::Response::empty(201);
  response.headers.add("Content-MD5", base64_md5(md5(r.http.body)));
  response.headers.add("x-ms-request-server-encrypted", "true");
  return response;
}

http::Response put_block_list(const BlobRequest& r) {
  if (auto error = check_write_target(r)) return r.fail(*error);
  const Blob* existing = r.account.primary().find_blob(r.address.container, r.address.blob);
  const ConditionalHeaders conditions = ConditionalHeaders::from(r.http.headers);
  if (existing != nullptr && conditions.if_none_match_any()) return r.fail(errors::blob_already_exists());
  if (auto error = check_write_conditions(conditions, version_of(existing))) return r.fail(*error);
  if (auto error = check_body_md5(r.http)) return r.fail(*error);
  const auto entries = parse_block_list(r.http.body);
  if (!entries) return r.fail(errors::invalid_xml_document());
  auto stored_md5 = md5_header(r.http.headers, "x-ms-blob-content-md5");
  if (const auto* error = std::get_if<BlobError>(&stored_md5)) return r.fail(*error);
  auto metadata = metadata_from_headers(r.http.headers);
  if (const auto* error = std::get_if<BlobError>(&metadata)) return r.fail(*error);

  // The committed blocks of the current version, by id: where their bytes sit in its content.
  std::map<std::string_view, std::string_view> committed;
  if (existing != nullptr) {
    std::uint64_t offset = 0;
    for (const CommittedBlock& block : existing->blocks()) {
      committed.emplace(block.id, existing->bytes().substr(offset, block.size_bytes));
      offset += block.size_bytes;
    }
  }
  const BlockMap* staged = r.account.staged_blocks().find(r.address.container, r.address.blob);
  const auto find_staged = [&](const std::string& id) -> std::optional<std::string_view> {
    if (staged == nullptr) return std::nullopt;
    const auto it = staged->find(id);
    if (it == staged->end()) return std::nullopt;
    return std::string_view(it->second);
  };
  const auto find_committed = [&](const std::string& id) -> std::optional<std::string_view> {
    const auto it = committed.find(id);
    if (it == committed.end()) return std::nullopt;
    return it->second;
  };

  std::vector<CommittedBlock> blocks;
  std::vector<std::string_view> parts;
  for (const BlockListEntry& entry : *entries) {
    std::optional<std::string_view> bytes;
    switch (entry.source) {
      case BlockSource::kCommitted: bytes = find_committed(entry.id); break;
      case BlockSource::kUncommitted: bytes = find_staged(entry.id); break;
      case BlockSource::kLatest: bytes = find_staged(entry.id); if (!bytes) bytes = find_committed(entry.id); break;
    }
    if (!bytes) return r.fail(errors::invalid_block_list());
    parts.push_back(*bytes);
    blocks.push_back({entry.id, bytes->size()});
  }
  std::size_t total = 0;
  for (std::string_view part : parts) total += part.size();
  std::string bytes;
  bytes.reserve(total);
  for (std::string_view part : parts) bytes += part;

  Blob blob;
  // The service stores an MD5 for a block list blob only when the client supplies one.
  blob.content = BlobContent(bytes, std::get<std::optional<Md5>>(stored_md5));
  blob.properties = r.account.intern({content_headers_from(r.http.headers, false),
                                      std::get<Metadata>(std::move(metadata)), std::move(blocks)});
  stamp(r, blob, existing);
  r.account.staged_blocks().discard(r.address.container, r.address.blob);
  return commit(r, std::move(blob), 201);
}

http::Response get_block_list(const BlobRequest& r) {
  const std::string_view type = r.query.get("blocklisttype").value_or("committed");
  if (type != "committed" && type != "uncommitted" && type != "all") {
    return r.fail(errors::invalid_query_parameter_value("blocklisttype", std::string(type),
                                                        "Must be committed, uncommitted or all."));
  }
  if (r.store().find_container(r.address.container) == nullptr) return r.fail(errors::container_not_found());
  const Blob* blob = r.store().find_blob(r.address.container, r.address.blob);
  // Staged blocks live with the primary copy only; they are never replicated.
  const BlockMap* staged =
      r.address.secondary ? nullptr : r.account.staged_blocks().find(r.address.container, r.address.blob);
  if (blob == nullptr && staged == nullptr) return r.fail(errors::blob_not_found());
  if (auto error = check_read_conditions(ConditionalHeaders::from(r.http.headers), version_of(blob))) {
    return r.fail(*error);
  }

  std::string body(kXmlDeclaration);
  body += "\n<BlockList>";
  if (type != "uncommitted") {
    body += "<CommittedBlocks>";
    if (blob != nullptr) {
      for (const CommittedBlock& block : blob->blocks()) {
        body += "<Block>";
        append_element(body, "Name", block.id);
        append_element(body, "Size", std::to_string(block.size_bytes));
        body += "</Block>";
      }
    }
    body += "</CommittedBlocks>";
  }
  if (type != "committed") {
    body += "<UncommittedBlocks>";
    if (staged != nullptr) {
      for (const auto& [id, bytes] : *staged) {
        body += "<Block>";
        append_element(body, "Name", id);
        append_element(body, "Size", std::to_string(bytes.size()));
        body += "</Block>";
      }
    }
    body += "</UncommittedBlocks>";
  }
  body += "</BlockList>";
  http::Response response;
  response.status = 200;
  if (blob != nullptr) add_write_headers(response, *blob);
  response.headers.add("Content-Type", "application/xml");
  response.headers.add("x-ms-blob-content-length", std::to_string(blob != nullptr ? blob->size_bytes() : 0));
  response.body = std::move(body);
  return response;
}

http::Response get_blob(const BlobRequest& r, bool head) {
  if (r.store().find_container(r.address.container) == nullptr) return r.fail(errors::container_not_found());
  const Blob* blob = r.store().find_blob(r.address.container, r.address.blob);
  if (auto error = check_read_conditions(ConditionalHeaders::from(r.http.headers), version_of(blob))) {
    if (blob != nullptr && error->status == 304) {
      error->headers.emplace_back("ETag", format_etag(blob->etag));
      error->headers.emplace_back("Last-Modified", format_rfc1123(blob->last_modified));
    }
    return r.fail(*error);
  }
  if (blob == nullptr) return r.fail(errors::blob_not_found());

  // x-ms-range wins over Range. A malformed Range is ignored, as HTTP allows; a malformed x-ms-range
  // is the client's mistake.
  std::optional<ResolvedRange> range;
  if (!head) {
    std::optional<ByteRange> requested;
    if (const auto ms_range = r.http.headers.get("x-ms-range")) {
      requested = parse_byte_range(*ms_range);
      if (!requested) return r.fail(errors::invalid_header_value("x-ms-range", std::string(*ms_range)));
    } else if (const auto plain = r.http.headers.get("Range")) {
      requested = parse_byte_range(*plain);
    }
    if (requested) {
      range = resolve_range(*requested, blob->size_bytes());
      if (!range) return r.fail(errors::invalid_range(blob->size_bytes()));
    }
  }

  const ContentHeaders& h = blob->headers();
  // A service SAS may override the response headers (rsct, rsce, rscl, rscd, rscc).
  const auto choose = [&](const std::string& stored, const std::string* sas_override) -> const std::string& {
    return sas_override != nullptr && !sas_override->empty() ? *sas_override : stored;
  };
  const SasValues* sas = r.sas;
  http::Response response;
  response.status = range ? 206 : 200;
  response.headers.add("Last-Modified", format_rfc1123(blob->last_modified));
  response.headers.add("x-ms-creation-time", format_rfc1123(blob->created));
  add_metadata_headers(response.headers, blob->metadata());
  response.headers.add("Content-Type", choose(h.content_type, sas ? &sas->content_type : nullptr));
  if (range) {
    response.headers.add("Content-Range", "bytes " + std::to_string(range->first) + "-" + std::to_string(range->last) +
                                              "/" + std::to_string(blob->size_bytes()));
  }
  response.headers.add("ETag", format_etag(blob->etag));
  if (const std::string_view stored_md5 = blob->content.md5_base64(); !stored_md5.empty()) {
    // A range carries the whole blob's MD5 in x-ms-blob-content-md5, not as Content-MD5.
    response.headers.add(range ? "x-ms-blob-content-md5" : "Content-MD5", std::string(stored_md5));
  }
  if (range && r.http.headers.get("x-ms-range-get-content-md5") == "true") {
    response.headers.add("Content-MD5", base64_md5(md5(blob->bytes().substr(range->first, range->length()))));
  }
  const std::pair<std::string_view, const std::string&> optional_headers[] = {
      {"Content-Encoding", choose(h.content_encoding, sas ? &sas->content_encoding : nullptr)},
      {"Content-Language", choose(h.content_language, sas ? &sas->content_language : nullptr)},
      {"Cache-Control", choose(h.cache_control, sas ? &sas->cache_control : nullptr)},
      {"Content-Disposition", choose(h.content_disposition, sas ? &sas->content_disposition : nullptr)},
  };
  for (const auto& [name, value] : optional_headers) {
    if (!value.empty()) response.headers.add(std::string(name), value);
  }
  response.headers.add("Accept-Ranges", "bytes");
  response.headers.add("x-ms-blob-type", "BlockBlob");
  response.headers.add("x-ms-lease-status", "unlocked");
  response.headers.add("x-ms-lease-state", "available");
  response.headers.add("x-ms-server-encrypted", "true");
  if (head) {
    // No body to copy: say how long it would be.
    response.headers.add("Content-Length", std::to_string(blob->size_bytes()));
  } else if (range) {
    response.body.assign(blob->bytes().substr(range->first, range->length()));
  } else {
    response.body.assign(blob->bytes());
  }
  return response;
}

http::Response set_blob_metadata(const BlobRequest& r) {
  if (r.account.primary().find_container(r.address.container) == nullptr) return r.fail(errors::container_not_found());
  const Blob* existing = r.account.primary().find_blob(r.address.container, r.address.blob);
  if (auto error = check_write_conditions(ConditionalHeaders::from(r.http.headers), version_of(existing))) {
    return r.fail(*error);
  }
  if (existing == nullptr) return r.fail(errors::blob_not_found());
  auto metadata = metadata_from_headers(r.http.headers);
  if (const auto* error = std::get_if<BlobError>(&metadata)) return r.fail(*error);
  Blob blob = *existing;
  BlobProperties properties = *existing->properties;
  properties.metadata = std::get<Metadata>(std::move(metadata));
  blob.properties = r.account.intern(std::move(properties));
  stamp(r, blob, existing);
  return commit(r, std::move(blob), 200);
}

http::Response set_blob_properties(const BlobRequest& r) {
  if (r.account.primary().find_container(r.address.container) == nullptr) return r.fail(errors::container_not_found());
  const Blob* existing = r.account.primary().find_blob(r.address.container, r.address.blob);
  if (auto error = check_write_conditions(ConditionalHeaders::from(r.http.headers), version_of(existing))) {
    return r.fail(*error);
  }
  if (existing == nullptr) return r.fail(errors::blob_not_found());
  auto stored_md5 = md5_header(r.http.headers, "x-ms-blob-content-md5");
  if (const auto* error = std::get_if<BlobError>(&stored_md5)) return r.fail(*error);
  // Set Blob Properties replaces every content header: one not sent is cleared.
  Blob blob = *existing;
  BlobProperties properties = *existing->properties;
  properties.headers = content_headers_from(r.http.headers, false);
  blob.properties = r.account.intern(std::move(properties));
  blob.content = existing->content.with_md5(std::get<std::optional<Md5>>(stored_md5));
  stamp(r, blob, existing);
  return commit(r, std::move(blob), 200);
}

http::Response delete_blob(const BlobRequest& r) {
  if (r.account.primary().find_container(r.address.container) == nullptr) return r.fail(errors::container_not_found());
  const Blob* existing = r.account.primary().find_blob(r.address.container, r.address.blob);
  if (auto error = check_write_conditions(ConditionalHeaders::from(r.http.headers), version_of(existing))) {
    return r.fail(*error);
  }
  if (existing == nullptr) return r.fail(errors::blob_not_found());
  r.account.staged_blocks().discard(r.address.container, r.address.blob);
  r.account.acknowledge(DeleteBlob{r.address.container, r.address.blob}, r.now);
  http::Response response = http::Response::empty(202);
  response.headers.add("x-ms-delete-type-permanent", "true");
  return response;
}

}  // namespace drdrill::storage::detail
