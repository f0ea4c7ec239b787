#include "databricks/mounts.h"

#include <utility>

namespace drdrill::databricks {
namespace {

constexpr std::string_view kScheme = "abfss://";
constexpr std::string_view kDfsSuffix = ".dfs.core.windows.net";
constexpr std::string_view kSecondarySuffix = "-secondary";

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool valid_account(std::string_view name) {
  if (name.size() < 3 || name.size() > 24) return false;
  for (char c : name) {
    if (!lower_alnum(c)) return false;
  }
  return true;
}

bool valid_container(std::string_view name) {
  if (name.size() < 3 || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  for (char c : name) {
    if (!lower_alnum(c) && c != '-') return false;
  }
  return name.find("--") == std::string_view::npos;
}

bool valid_mount_point(std::string_view point) {
  constexpr std::string_view kPrefix = "/mnt/";
  if (point.size() <= kPrefix.size() || point.substr(0, kPrefix.size()) != kPrefix) return false;
  if (point.back() == '/' || point.find("//") != std::string_view::npos) return false;
  for (char c : point.substr(kPrefix.size())) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.' || c == '/';
    if (!ok) return false;
  }
  return true;
}

// True if `path` is `point` or lies below it.
bool covers(std::string_view point, std::string_view path) {
  return path == point || (path.size() > point.size() && path.substr(0, point.size()) == point &&
                           path[point.size()] == '/');
}

ApiError bad_source(std::string_view uri, std::string_view why) {
  return ApiError::InvalidParameterValue("Invalid mount source '" + std::string(uri) + "': " + std::string(why) +
                                         " (expected abfss://<container>@<account>[-secondary].dfs.core.windows.net/<path>)");
}

}  // namespace

std::string StorageLocation::to_uri() const {
  std::string uri = std::string(kScheme) + container + "@" + account;
  if (secondary) uri += kSecondarySuffix;
  uri += kDfsSuffix;
  if (!path.empty()) uri += "/" + path;
  return uri;
}

ApiResult<StorageLocation> parse_abfss_uri(std::string_view uri) {
  if (uri.substr(0, kScheme.size()) != kScheme) return bad_source(uri, "not an abfss:// URI");
  std::string_view rest = uri.substr(kScheme.size());
  const auto at = rest.find('@');
  if (at == std::string_view::npos) return bad_source(uri, "no '@' between container and account");
  StorageLocation location;
  location.container = std::string(rest.substr(0, at));
  rest.remove_prefix(at + 1);
  const auto slash = rest.find('/');
  const std::string_view host = rest.substr(0, slash);
  if (slash != std::string_view::npos) location.path = std::string(rest.substr(slash + 1));
  while (!location.path.empty() && location.path.back() == '/') location.path.pop_back();
  if (host.size() <= kDfsSuffix.size() || host.substr(host.size() - kDfsSuffix.size()) != kDfsSuffix) {
    return bad_source(uri, "the host is not <account>.dfs.core.windows.net");
  }
  std::string_view account = host.substr(0, host.size() - kDfsSuffix.size());
  if (account.size() > kSecondarySuffix.size() &&
      account.substr(account.size() - kSecondarySuffix.size()) == kSecondarySuffix) {
    location.secondary = true;
    account.remove_suffix(kSecondarySuffix.size());
  }
  location.account = std::string(account);
  if (!valid_container(location.container)) return bad_source(uri, "invalid container name");
  if (!valid_account(location.account)) return bad_source(uri, "invalid storage account name");
  return location;
}

ApiStatus MountTable::mount(std::string_view mount_point, std::string_view source) {
  if (!valid_mount_point(mount_point)) {
    return ApiError::InvalidParameterValue("Invalid mount point '" + std::string(mount_point) +
                                           "': expected /mnt/<name>");
  }
  auto location = parse_abfss_uri(source);
  DRDRILL_API_RETURN_IF_ERROR(location);
  for (const auto& [point, existing] : mounts_) {
    if (covers(point, mount_point) || covers(mount_point, point)) {
      return ApiError(ErrorCode::kResourceAlreadyExists, "Directory already mounted: " + point, 400);
    }
  }
  mounts_.emplace(std::string(mount_point), Mount{std::string(mount_point), std::move(*location)});
  return {};
}

ApiStatus MountTable::update(std::string_view mount_point, std::string_view source) {
  const auto it = mounts_.find(mount_point);
  if (it == mounts_.end()) return ApiError::DoesNotExist("Directory not mounted: " + std::string(mount_point));
  auto location = parse_abfss_uri(source);
  DRDRILL_API_RETURN_IF_ERROR(location);
  it->second.source = std::move(*location);
  return {};
}

ApiStatus MountTable::unmount(std::string_view mount_point) {
  const auto it = mounts_.find(mount_point);
  if (it == mounts_.end()) return ApiError::DoesNotExist("Directory not mounted: " + std::string(mount_point));
  mounts_.erase(it);
  return {};
}

std::vector<Mount> MountTable::list() const {
  std::vector<Mount> out;
  for (const auto& [point, m] : mounts_) out.push_back(m);
  return out;
}

const Mount* MountTable::find(std::string_view mount_point) const {
  const auto it = mounts_.find(mount_point);
  return it == mounts_.end() ? nullptr : &it->second;
}

ApiResult<StorageLocation> MountTable::resolve(std::string_view path) const {
  if (path.substr(0, kScheme.size()) == kScheme) return parse_abfss_uri(path);
  constexpr std::string_view kDbfs = "dbfs:";
  if (path.substr(0, kDbfs.size()) == kDbfs) path.remove_prefix(kDbfs.size());
  for (const auto& [point, m] : mounts_) {
    if (!covers(point, path)) continue;
    StorageLocation location = m.source;
    const std::string_view below = path.substr(point.size());  // "" or "/x/y"
    if (!below.empty()) {
      if (!location.path.empty()) location.path += "/";
      location.path += std::string(below.substr(1));
    }
    return location;
  }
  return ApiError::DoesNotExist("No mount covers " + std::string(path));
}

}  // namespace drdrill::databricks
