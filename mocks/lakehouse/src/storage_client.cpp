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

// The text of the first <tag>...</tag> at or after `from`, XML entities decoded; advances `from`
// past it. nullopt when there is none.
// An element's tags, spelled once per response rather than once per element (a listing has one
// <Name> per blob).
struct ElementTags {
  explicit ElementTags(std::string_view tag)
      // append(), not "<" + std::string(...): GCC 12 reports a false -Wrestrict for that at -O3.
      : open(std::string("<").append(tag).append(">")), close(std::string("</").append(tag).append(">")) {}
  std::string open;
  std::string close;
};

std::optional<std::string> next_element(std::string_view xml, const ElementTags& tags, std::size_t& from) {
  const std::string& open = tags.open;
  const std::string& close = tags.close;
  const auto start = xml.find(open, from);
  if (start == std::string_view::npos) return std::nullopt;
  const auto end = xml.find(close, start + open.size());
  if (end == std::string_view::npos) return std::nullopt;
  from = end + close.size();
  const std::string_view raw = xml.substr(start + open.size(), end - start - open.size());
  if (raw.find('&') == std::string_view::npos) return std::string(raw);  // nothing to decode
  std::string out;
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
  std::string message = first_line(next_element(response.body, ElementTags("Message"), from).value_or(""));
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
                                                         std::string_view start_at) {
  StorageLocation container = directory;
  container.path.clear();
  std::vector<std::string> names;
  std::string marker(start_at);
  const ElementTags name_tags("Name");
  const ElementTags marker_tags("NextMarker");
  while (true) {
    std::string query = "restype=container&comp=list&prefix=" + http::percent_encode(prefix);
    if (!marker.empty()) query += "&marker=" + http::percent_encode(marker);
    auto request = prepare("GET", container, query);
    if (!request.ok()) return std::move(request).error();
    storage::sign_shared_key(*request, directory.account, decoded_keys_.at(directory.account));
    const http::Response response = send(std::move(*request));
    if (response.status != 200) return failure("GET", directory, response);
    std::size_t from = 0;
    while (auto name = next_element(response.body, name_tags, from)) names.push_back(std::move(*name));
    from = 0;
    marker = next_element(response.body, marker_tags, from).value_or("");
    if (marker.empty()) return names;
  }
}

}  // namespace drdrill::lakehouse
