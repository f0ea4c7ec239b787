// List Containers and List Blobs: lexicographic pages with prefix, delimiter (blobs), marker and
// maxresults (api-facts 1.7). Both walk the ordered maps from the marker, so a page costs what it
// returns, not the size of the account.

#include <charconv>
#include <cstdint>
#include <optional>
#include <variant>

#include "blob_request.h"
#include "storage/crypto.h"
#include "storage/etag.h"
#include "storage/storage_time.h"
#include "storage/xml.h"

namespace drdrill::storage::detail {

namespace {

constexpr std::int64_t kMaxResultsLimit = 5000;

// maxresults: absent or above 5000 means 5000; below 1 is 400 OutOfRangeQueryParameterValue.
std::variant<std::int64_t, BlobError> max_results(const http::QueryParams& query) {
  const auto text = query.get("maxresults");
  if (!text) return kMaxResultsLimit;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec == std::errc::result_out_of_range && !text->starts_with('-')) return kMaxResultsLimit;
  if (ec != std::errc() || end != text->data() + text->size()) {
    return errors::invalid_query_parameter_value("maxresults", std::string(*text), "Not an integer.");
  }
  if (value < 1) {
    return errors::out_of_range_query_parameter_value("maxresults", std::string(*text), "1", "2147483647");
  }
  return std::min(value, kMaxResultsLimit);
}

bool include_has(const http::QueryParams& query, std::string_view item) {
  std::string_view include = query.get("include").value_or("");
  while (!include.empty()) {
    const auto comma = include.find(',');
    if (include.substr(0, comma) == item) return true;
    include = comma == std::string_view::npos ? std::string_view{} : include.substr(comma + 1);
  }
  return false;
}

// The smallest string greater than every string starting with `prefix`; nullopt if none exists.
std::optional<std::string> prefix_successor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

// Where a listing starts: at the marker, but never before the prefix.
std::string_view start_key(std::string_view prefix, std::string_view marker) { return std::max(prefix, marker); }

// <EnumerationResults ...> and the echo of the request's paging parameters.
void open_results(std::string& out, const BlobRequest& r, std::string_view extra_attribute) {
  out = kXmlDeclaration;
  out += "\n<EnumerationResults ServiceEndpoint=\"";
  out += xml_escape_attribute(service_endpoint(r.http, r.address));
  out += '"';
  out += extra_attribute;
  out += '>';
  static constexpr std::pair<std::string_view, std::string_view> kEchoed[] = {
      {"prefix", "Prefix"}, {"marker", "Marker"}, {"maxresults", "MaxResults"}, {"delimiter", "Delimiter"}};
  for (const auto& [param, element] : kEchoed) {
    if (const auto value = r.query.get(param)) append_element(out, element, *value);
  }
}

void close_results(std::string& out, const std::optional<std::string>& next_marker) {
  if (next_marker) {
    append_element(out, "NextMarker", *next_marker);
  } else {
    out += "<NextMarker />";
  }
  out += "</EnumerationResults>";
}

void append_metadata(std::string& out, const Metadata& metadata) {
  out += "<Metadata>";
  for (const auto& [name, value] : metadata) append_element(out, name, value);
  out += "</Metadata>";
}

void append_decimal(std::string& out, std::uint64_t value) {
  char buf[20];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;  // 20 digits hold any 64-bit value
  out.append(buf, end);
}

// What one <Blob> entry takes at most besides its name and content headers (tags, two dates, the
// longest ETag and length, MD5, the fixed properties): 696 bytes.
constexpr std::size_t kBlobEntryBytes = 700;

// Reserves room for a page of entries starting at `it` in one go: a Delta table's listing is a
// thousand entries (~600 KiB), and growing by doubling would copy it a dozen times into fresh
// pages. Walks the page as the listing will: with a delimiter, the names under one BlobPrefix are
// skipped together (a table root's listing must not walk its whole _delta_log/).
void reserve_for_entries(std::string& out, const BlobMap& blobs, BlobMap::const_iterator it, std::string_view prefix,
                         std::string_view delimiter, std::int64_t limit) {
  std::size_t bytes = out.size() + 256;  // and the closing elements, NextMarker included
  for (std::int64_t n = 0; it != blobs.end() && n < limit && std::string_view(it->first).starts_with(prefix); ++n) {
    const std::string_view name = it->first;
    if (const auto at = delimiter.empty() ? std::string_view::npos : name.find(delimiter, prefix.size());
        at != std::string_view::npos) {
      const std::string collapsed(name.substr(0, at + delimiter.size()));
      bytes += 32 + 2 * collapsed.size();  // <BlobPrefix><Name>...</Name></BlobPrefix>
      const auto after = prefix_successor(collapsed);
      it = after ? blobs.lower_bound(*after) : blobs.end();
      continue;
    }
    const ContentHeaders& h = it->second.headers();
    bytes += kBlobEntryBytes + 2 * name.size() + h.content_type.size() + h.content_encoding.size() +
             h.content_language.size() + h.cache_control.size() + h.content_disposition.size();
    ++it;
  }
  out.reserve(bytes);
}

// One <Blob> entry, appended in place: every property is written straight into `out` (no string
// per date, ETag, length or digest), as a listing of a Delta table renders a thousand of them.
void append_blob(std::string& out, std::string_view name, const Blob& blob, bool with_metadata) {
  using namespace std::string_view_literals;
  out += "<Blob>"sv;
  append_element(out, "Name"sv, name);
  out += "<Properties><Creation-Time>"sv;
  append_rfc1123(out, blob.created);
  out += "</Creation-Time><Last-Modified>"sv;
  append_rfc1123(out, blob.last_modified);
  out += "</Last-Modified><Etag>"sv;
  append_etag(out, blob.etag);
  out += "</Etag><Content-Length>"sv;
  append_decimal(out, blob.size_bytes());
  out += "</Content-Length>"sv;
  const ContentHeaders& h = blob.headers();
  append_element(out, "Content-Type"sv, h.content_type);
  append_element(out, "Content-Encoding"sv, h.content_encoding);
  append_element(out, "Content-Language"sv, h.content_language);
  if (const auto md5 = blob.content.md5()) {
    out += "<Content-MD5>"sv;
    out += as_string_view(base64_encode(*md5));
    out += "</Content-MD5>"sv;
  } else {
    out += "<Content-MD5 />"sv;
  }
  append_element(out, "Cache-Control"sv, h.cache_control);
  append_element(out, "Content-Disposition"sv, h.content_disposition);
  out +=
      "<BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><AccessTierInferred>true</AccessTierInferred>"
      "<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted>"
      "</Properties>"sv;
  if (with_metadata) append_metadata(out, blob.metadata());
  out += "</Blob>"sv;
}

}  // namespace

http::Response list_containers(const BlobRequest& r) {
  const auto limit = max_results(r.query);
  if (const auto* error = std::get_if<BlobError>(&limit)) return r.fail(*error);
  const std::string_view prefix = r.query.get("prefix").value_or("");
  const std::string_view marker = r.query.get("marker").value_or("");
  const bool with_metadata = include_has(r.query, "metadata");

  std::string body;
  open_results(body, r, "");
  body += "<Containers>";
  const ContainerMap& containers = r.store().containers();
  std::int64_t count = 0;
  std::optional<std::string> next_marker;
  for (auto it = containers.lower_bound(start_key(prefix, marker));
       it != containers.end() && std::string_view(it->first).starts_with(prefix); ++it) {
    if (count == std::get<std::int64_t>(limit)) {
      next_marker = it->first;
      break;
    }
    const ContainerProperties& p = it->second.properties;
    body += "<Container>";
    append_element(body, "Name", it->first);
    body += "<Properties>";
    append_element(body, "Last-Modified", format_rfc1123(p.last_modified));
    append_element(body, "Etag", format_etag(p.etag));
    body += "<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>";
    if (p.public_access == PublicAccess::kContainer) body += "<PublicAccess>container</PublicAccess>";
    if (p.public_access == PublicAccess::kBlob) body += "<PublicAccess>blob</PublicAccess>";
    body += "</Properties>";
    if (with_metadata) append_metadata(body, p.metadata);
    body += "</Container>";
    ++count;
  }
  body += "</Containers>";
  close_results(body, next_marker);
  return http::Response::text(200, std::move(body), "application/xml");
}

http::Response list_blobs(const BlobRequest& r) {
  const Container* container = r.store().find_container(r.address.container);
  if (container == nullptr) return r.fail(errors::container_not_found());
  const auto limit = max_results(r.query);
  if (const auto* error = std::get_if<BlobError>(&limit)) return r.fail(*error);
  const std::string_view prefix = r.query.get("prefix").value_or("");
  const std::string_view marker = r.query.get("marker").value_or("");
  const std::string_view delimiter = r.query.get("delimiter").value_or("");
  const bool with_metadata = include_has(r.query, "metadata");

  std::string body;
  open_results(body, r, " ContainerName=\"" + xml_escape_attribute(r.address.container) + "\"");
  body += "<Blobs>";
  const BlobMap& blobs = container->blobs;
  std::int64_t count = 0;
  std::optional<std::string> next_marker;
  auto it = blobs.lower_bound(start_key(prefix, marker));
  reserve_for_entries(body, blobs, it, prefix, delimiter, std::get<std::int64_t>(limit));
  while (it != blobs.end() && std::string_view(it->first).starts_with(prefix)) {
    const std::string_view name = it->first;
    // With a delimiter, names that continue past the prefix to a delimiter collapse into one
    // BlobPrefix, which counts as one result.
    std::optional<std::string> blob_prefix;
    if (!delimiter.empty()) {
      const auto at = name.find(delimiter, prefix.size());
      if (at != std::string_view::npos) blob_prefix = std::string(name.substr(0, at + delimiter.size()));
    }
    if (count == std::get<std::int64_t>(limit)) {
      // The marker names what the next page starts with: the blob, or the whole BlobPrefix.
      next_marker = blob_prefix ? *blob_prefix : std::string(name);
      break;
    }
    ++count;
    if (blob_prefix) {
      body += "<BlobPrefix>";
      append_element(body, "Name", *blob_prefix);
      body += "</BlobPrefix>";
      const auto after = prefix_successor(*blob_prefix);
      it = after ? blobs.lower_bound(*after) : blobs.end();
      continue;
    }
    append_blob(body, name, it->second, with_metadata);
    ++it;
  }
  body += "</Blobs>";
  close_results(body, next_marker);
  return http::Response::text(200, std::move(body), "application/xml");
}

}  // namespace drdrill::storage::detail
