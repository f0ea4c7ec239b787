#pragma once
// BlobStateFile: the primary copy of every storage account of a world kept in one SQLite file (WAL
// mode, synchronous=NORMAL), so that `drdrill serve --state-dir` finds the containers and blobs
// again after it was killed and restarted.
//
// Each change to an account's primary copy (storage::Account::observe_primary_copy) is written to
// the file as it is made, one SQLite transaction per acknowledged write, before the client gets
// its answer; an unplanned failover that replaces the whole copy rewrites the account's rows. A
// commit is durable once SQLite's WAL holds it: a killed process loses nothing it acknowledged.
//
// What is kept per blob: its bytes and stored MD5, content headers, metadata, committed block
// list, ETag, creation and last-modified times; per container: its properties and metadata.
// What is not: uncommitted (staged) blocks, the replication queue, failover state and roles.
// restore() puts the kept writes on both copies of the account (the secondary as if replication
// had caught up while the server was down).
//
// Not thread-safe; one per world, on the world's thread. It must outlive any write to the accounts
// it observes (the World owns both).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"
#include "core/status.h"
#include "sql/sqlite_connection.h"
#include "storage/account.h"
#include "storage/mutation.h"

namespace drdrill::sim {

class BlobStateFile {
 public:
  // Opens (or creates) the file and its tables. Unavailable if SQLite cannot.
  static Result<std::unique_ptr<BlobStateFile>> open(const std::filesystem::path& file);

  const std::filesystem::path& path() const { return sqlite_.path(); }

  // Puts what the file keeps for `account` on its copies; returns how many containers and blobs
  // were restored.
  Result<std::uint64_t> restore(storage::Account& account);
  // From now on, every change to the account's primary copy is written to the file.
  void attach(storage::Account& account);

  // The first error writing to the file (OK if none): the served drill stops on it, since a state
  // directory that silently stopped recording would be worse than none.
  const Status& status() const { return status_; }

 private:
  explicit BlobStateFile(sql::SqliteConnection sqlite) : sqlite_(std::move(sqlite)) {}
  Status write(const std::string& account, const storage::Mutation& mutation);
  Status rewrite(const storage::Account& account);
  Status put_container(const std::string& account, const std::string& container,
                       const storage::ContainerProperties& properties);
  Status put_blob(const std::string& account, const std::string& container, const std::string& blob,
                  const storage::Blob& value);
  Status run(const std::string& sql, const std::string& account, const std::string& container,
             const std::string* blob = nullptr);
  void record(Status status);

  sql::SqliteConnection sqlite_;
  Status status_;
};

}  // namespace drdrill::sim
