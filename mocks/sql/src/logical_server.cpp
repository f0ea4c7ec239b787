#include "sql/logical_server.h"

#include <cctype>
#include <system_error>

#include "core/ascii_case.h"
#include "sql/sql_dns.h"

namespace drdrill::sql {
namespace {

// Names that end up in DNS and in file names: letters, digits and hyphens, as Azure requires.
bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<LogicalServer>> LogicalServer::create(std::string name, std::string region,
                                                             const Clock& clock, std::filesystem::path storage_dir) {
  if (!valid_name(name)) return Status::InvalidArgument("'" + name + "' is not a valid server name");
  if (region.empty()) return Status::InvalidArgument("server " + name + " needs a region");
  if (!storage_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(storage_dir / name, ec);
    if (ec) return Status::Unavailable("cannot create " + (storage_dir / name).string() + ": " + ec.message());
  }
  std::unique_ptr<LogicalServer> server(new LogicalServer(std::move(name), std::move(region), clock, std::move(storage_dir)));
  auto master = server->create_database(kMasterDatabase);
  if (!master.ok()) return master.status();
  return server;
}

std::string LogicalServer::host() const { return SqlDnsZone::server_host(name_); }

Status LogicalServer::add_login(std::string_view user, std::string_view password) {
  if (user.empty()) return Status::InvalidArgument("a login needs a name");
  auto [it, inserted] = logins_.emplace(ascii_lower(user), std::string(password));
  if (!inserted) return Status::AlreadyExists("login " + std::string(user) + " already exists on server " + name_);
  return Status::Ok();
}

Status LogicalServer::remove_login(std::string_view user) {
  auto it = logins_.find(ascii_lower(user));
  if (it == logins_.end()) return Status::NotFound("login " + std::string(user) + " does not exist on server " + name_);
  logins_.erase(it);
  return Status::Ok();
}

bool LogicalServer::has_login(std::string_view user) const { return logins_.contains(ascii_lower(user)); }

SqlStatus LogicalServer::authenticate(std::string_view user, std::string_view password) const {
  std::string_view login = user;
  if (const auto at = login.find('@'); at != std::string_view::npos) login = login.substr(0, at);
  auto it = logins_.find(ascii_lower(login));
  if (it == logins_.end() || it->second != password) return SqlError::login_failed(login, name_);
  return {};
}

Result<Database*> LogicalServer::create_database(std::string_view name) {
  if (!valid_name(name)) {
    // Appended piecewise: GCC 12 reports a false -Wrestrict for `"'" + std::string(...)` at -O3.
    return Status::InvalidArgument(std::string("'").append(name).append("' is not a valid database name"));
  }
  const std::string key = ascii_lower(name);
  if (databases_.contains(key)) {
    return Status::AlreadyExists("database " + std::string(name) + " already exists on server " + name_);
  }
  Database::Options options{name_, std::string(name), {}};
  if (!storage_dir_.empty()) options.file = storage_dir_ / name_ / (key + ".db");
  auto database = Database::open(std::move(options), clock_);
  if (!database.ok()) return database.status();
  Database* raw = database->get();
  databases_.emplace(key, std::move(database).value());
  return raw;
}

Database* LogicalServer::database(std::string_view name) {
  auto it = databases_.find(ascii_lower(name));
  return it == databases_.end() ? nullptr : it->second.get();
}

Status LogicalServer::drop_database(std::string_view name) {
  if (ascii_lower(name) == kMasterDatabase) return Status::FailedPrecondition("the master database cannot be dropped");
  auto it = databases_.find(ascii_lower(name));
  if (it == databases_.end()) {
    return Status::NotFound("database " + std::string(name) + " does not exist on server " + name_);
  }
  const std::filesystem::path file = it->second->storage().path();
  databases_.erase(it);  // closes the SQLite handle before its files go
  if (!file.empty()) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix, ec);
  }
  return Status::Ok();
}

std::vector<std::string> LogicalServer::database_names() const {
  std::vector<std::string> out;
  for (const auto& [key, db] : databases_) out.push_back(db->name());
  return out;
}

}  // namespace drdrill::sql
