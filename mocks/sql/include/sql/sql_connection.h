#pragma once
// SqlConnection: a logged-in connection to one database on one logical server — what a JDBC
// Connection is to the metastore. Every call re-checks the world: the server must still be
// reachable, and the database must still be in the role and state it had at login. A failover,
// a role change or re-seeding breaks the connection (Azure SQL terminates connections when a
// database moves), and the client gets "Connection reset" and must reconnect — through DNS, which
// is where listener caching bites.
//
// Cheap to copy; holds names, not pointers, so it stays safe when the world changes under it.

#include <cstdint>
#include <functional>
#include <string>

#include "sql/database.h"
#include "sql/sql_error.h"

namespace drdrill::sql {

class SqlService;
class SqlConnection;

// The statements of one transaction on a connection (see SqlConnection::transact).
class SqlTransaction {
 public:
  SqlResult<QueryResult> execute(const SqlCommand& command);
  // The rows handed to `on_row` as they come (see Transaction::query).
  SqlResult<std::int64_t> query(const SqlCommand& command, const RowSink& on_row);

 private:
  friend class SqlConnection;
  SqlTransaction(SqlConnection& connection, Transaction& transaction)
      : connection_(connection), transaction_(transaction) {}
  SqlConnection& connection_;
  Transaction& transaction_;
};

class SqlConnection {
 public:
  const std::string& server() const { return server_; }
  const std::string& database() const { return database_; }
  const std::string& user() const { return user_; }
  // False once the connection has seen its database move or its server vanish.
  bool open() const { return !broken_; }

  SqlResult<QueryResult> execute(const SqlCommand& command);
  SqlStatus transact(const std::function<SqlStatus(SqlTransaction&)>& body,
                     TransactionMode mode = TransactionMode::kReadWrite);

 private:
  friend class SqlService;
  friend class SqlTransaction;
  SqlConnection(SqlService& service, std::string server, std::string database, std::string user,
                std::uint64_t generation)
      : service_(&service), server_(std::move(server)), database_(std::move(database)), user_(std::move(user)),
        generation_(generation) {}

  // The database if the connection is still good; marks it broken otherwise.
  SqlResult<Database*> usable();
  // Injected faults for one statement, by whether it writes.
  SqlStatus check_statement(Database& database, const SqlCommand& command);
  SqlStatus take_fault(bool writes);

  SqlService* service_;
  std::string server_;
  std::string database_;
  std::string user_;
  std::uint64_t generation_;
  bool broken_ = false;
};

}  // namespace drdrill::sql
