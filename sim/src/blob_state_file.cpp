#include "sim/blob_state_file.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "sql/sqlite_statement.h"
#include "sql/sqlite_transaction.h"

namespace drdrill::sim {
namespace {

using Json = nlohmann::json;

// Keyed by account, so one file serves every account of the world; WITHOUT ROWID keeps each row
// next to its key, which is how it is always read.
constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS containers (account TEXT NOT NULL, container TEXT NOT NULL, etag INTEGER NOT NULL, "
    "last_modified_us INTEGER NOT NULL, public_access INTEGER NOT NULL, metadata TEXT NOT NULL, "
    "PRIMARY KEY (account, container)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS blobs (account TEXT NOT NULL, container TEXT NOT NULL, blob TEXT NOT NULL, "
    "content BLOB NOT NULL, md5 BLOB, properties TEXT NOT NULL, etag INTEGER NOT NULL, created_us INTEGER NOT NULL, "
    "last_modified_us INTEGER NOT NULL, PRIMARY KEY (account, container, blob)) WITHOUT ROWID;";

Json metadata_json(const storage::Metadata& metadata) {
  Json out = Json::array();
  for (const auto& [name, value] : metadata) out.push_back(Json::array({name, value}));
  return out;
}

storage::Metadata metadata_of(const Json& json) {
  storage::Metadata out;
  if (!json.is_array()) return out;
  for (const Json& pair : json) {
    if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
      out.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    }
  }
  return out;
}

// ETags are unsigned 64-bit; SQLite integers are signed. The bits go through unchanged.
std::int64_t to_column(std::uint64_t etag) { return static_cast<std::int64_t>(etag); }
std::uint64_t etag_of(std::int64_t column) { return static_cast<std::uint64_t>(column); }

std::int64_t micros(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint time_of(std::int64_t us) { return TimePoint(Duration(us)); }

sql::Blob bytes_blob(std::string_view bytes) { return sql::Blob(bytes.begin(), bytes.end()); }

Status corrupt(const std::filesystem::path& file, const std::string& what) {
  return Status::FailedPrecondition(file.string() + ": " + what + " (the blob state file is damaged or not drdrill's)");
}

// Runs `select` (its one parameter: the account) and hands each row to `read_row`, stopping at the
// first error.
template <typename ReadRow>
Status each_row_of_account(sql::SqliteConnection& sqlite, const char* select, const std::string& account,
                           ReadRow read_row) {
  auto statement = sqlite.prepare(select);
  if (!statement.ok()) return statement.status();
  DRDRILL_RETURN_IF_ERROR(statement->bind(1, account));
  for (;;) {
    auto row = statement->step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    DRDRILL_RETURN_IF_ERROR(read_row(*statement));
  }
}

}  // namespace

Result<std::unique_ptr<BlobStateFile>> BlobStateFile::open(const std::filesystem::path& file) {
  auto sqlite = sql::SqliteConnection::open_file(file);
  if (!sqlite.ok()) return sqlite.status();
  DRDRILL_RETURN_IF_ERROR(sqlite->exec_script(kSchema));
  return std::unique_ptr<BlobStateFile>(new BlobStateFile(std::move(sqlite).value()));
}

Result<std::uint64_t> BlobStateFile::restore(storage::Account& account) {
  std::uint64_t restored = 0;
  const auto read_container = [&](const sql::SqliteStatement& containers) -> Status {
    storage::PutContainer put;
    put.container = containers.column_text(0);
    put.properties.etag = etag_of(containers.column_int64(1));
    put.properties.last_modified = time_of(containers.column_int64(2));
    const std::int64_t access = containers.column_int64(3);
    if (access < 0 || access > 2) return corrupt(path(), "container " + put.container + " has public_access " + std::to_string(access));
    put.properties.public_access = static_cast<storage::PublicAccess>(access);
    put.properties.metadata = metadata_of(Json::parse(containers.column_text(4), nullptr, false));
    DRDRILL_RETURN_IF_ERROR(account.restore(put));
    ++restored;
    return Status::Ok();
  };
  const auto read_blob = [&](const sql::SqliteStatement& blobs) -> Status {
    storage::PutBlob put;
    put.container = blobs.column_text(0);
    put.blob = blobs.column_text(1);
    const sql::SqlValue content = blobs.column_value(2);
    const sql::SqlValue md5 = blobs.column_value(3);
    std::string bytes;
    if (const auto* b = std::get_if<sql::Blob>(&content)) bytes.assign(b->begin(), b->end());
    std::optional<storage::Md5> stored_md5;
    if (const auto* m = std::get_if<sql::Blob>(&md5)) {
      if (m->size() != 16) return corrupt(path(), "blob " + put.container + "/" + put.blob + " has an MD5 of " + std::to_string(m->size()) + " bytes");
      storage::Md5 digest{};
      std::copy(m->begin(), m->end(), digest.begin());
      stored_md5 = digest;
    }
    const Json properties = Json::parse(blobs.column_text(4), nullptr, false);
    if (properties.is_discarded() || !properties.is_object()) return corrupt(path(), "blob " + put.container + "/" + put.blob + " has unreadable properties");
    storage::BlobProperties p;
    const Json headers = properties.value("headers", Json::object());
    p.headers.content_type = headers.value("content_type", p.headers.content_type);
    p.headers.content_encoding = headers.value("content_encoding", "");
    p.headers.content_language = headers.value("content_language", "");
    p.headers.content_disposition = headers.value("content_disposition", "");
    p.headers.cache_control = headers.value("cache_control", "");
    p.metadata = metadata_of(properties.value("metadata", Json::array()));
    for (const Json& block : properties.value("blocks", Json::array())) {
      if (!block.is_array() || block.size() != 2 || !block[0].is_string() || !block[1].is_number_unsigned()) continue;
      p.blocks.push_back({block[0].get<std::string>(), block[1].get<std::uint64_t>()});
    }
    put.value.content = storage::BlobContent(bytes, stored_md5);
    put.value.properties = account.intern(std::move(p));
    put.value.etag = etag_of(blobs.column_int64(5));
    put.value.created = time_of(blobs.column_int64(6));
    put.value.last_modified = time_of(blobs.column_int64(7));
    DRDRILL_RETURN_IF_ERROR(account.restore(put));
    ++restored;
    return Status::Ok();
  };
  DRDRILL_RETURN_IF_ERROR(each_row_of_account(
      sqlite_,
      "SELECT container, etag, last_modified_us, public_access, metadata FROM containers WHERE account = ? "
      "ORDER BY container",
      account.name(), read_container));
  DRDRILL_RETURN_IF_ERROR(each_row_of_account(
      sqlite_,
      "SELECT container, blob, content, md5, properties, etag, created_us, last_modified_us FROM blobs "
      "WHERE account = ? ORDER BY container, blob",
      account.name(), read_blob));
  return restored;
}

void BlobStateFile::attach(storage::Account& account) {
  account.observe_primary_copy(storage::Account::PrimaryCopyObserver{
      [this](const storage::Account& a, const storage::Mutation& m) { record(write(a.name(), m)); },
      [this](const storage::Account& a) { record(rewrite(a)); }});
}

void BlobStateFile::record(Status status) {
  if (!status.ok() && status_.ok()) status_ = std::move(status);
}

Status BlobStateFile::run(const std::string& sql, const std::string& account, const std::string& container,
                          const std::string* blob) {
  auto statement = sqlite_.prepare(sql);
  if (!statement.ok()) return statement.status();
  DRDRILL_RETURN_IF_ERROR(statement->bind(1, account));
  DRDRILL_RETURN_IF_ERROR(statement->bind(2, container));
  if (blob != nullptr) DRDRILL_RETURN_IF_ERROR(statement->bind(3, *blob));
  return statement->run();
}

Status BlobStateFile::put_container(const std::string& account, const std::string& container,
                                    const storage::ContainerProperties& properties) {
  auto statement = sqlite_.prepare(
      "INSERT OR REPLACE INTO containers (account, container, etag, last_modified_us, public_access, metadata) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!statement.ok()) return statement.status();
  DRDRILL_RETURN_IF_ERROR(statement->bind(1, account));
  DRDRILL_RETURN_IF_ERROR(statement->bind(2, container));
  DRDRILL_RETURN_IF_ERROR(statement->bind(3, to_column(properties.etag)));
  DRDRILL_RETURN_IF_ERROR(statement->bind(4, micros(properties.last_modified)));
  DRDRILL_RETURN_IF_ERROR(statement->bind(5, static_cast<std::int64_t>(properties.public_access)));
  DRDRILL_RETURN_IF_ERROR(statement->bind(6, metadata_json(properties.metadata).dump()));
  return statement->run();
}

Status BlobStateFile::put_blob(const std::string& account, const std::string& container, const std::string& blob,
                               const storage::Blob& value) {
  auto statement = sqlite_.prepare(
      "INSERT OR REPLACE INTO blobs (account, container, blob, content, md5, properties, etag, created_us, "
      "last_modified_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!statement.ok()) return statement.status();
  const storage::ContentHeaders& h = value.headers();
  Json blocks = Json::array();
  for (const storage::CommittedBlock& b : value.blocks()) blocks.push_back(Json::array({b.id, b.size_bytes}));
  const Json properties = {{"headers",
                            {{"content_type", h.content_type},
                             {"content_encoding", h.content_encoding},
                             {"content_language", h.content_language},
                             {"content_disposition", h.content_disposition},
                             {"cache_control", h.cache_control}}},
                           {"metadata", metadata_json(value.metadata())},
                           {"blocks", std::move(blocks)}};
  DRDRILL_RETURN_IF_ERROR(statement->bind(1, account));
  DRDRILL_RETURN_IF_ERROR(statement->bind(2, container));
  DRDRILL_RETURN_IF_ERROR(statement->bind(3, blob));
  DRDRILL_RETURN_IF_ERROR(statement->bind(4, bytes_blob(value.bytes())));
  if (const auto md5 = value.content.md5()) {
    DRDRILL_RETURN_IF_ERROR(statement->bind(5, sql::Blob(md5->begin(), md5->end())));
  } else {
    DRDRILL_RETURN_IF_ERROR(statement->bind_null(5));
  }
  DRDRILL_RETURN_IF_ERROR(statement->bind(6, properties.dump()));
  DRDRILL_RETURN_IF_ERROR(statement->bind(7, to_column(value.etag)));
  DRDRILL_RETURN_IF_ERROR(statement->bind(8, micros(value.created)));
  DRDRILL_RETURN_IF_ERROR(statement->bind(9, micros(value.last_modified)));
  return statement->run();
}

Status BlobStateFile::write(const std::string& account, const storage::Mutation& mutation) {
  DRDRILL_RETURN_IF_ERROR(status_);  // stop at the first error: later writes would leave gaps
  if (const auto* put = std::get_if<storage::PutContainer>(&mutation)) {
    return put_container(account, put->container, put->properties);
  }
  if (const auto* put = std::get_if<storage::PutBlob>(&mutation)) return put_blob(account, put->container, put->blob, put->value);
  if (const auto* del = std::get_if<storage::DeleteBlob>(&mutation)) {
    return run("DELETE FROM blobs WHERE account = ? AND container = ? AND blob = ?", account, del->container, &del->blob);
  }
  const auto& del = std::get<storage::DeleteContainer>(mutation);
  auto tx = sql::SqliteTransaction::begin(sqlite_);
  if (!tx.ok()) return tx.status();
  DRDRILL_RETURN_IF_ERROR(run("DELETE FROM blobs WHERE account = ? AND container = ?", account, del.container));
  DRDRILL_RETURN_IF_ERROR(run("DELETE FROM containers WHERE account = ? AND container = ?", account, del.container));
  return tx->commit();
}

Status BlobStateFile::rewrite(const storage::Account& account) {
  DRDRILL_RETURN_IF_ERROR(status_);
  auto tx = sql::SqliteTransaction::begin(sqlite_);
  if (!tx.ok()) return tx.status();
  for (const char* table : {"blobs", "containers"}) {
    auto statement = sqlite_.prepare(std::string("DELETE FROM ") + table + " WHERE account = ?");
    if (!statement.ok()) return statement.status();
    DRDRILL_RETURN_IF_ERROR(statement->bind(1, account.name()));
    DRDRILL_RETURN_IF_ERROR(statement->run());
  }
  for (const auto& [name, container] : account.primary().containers()) {
    DRDRILL_RETURN_IF_ERROR(put_container(account.name(), name, container.properties));
    for (const auto& [blob_name, blob] : container.blobs) DRDRILL_RETURN_IF_ERROR(put_blob(account.name(), name, blob_name, blob));
  }
  return tx->commit();
}

}  // namespace drdrill::sim
