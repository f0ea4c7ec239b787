#include "lakehouse/delta_table.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/random.h"

namespace drdrill::lakehouse {
namespace {

std::string join(const std::vector<std::int64_t>& versions) {
  std::string out;
  for (std::int64_t v : versions) out += (out.empty() ? "" : ", ") + std::to_string(v);
  return out;
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 1469598103934665603ULL) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

// The files of a table storage has, as a reader checking a snapshot without reading it finds them:
// by listing the directories the snapshot's files are in, as a Spark driver's file index does
// (one List Blobs per directory with delimiter "/", so _delta_log/ and deeper directories come
// back as one BlobPrefix each), not by one HEAD per file.
struct ListedFiles {
  std::set<std::string, std::less<>> directories;  // relative to the table root: "" or "order_date=.../"
  std::vector<std::string> files;                  // relative to the table root, sorted

  bool has(std::string_view path) const {
    return std::binary_search(files.begin(), files.end(), path, std::less<>());
  }
};

// Lists each directory `snapshot` names a file in that `listed` has not listed yet.
DataStatus list_directories(StorageClient& storage, const databricks::StorageLocation& root,
                            const DeltaSnapshot& snapshot, ListedFiles& listed) {
  std::vector<std::string> pending;
  std::string_view previous;
  bool any = false;
  for (const auto& [path, f] : snapshot.files) {
    // memchr first: most tables have no partition directories, and rfind tests each byte of a
    // name from its end.
    const auto slash = path.find('/') == std::string::npos ? std::string::npos : path.rfind('/');
    const std::string_view dir = slash == std::string::npos ? std::string_view() : std::string_view(path).substr(0, slash + 1);
    // In path order a directory's files mostly come together, so this skips most set lookups; the
    // set keeps a directory whose files are split (a.json < b=1/x < c.json) from being listed twice.
    if (any && dir == previous) continue;
    any = true;
    previous = dir;
    if (listed.directories.emplace(dir).second) pending.emplace_back(dir);
  }
  if (pending.empty()) return {};
  const std::string root_prefix = root.path.empty() ? "" : root.path + "/";
  for (const std::string& dir : pending) {
    DataStatus status = storage.list_each(root, root_prefix + dir, {}, "/", [&](std::string_view name) {
      if (name.ends_with('/')) return;  // a sub-directory: _delta_log/, a deeper partition
      listed.files.emplace_back(name.substr(root_prefix.size()));
    });
    if (!status.ok()) return status;
  }
  if (!std::is_sorted(listed.files.begin(), listed.files.end())) std::sort(listed.files.begin(), listed.files.end());
  return {};
}

}  // namespace

std::string_view to_string(DeltaReadMode mode) {
  return mode == DeltaReadMode::kStrict ? "strict" : "latest-complete";
}

std::optional<DeltaReadMode> parse_delta_read_mode(std::string_view text) {
  if (text == "strict") return DeltaReadMode::kStrict;
  if (text == "latest-complete") return DeltaReadMode::kLatestComplete;
  return std::nullopt;
}

std::string deterministic_uuid(std::string_view seed) {
  std::uint64_t state = fnv1a(seed);
  const std::uint64_t hi = splitmix64_next(state);
  const std::uint64_t lo = splitmix64_next(state);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF), static_cast<unsigned long long>(hi & 0xFFFF),
                static_cast<unsigned long long>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

std::string data_file_name(std::string_view seed) { return "part-00000-" + deterministic_uuid(seed) + ".c000.json"; }

DeltaTable::DeltaTable(StorageClient& storage, databricks::StorageLocation root)
    : storage_(storage), root_(std::move(root)) {}

databricks::StorageLocation DeltaTable::file(std::string_view relative) const {
  databricks::StorageLocation location = root_;
  location.path = root_.path.empty() ? std::string(relative) : root_.path + "/" + std::string(relative);
  return location;
}

std::string DeltaTable::log_prefix() const { return (root_.path.empty() ? "" : root_.path + "/") + "_delta_log/"; }

DataResult<std::set<std::int64_t>> DeltaTable::list_versions_from(std::int64_t from_version) {
  // Delta's LogStore.listFrom: the log directory's entries from the newest version already read
  // on (the fake's marker, like Azurite's, is the name a page starts at), so an up-to-date read
  // is one request answering one entry however long the log is, and the entry it starts at says
  // whether that version is still there.
  const std::string prefix = log_prefix();
  const std::string marker = from_version >= 0 ? prefix + log_file_name(from_version) : "";
  std::set<std::int64_t> versions;
  DataStatus status = storage_.list_each(root_, prefix, marker, {}, [&](std::string_view name) {
    if (name.size() <= prefix.size()) return;
    if (auto v = parse_log_file_name(name.substr(prefix.size()))) versions.insert(*v);
  });
  if (!status.ok()) return std::move(status).error();
  return versions;
}

DataStatus DeltaTable::refresh(DeltaReadMode mode, DeltaReadReport& report) {
  const std::int64_t known = static_cast<std::int64_t>(commits_.size());
  // Versions below known - 1 are never consulted: the refresh needs the last version it read
  // (to notice storage going back in time) and everything after it.
  auto listing = list_versions_from(known - 1);
  if (!listing.ok()) return std::move(listing).error();
  const std::set<std::int64_t>& listed = *listing;
  if (known > 0 && listed.count(known - 1) == 0) {
    // The last version this driver read is gone: storage went back in time (an unplanned failover
    // dropped it). Forget everything and read the log as it is now.
    commits_.clear();
    latest_ = DeltaSnapshot{};
    return refresh(mode, report);
  }
  if (known == 0 && listed.count(0) == 0) {
    const std::string where = StorageClient::display_url(root_);
    return DataError::make(DataErrorKind::kMissingTransactionLog, "DELTA_PATH_DOES_NOT_EXIST", "42K03",
                           "[DELTA_PATH_DOES_NOT_EXIST] " + where +
                               " doesn't exist, or is not a Delta table. (No transaction log version 0 under " +
                               where + "/_delta_log" + (listed.empty() ? "" : "; later versions are present") + ")");
  }
  std::int64_t contiguous = known - 1;
  while (listed.count(contiguous + 1) != 0) ++contiguous;
  const std::int64_t newest = listed.empty() ? known - 1 : std::max(known - 1, *listed.rbegin());
  report.latest_version = newest;
  std::vector<std::int64_t> missing;
  for (std::int64_t v = contiguous + 1; v < newest; ++v) {
    if (listed.count(v) == 0) missing.push_back(v);
  }
  if (!missing.empty()) {
    report.missing_versions = missing;
    if (mode == DeltaReadMode::kStrict) {
      return DataError::make(DataErrorKind::kLogVersionGap, "DELTA_VERSIONS_NOT_CONTIGUOUS", "KD00C",
                             "[DELTA_VERSIONS_NOT_CONTIGUOUS] Versions (" + join(missing) +
                                 ") are missing: the log is not contiguous. A gap in the delta log between versions " +
                                 std::to_string(contiguous) + " and " + std::to_string(newest) +
                                 " was detected while trying to load version " + std::to_string(newest) + " of " +
                                 StorageClient::display_url(root_) + ".");
    }
  }
  for (std::int64_t v = known; v <= contiguous; ++v) {
    const std::string name = log_file_name(v);
    auto object = storage_.get(file("_delta_log/" + name));
    if (!object.ok()) return std::move(object).error();
    ++log_entries_read_;
    auto commit = parse_commit(v, object->content, name);
    if (!commit.ok()) return std::move(commit).error();
    latest_.apply(*commit);
    commits_.push_back(std::move(*commit));
  }
  return {};
}

DataResult<const DeltaSnapshot*> DeltaTable::latest(DeltaReadMode mode, DeltaReadReport& report) {
  DataStatus refreshed = refresh(mode, report);
  if (!refreshed.ok()) return std::move(refreshed).error();
  report.version_read = latest_.version;
  return &latest_;
}

DeltaSnapshot DeltaTable::state_at(std::int64_t version) const {
  DeltaSnapshot s;
  for (std::int64_t v = 0; v <= version && v < static_cast<std::int64_t>(commits_.size()); ++v) {
    s.apply(commits_[static_cast<std::size_t>(v)]);
  }
  return s;
}

DataResult<DeltaScan> DeltaTable::scan(DeltaReadMode mode, bool with_contents, DeltaReadReport& report) {
  auto head = latest(mode, report);
  if (!head.ok()) return std::move(head).error();
  DeltaScan scan;
  scan.latest_ = *head;
  ListedFiles listed;
  while (true) {
    const DeltaSnapshot& snapshot = scan.snapshot();
    if (!with_contents) {
      DataStatus status = list_directories(storage_, root_, snapshot, listed);
      if (!status.ok()) return std::move(status).error();
    }
    std::vector<const DeltaAddFile*> order;
    order.reserve(snapshot.files.size());
    for (const auto& [path, f] : snapshot.files) order.push_back(&f);
    std::stable_sort(order.begin(), order.end(), [](const DeltaAddFile* a, const DeltaAddFile* b) {
      return a->added_in_version < b->added_in_version;
    });
    scan.files.clear();
    scan.files.reserve(order.size());
    std::vector<const DeltaAddFile*> missing;
    for (const DeltaAddFile* f : order) {
      if (with_contents) {
        auto object = storage_.get(file(f->path));
        if (object.ok()) {
          scan.files.emplace_back(f, std::move(object->content));
          continue;
        }
        if (object.error().http_status != 404 || object.error().storage_error_code != "BlobNotFound") {
          return std::move(object).error();
        }
      } else {
        if (listed.has(f->path)) {
          scan.files.emplace_back(f, std::string());
          continue;
        }
      }
      missing.push_back(f);
    }
    if (missing.empty()) {
      report.version_read = snapshot.version;
      return scan;
    }
    std::int64_t oldest_missing = missing.front()->added_in_version;
    for (const DeltaAddFile* f : missing) {
      report.missing_files.push_back(f->path);
      oldest_missing = std::min(oldest_missing, f->added_in_version);
    }
    const std::string first = StorageClient::display_url(file(missing.front()->path));
    if (mode == DeltaReadMode::kStrict || oldest_missing <= 0) {
      return DataError::make(
          DataErrorKind::kMissingDataFile, "DELTA_FILE_NOT_FOUND_DETAILED", "42K03",
          "[DELTA_FILE_NOT_FOUND_DETAILED] File " + first + " referenced in the transaction log cannot be found" +
              (missing.size() > 1 ? " (and " + std::to_string(missing.size() - 1) + " more)" : "") +
              ". Version " + std::to_string(snapshot.version) + " of the table names files storage does not have" +
              (mode == DeltaReadMode::kStrict ? "" : ", and no earlier version has all its files"));
    }
    // Latest-complete: the newest version before the oldest commit whose files are missing.
    scan.older_ = std::make_unique<DeltaSnapshot>(state_at(oldest_missing - 1));
  }
}

DataResult<StorageWriteReceipt> DeltaTable::write_data_file(std::string_view name, std::string content) {
  return storage_.put(file(name), std::move(content), true);
}

DataResult<StorageWriteReceipt> DeltaTable::commit(const DeltaCommit& commit) {
  auto receipt = storage_.put(file("_delta_log/" + log_file_name(commit.version)), encode_commit(commit), true);
  if (!receipt.ok()) {
    DataError e = std::move(receipt).error();
    if (e.kind == DataErrorKind::kCommitConflict) {
      e.error_class = "DELTA_CONCURRENT_APPEND";
      e.sql_state = "2D521";
      e.message = "[DELTA_CONCURRENT_APPEND] Transaction conflict detected. A concurrent transaction committed version " +
                  std::to_string(commit.version) + " of " + StorageClient::display_url(root_) +
                  " first. Please retry the operation. (" + e.message + ")";
    }
    return e;
  }
  if (commit.version == static_cast<std::int64_t>(commits_.size())) {
    latest_.apply(commit);
    DeltaCommit stored = commit;
    for (DeltaAddFile& f : stored.adds) f.added_in_version = commit.version;
    commits_.push_back(std::move(stored));
  }
  return receipt;
}

}  // namespace drdrill::lakehouse
