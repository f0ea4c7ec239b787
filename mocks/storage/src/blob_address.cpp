#include "storage/blob_address.h"

#include <algorithm>
#include <string_view>

#include "storage/uri.h"

namespace drdrill::storage {

namespace {

constexpr std::string_view kSecondarySuffix = "-secondary";

// Splits "<account>[-secondary]" into the account and whether it names the secondary.
void set_account(BlobAddress& a, std::string_view label) {
  if (label.size() > kSecondarySuffix.size() && label.ends_with(kSecondarySuffix)) {
    label.remove_suffix(kSecondarySuffix.size());
    a.secondary = true;
  }
  a.account = std::string(label);
}

// "<label>.blob.<rest>" -> label; empty otherwise.
std::string_view host_style_label(std::string_view host) {
  const auto dot = host.find('.');
  if (dot == 0 || dot == std::string_view::npos) return {};
  const std::string_view rest = host.substr(dot + 1);
  if (!rest.starts_with("blob.") || rest.size() == 5) return {};
  return host.substr(0, dot);
}

}  // namespace

std::optional<BlobAddress> parse_blob_address(const http::Request& request) {
  BlobAddress a;
  const std::string host = request.host();
  std::string path = percent_decode(request.path());
  std::replace(path.begin(), path.end(), '\\', '/');
  std::string_view rest = path;
  if (rest.starts_with('/')) rest.remove_prefix(1);

  if (const std::string_view host_label = host_style_label(host); !host_label.empty()) {
    a.host_style = true;
    set_account(a, host_label);
  } else {
    const auto slash = rest.find('/');
    const std::string_view label = rest.substr(0, slash);
    if (label.empty()) return std::nullopt;
    set_account(a, label);
    // The raw (still encoded) first segment, as the client sent it.
    std::string_view raw = request.path();
    if (raw.starts_with('/')) raw.remove_prefix(1);
    a.account_path = "/" + std::string(raw.substr(0, raw.find('/')));
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  }

  const auto slash = rest.find('/');
  a.container = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) a.blob = std::string(rest.substr(slash + 1));
  return a;
}

std::string service_endpoint(const http::Request& request, const BlobAddress& address) {
  std::string url = request.secure ? "https://" : "http://";
  url += request.headers.get_or("Host", "localhost");
  url += address.account_path;
  url += '/';
  return url;
}

}  // namespace drdrill::storage
