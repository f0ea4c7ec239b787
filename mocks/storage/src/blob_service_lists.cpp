// List Containers and List Blobs: lexicographic pages with prefix, delimiter (blobs), marker and
// maxresults (api-facts 1.7). Both walk the ordered maps from the marker, so a page costs what it
// returns, not the size of the account.

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstring>
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

// What one <Blob> entry takes at most besides its name, content headers and metadata (tags, two
// dates, the longest ETag and length, MD5, the fixed properties): 696 bytes.
constexpr std::size_t kBlobEntryBytes = 700;
// Escaping writes at most this many bytes per byte of text ("&amp;").
constexpr std::size_t kEscapedBytesPerByte = 5;

// Writes a listing's entries into the page string through a raw cursor: the string is resized
// before each entry to hold the most that entry can take (so the page's bytes are zero-filled about
// once), every piece is then a plain copy, and finish() cuts the string back to what was written. An entry is ~25 pieces; as std::string appends each was an
// out-of-line call with its own capacity check.
class PageWriter {
 public:
  explicit PageWriter(std::string& out) : out_(out), at_(out.size()) {}

  // Every write checks (in the dev and sanitizer builds, where the tests run) that a preceding
  // ensure() covered it: the writes themselves are unchecked copies into the string's size.
  void covered(std::size_t bytes) const {
    assert(at_ + bytes <= out_.size() && "PageWriter: a write past the room ensure() made");
    (void)bytes;
  }
  // Room for `bytes` more; every write below must be covered by a preceding ensure().
  void ensure(std::size_t bytes) {
    if (out_.size() - at_ >= bytes) return;
    // Capacity grows geometrically; the size only by what is asked, as resize zero-fills it (a
    // small fill per entry is a few vector stores, where filling the whole page at once is
    // counted byte by byte by callgrind's rep stosb).
    if (at_ + bytes > out_.capacity()) out_.reserve(std::max(at_ + bytes, 2 * out_.capacity()));
    out_.resize(at_ + bytes);
  }
  void put(std::string_view text) {
    covered(text.size());
    std::memcpy(out_.data() + at_, text.data(), text.size());
    at_ += text.size();
  }
  void put(char c) {
    covered(1);
    out_[at_++] = c;
  }
  // Escapes &, < and > as xml_escape does. Nearly every name and value has none of them, which
  // three memchr scans establish faster than a test per character.
  void put_escaped(std::string_view text) {
    const auto has = [text](char c) { return std::memchr(text.data(), c, text.size()) != nullptr; };
    if (!has('&') && !has('<') && !has('>')) {
      put(text);
      return;
    }
    std::size_t from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c != '&' && c != '<' && c != '>') continue;
      put(text.substr(from, i - from));
      put(c == '&' ? std::string_view("&amp;") : c == '<' ? std::string_view("&lt;") : std::string_view("&gt;"));
      from = i + 1;
    }
    put(text.substr(from));
  }
  // <name>escaped text</name>, or <name /> when the text is empty (as append_element writes it).
  void put_element(std::string_view name, std::string_view text) {
    put('<');
    put(name);
    if (text.empty()) {
      put(" />");
      return;
    }
    put('>');
    put_escaped(text);
    put("</");
    put(name);
    put('>');
  }
  static std::size_t element_bytes(std::string_view name, std::string_view text) {
    return 5 + 2 * name.size() + kEscapedBytesPerByte * text.size();
  }
  void put_decimal(std::uint64_t value) {
    covered(20);
    const auto [end, ec] = std::to_chars(out_.data() + at_, out_.data() + at_ + 20, value);
    (void)ec;  // 20 digits hold any 64-bit value
    at_ = static_cast<std::size_t>(end - out_.data());
  }
  void put_etag(std::uint64_t value) {
    covered(kEtagMaxBytes);
    at_ = static_cast<std::size_t>(write_etag(out_.data() + at_, value) - out_.data());
  }
  void put_rfc1123(TimePoint t) {
    covered(kRfc1123Bytes);
    if (dates_.write(out_.data() + at_, t)) {
      at_ += kRfc1123Bytes;
      return;
    }
    // A year outside four digits: longer, and rare. Keeps the room the rest of the entry counts on.
    const std::string text = format_rfc1123(t);
    ensure(out_.size() - at_ + text.size());
    put(text);
  }

  std::size_t position() const { return at_; }
  // Writes again what was written at [from, to), within the room already ensured.
  void put_copy(std::size_t from, std::size_t to) {
    covered(to - from);
    std::memcpy(out_.data() + at_, out_.data() + from, to - from);
    at_ += to - from;
  }

  void finish() { out_.resize(at_); }

 private:
  std::string& out_;
  std::size_t at_;  // where the next byte goes; out_.size() is only room
  Rfc1123Run dates_;  // a listing's dates mostly fall on a few days
};

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

void put_blob_prefix(PageWriter& out, std::string_view blob_prefix) {
  out.ensure(24 + PageWriter::element_bytes("Name", blob_prefix));
  out.put("<BlobPrefix>");
  out.put_element("Name", blob_prefix);
  out.put("</BlobPrefix>");
}

// One <Blob> entry, every property written straight into the page: a listing of a Delta table
// renders a thousand of them.
void put_blob(PageWriter& out, std::string_view name, const Blob& blob, bool with_metadata) {
  using namespace std::string_view_literals;
  const ContentHeaders& h = blob.headers();
  out.ensure(kBlobEntryBytes + kEscapedBytesPerByte * (name.size() + h.content_type.size() + h.content_encoding.size() +
                                                       h.content_language.size() + h.cache_control.size() +
                                                       h.content_disposition.size()));
  out.put("<Blob>"sv);
  out.put_element("Name"sv, name);
  out.put("<Properties><Creation-Time>"sv);
  const std::size_t created_at = out.position();
  out.put_rfc1123(blob.created);
  const std::size_t created_end = out.position();
  out.put("</Creation-Time><Last-Modified>"sv);
  if (blob.last_modified == blob.created) {
    out.put_copy(created_at, created_end);  // a blob written once: the same date again
  } else {
    out.put_rfc1123(blob.last_modified);
  }
  out.put("</Last-Modified><Etag>"sv);
  out.put_etag(blob.etag);
  out.put("</Etag><Content-Length>"sv);
  out.put_decimal(blob.size_bytes());
  out.put("</Content-Length>"sv);
  out.put_element("Content-Type"sv, h.content_type);
  out.put_element("Content-Encoding"sv, h.content_encoding);
  out.put_element("Content-Language"sv, h.content_language);
  if (const std::string_view md5 = blob.content.md5_base64(); !md5.empty()) {
    out.put("<Content-MD5>"sv);
    out.put(md5);
    out.put("</Content-MD5>"sv);
  } else {
    out.put("<Content-MD5 />"sv);
  }
  out.put_element("Cache-Control"sv, h.cache_control);
  out.put_element("Content-Disposition"sv, h.content_disposition);
  out.put(
      "<BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><AccessTierInferred>true</AccessTierInferred>"
      "<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted>"
      "</Properties>"sv);
  if (with_metadata) {
    out.ensure(20);
    out.put("<Metadata>"sv);
    for (const auto& [key, value] : blob.metadata()) {
      out.ensure(PageWriter::element_bytes(key, value));
      out.put_element(key, value);
    }
    out.ensure(20);
    out.put("</Metadata>"sv);
  }
  out.put("</Blob>"sv);
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
  PageWriter page(body);
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
      put_blob_prefix(page, *blob_prefix);
      const auto after = prefix_successor(*blob_prefix);
      it = after ? blobs.lower_bound(*after) : blobs.end();
      continue;
    }
    put_blob(page, name, it->second, with_metadata);
    ++it;
  }
  page.finish();
  body += "</Blobs>";
  close_results(body, next_marker);
  return http::Response::text(200, std::move(body), "application/xml");
}

}  // namespace drdrill::storage::detail
