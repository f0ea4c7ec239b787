#include "lakehouse/storage_client.h"

#include <utility>

#include "http/url.h"
#include "storage/blob_service.h"
#include "storage/crypto.h"
#include "storage/shared_key.h"

namespace drdrill::lakehouse {
namespace {

using databricks::StorageLocation;

std::string host_label(const StorageLocation& location) {
  return location.account + (location.secondary ? "-secondary" : "");
}

// "container/path" as the storage ledger names a blob.
std::string target_of(const StorageLocation& location) { return location.container + "/" + location.path; }

// The text of an element with every XML entity decoded: a view of `raw` itself when it has none
// (a blob name nearly always), else of `out`, which holds the decoded text.
std::string_view element_text(std::string_view raw, std::string& out) {
  if (raw.find('&') == std::string_view::npos) return raw;
  out.clear();
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      out += raw[i];
      continue;
    }
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    bool decoded = false;
    for (const auto& [entity, c] : kEntities) {
      if (raw.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size() - 1;
        decoded = true;
        break;
      }
    }
    if (!decoded) out += '&';
  }
  return out;
}

std::string element_text(std::string_view raw) {
  std::string out;
  return std::string(element_text(raw, out));
}

// The raw text of the first <tag>...</tag> at or after `from` ("<tag />" is empty text); advances
// `from` past it. nullopt when there is none.
// The search is for the tag's name, not for '<': a listing entry has some forty '<' but only the
// two capital Ns of <Name> and </Name>, so memchr jumps straight from one name to the next.
std::optional<std::string_view> next_element(std::string_view xml, std::string_view tag, std::size_t& from) {
  while (true) {
    const auto at = xml.find(tag, from);
    if (at == std::string_view::npos) return std::nullopt;
    const std::size_t after = at + tag.size();
    from = after;
    // Only "<tag>" or "<tag />": not a closing tag, nor a longer name that ends the same
    // ("<NextMarker>" when looking for "Marker"), nor one that starts the same.
    if (at == 0 || xml[at - 1] != '<' || after >= xml.size()) continue;
    if (xml.substr(after, 3) == " />") {
      from = after + 3;
      return std::string_view{};
    }
    if (xml[after] != '>') continue;
    // Element text holds no '<' (the writer escapes it): the text ends at the closing tag.
    const auto close = xml.find('<', after + 1);
    if (close == std::string_view::npos) return std::nullopt;
    from = close + 2 + tag.size() + 1;  // past "</tag>"
    return xml.substr(after + 1, close - after - 1);
  }
}

// Reads one List Blobs page by a single forward scan, without a document: the Name of each Blob
// and BlobPrefix (handed to `each`, in the page's order), then NextMarker, which follows the
// entries. Returns the marker ("" on the last page). Only <Name> is looked at inside an entry;
// Metadata is not asked for, so no other element of a page is called Name.
std::string parse_list_page(std::string_view xml, const std::function<void(std::string_view)>& each) {
  std::size_t from = 0;
  std::size_t after_names = 0;
  std::string decoded;
  while (auto name = next_element(xml, "Name", from)) {
    each(element_text(*name, decoded));
    after_names = from;
  }
  // NextMarker follows the entries: searched for from the end of the last name (the search for
  // names went on to the end of the page).
  return element_text(next_element(xml, "NextMarker", after_names).value_or(std::string_view{}));
}

std::string first_line(std::string_view text) { return std::string(text.substr(0, text.find('\n'))); }

}  // namespace

StorageClient::StorageClient(http::Handler blob_endpoint, const Clock& clock,
                             std::map<std::string, std::string> account_keys)
    : endpoint_(std::move(blob_endpoint)), clock_(clock), account_keys_(std::move(account_keys)) {}

std::string StorageClient::display_url(const StorageLocation& location) {
  return "https://" + host_label(location) + ".dfs.core.windows.net/" + location.container +
         (location.path.empty() ? "" : "/" + location.path);
}

DataResult<http::Request> StorageClient::prepare(std::string_view method, const StorageLocation& location,
                                                 std::string_view query) {
  auto decoded = decoded_keys_.find(location.account);
  if (decoded == decoded_keys_.end()) {
    // The ABFS driver's wording when the conf has no usable key for the account.
    const std::string conf_key = "fs.azure.account.key." + location.account + ".dfs.core.windows.net";
    const auto key = account_keys_.find(location.account);
    if (key == account_keys_.end()) {
      DataError e = DataError::make(DataErrorKind::kStorageAuth, "", "",
                                    "Failure to initialize configuration for storage account " + location.account +
                                        ".dfs.core.windows.net: Invalid configuration value detected for " + conf_key +
                                        " (the cluster's Spark conf has no key for this account)");
      return e;
    }
    auto bytes = storage::base64_decode(key->second);
    if (!bytes) {
      return DataError::make(DataErrorKind::kStorageAuth, "", "",
                             "Failure to initialize configuration for storage account " + location.account +
                                 ".dfs.core.windows.net: Invalid configuration value detected for " + conf_key +
                                 " (not base64)");
    }
    decoded = decoded_keys_.emplace(location.account, std::move(*bytes)).first;
  }
  http::Request request;
  request.method = method == "PUT" ? http::Method::kPut : (method == "HEAD" ? http::Method::kHead : http::Method::kGet);
  // Built in place, each string sized once: every Delta file probe comes through here.
  const std::string container = http::percent_encode_path(location.container);
  const std::string path = http::percent_encode_path(location.path);
  request.target.reserve(2 + container.size() + path.size() + (query.empty() ? 0 : 1 + query.size()));
  request.target.assign("/").append(container);
  if (!location.path.empty()) request.target.append("/").append(path);
  if (!query.empty()) request.target.append("?").append(query);
  request.secure = true;
  constexpr std::string_view kSecondary = "-secondary";
  constexpr std::string_view kBlobDomain = ".blob.core.windows.net";
  std::string host;
  host.reserve(location.account.size() + kSecondary.size() + kBlobDomain.size());
  host.append(location.account).append(location.secondary ? kSecondary : std::string_view{}).append(kBlobDomain);
  request.headers.add("Host", std::move(host));
  request.headers.add("x-ms-version", std::string(storage::kDefaultServiceVersion));
  request.headers.add("x-ms-date", format_rfc1123(clock_.now()));
  return request;
}

http::Response StorageClient::send(http::Request request) {
  ++requests_;
  return endpoint_(request);
}

DataError StorageClient::failure(std::string_view method, const StorageLocation& location,
                                 const http::Response& response) const {
  DataError e;
  e.http_status = response.status;
  e.storage_error_code = std::string(response.headers.get("x-ms-error-code").value_or(""));
  std::size_t from = 0;
  std::string message = first_line(element_text(next_element(response.body, "Message", from).value_or("")));
  if (message.empty()) message = std::string(http::reason_phrase(response.status));
  if (response.status == 403 && e.storage_error_code == "InsufficientAccountPermissions") {
    e.kind = method == "PUT" ? DataErrorKind::kStorageWriteRefused : DataErrorKind::kStorageReadRefused;
  } else if (response.status == 403 || response.status == 401) {
    e.kind = DataErrorKind::kStorageAuth;
  } else if (response.status == 404 && e.storage_error_code != "BlobNotFound") {
    e.kind = DataErrorKind::kStorageNotFound;
  } else if (response.status >= 500) {
    e.kind = DataErrorKind::kStorageUnavailable;
  } else {
    e.kind = DataErrorKind::kStorageOther;
  }
  // The ABFS driver's AbfsRestOperationException text.
  e.message = "Operation failed: \"" + message + "\", " + std::to_string(response.status) + ", " +
              std::string(method) + ", " + display_url(location) +
              (e.storage_error_code.empty() ? "" : ", " + e.storage_error_code);
  return e;
}

DataResult<StorageWriteReceipt> StorageClient::put(const StorageLocation& location, std::string content,
                                                   bool create_only) {
  auto request = prepare("PUT", location, "");
  if (!request.ok()) return std::move(request).error();
  const std::int64_t size = static_cast<std::int64_t>(content.size());
  request->headers.add("Content-Length", std::to_string(content.size()));
  request->headers.add("Content-Type", "application/json");
  request->headers.add("x-ms-blob-type", "BlockBlob");
  if (create_only) request->headers.add("If-None-Match", "*");
  request->body = std::move(content);
  storage::sign_shared_key(*request, location.account, decoded_keys_.at(location.account));
  const http::Response response = send(std::move(*request));
  if (response.status == 201) {
    return StorageWriteReceipt{location.account, target_of(location),
                               std::string(response.headers.get("ETag").value_or("")), size, clock_.now()};
  }
  DataError e = failure("PUT", location, response);
  if (create_only && (response.status == 409 || response.status == 412)) e.kind = DataErrorKind::kCommitConflict;
  return e;
}

DataResult<StorageObject> StorageClient::get(const StorageLocation& location) {
  auto request = prepare("GET", location, "");
  if (!request.ok()) return std::move(request).error();
  storage::sign_shared_key(*request, location.account, decoded_keys_.at(location.account));
  http::Response response = send(std::move(*request));
  if (response.status == 200) {
    return StorageObject{std::move(response.body), std::string(response.headers.get("ETag").value_or(""))};
  }
  return failure("GET", location, response);
}

DataResult<bool> StorageClient::exists(const StorageLocation& location) {
  auto request = prepare("HEAD", location, "");
  if (!request.ok()) return std::move(request).error();
  storage::sign_shared_key(*request, location.account, decoded_keys_.at(location.account));
  const http::Response response = send(std::move(*request));
  if (response.status == 200) return true;
  if (response.status == 404 && response.headers.get("x-ms-error-code").value_or("") == "BlobNotFound") return false;
  return failure("HEAD", location, response);
}

DataResult<std::vector<std::string>> StorageClient::list(const StorageLocation& directory, std::string_view prefix,
                                                         std::string_view start_at, std::string_view delimiter) {
  std::vector<std::string> names;
  DataStatus listed =
      list_each(directory, prefix, start_at, delimiter, [&](std::string_view name) { names.emplace_back(name); });
  if (!listed.ok()) return std::move(listed).error();
  return names;
}

DataStatus StorageClient::list_each(const StorageLocation& directory, std::string_view prefix,
                                    std::string_view start_at, std::string_view delimiter,
                                    const std::function<void(std::string_view name)>& each) {
  StorageLocation container = directory;
  container.path.clear();
  std::string marker(start_at);
  while (true) {
    std::string query = "restype=container&comp=list&prefix=" + http::percent_encode(prefix);
    if (!delimiter.empty()) query += "&delimiter=" + http::percent_encode(delimiter);
    if (!marker.empty()) query += "&marker=" + http::percent_encode(marker);
    auto request = prepare("GET", container, query);
    if (!request.ok()) return std::move(request).error();
    storage::sign_shared_key(*request, directory.account, decoded_keys_.at(directory.account));
    const http::Response response = send(std::move(*request));
    if (response.status != 200) return failure("GET", directory, response);
    marker = parse_list_page(response.body, each);
    if (marker.empty()) return {};
  }
}

}  // namespace drdrill::lakehouse
