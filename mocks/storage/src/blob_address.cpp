#include "storage/blob_address.h"

#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

#include "http/host_pattern.h"
#include "http/url.h"

namespace drdrill::storage {

std::pair<std::string, bool> split_account_label(std::string_view label) {
  constexpr std::string_view kSecondarySuffix = "-secondary";
  if (label.size() > kSecondarySuffix.size() && label.ends_with(kSecondarySuffix)) {
    label.remove_suffix(kSecondarySuffix.size());
    return {std::string(label), true};
  }
  return {std::string(label), false};
}

BlobAddress blob_address(const http::RouteMatch& match) {
  BlobAddress a;
  std::tie(a.account, a.secondary) = split_account_label(match.params.get("account").value_or(""));
  a.account_path = std::string(match.base_path);
  a.host_style = a.account_path.empty();
  a.container = std::string(match.params.get("container").value_or(""));
  a.blob = std::string(match.params.get("blob").value_or(""));
  // As Azurite and the service do: a backslash in a blob name is a path separator.
  std::replace(a.blob.begin(), a.blob.end(), '\\', '/');
  return a;
}

std::optional<std::string> addressed_account_label(const http::Request& request) {
  // Parsed once (every request a drill sends is asked for its outage mode); immutable after, so
  // worlds on several threads share them.
  static const std::vector<http::HostPattern> kPatterns = [] {
    std::vector<http::HostPattern> parsed;
    for (std::string_view text : kHostStylePatterns) {
      if (auto pattern = http::HostPattern::parse(text); pattern.ok()) parsed.push_back(std::move(pattern).value());
    }
    return parsed;
  }();
  const std::string host = request.host();
  for (const http::HostPattern& pattern : kPatterns) {
    http::RouteParams params;
    if (pattern.match(host, params)) return std::string(params.at("account"));
  }
  const auto segments = http::split_path(request.path());
  if (!segments.ok() || segments->empty() || segments->front().empty()) return std::nullopt;
  return segments->front();
}

std::string service_endpoint(const http::Request& request, const BlobAddress& address) {
  std::string url = request.secure ? "https://" : "http://";
  url += request.headers.get_or("Host", "localhost");
  url += address.account_path;
  url += '/';
  return url;
}

}  // namespace drdrill::storage
