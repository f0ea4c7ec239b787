#pragma once
// SqlError: an error as a SQL Server client sees it — error number, severity level, state and
// message text (the "Msg 3906, Level 16, State 2" triple), or a client-side driver error (number
// 0) when no server answered: an unknown host, a refused or timed-out connection.
//
// Numbers and texts follow SQL Server's sys.messages and the Azure SQL connectivity docs; see
// shared/reference/api-facts.md §5.4 and dr-parameters.md §2b. Where the docs are silent (the exact
// state of 3906 on an Azure geo-secondary) the choice is noted at the factory.

#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "sql/outcome.h"

namespace drdrill::sql {

// SQL Server error numbers the model raises. Plain constants, because drills and reports compare
// them with numbers seen in real logs.
namespace sql_errno {
inline constexpr int kClientDriver = 0;           // raised by the driver, no server message
inline constexpr int kSyntax = 102;               // Incorrect syntax near ...
inline constexpr int kInvalidObject = 208;        // Invalid object name ...
inline constexpr int kForeignKey = 547;           // statement conflicted with a FOREIGN KEY/CHECK
inline constexpr int kUniqueKey = 2627;           // Violation of PRIMARY KEY/UNIQUE KEY constraint
inline constexpr int kReadOnlyDatabase = 3906;    // Failed to update database ... read-only
inline constexpr int kCannotOpenDatabase = 4060;  // Cannot open database ... requested by the login
inline constexpr int kLoginFailed = 18456;        // Login failed for user ...
inline constexpr int kServiceError = 40197;       // The service has encountered an error ...
inline constexpr int kServiceBusy = 40501;        // The service is currently busy ...
inline constexpr int kDatabaseUnavailable = 40613;  // Database ... is not currently available
inline constexpr int kWarmingUp = 42109;          // The SQL pool is warming up
inline constexpr int kEngineOther = 50000;        // engine failure with no closer SQL Server number
}  // namespace sql_errno

struct SqlError {
  int number = sql_errno::kClientDriver;
  int severity = 0;  // SQL Server "Level"
  int state = 0;
  std::string message;
  // The logical server that raised it; empty for driver-side errors.
  std::string server;
  // Simulated time the client spent before it got this error: a connect that times out costs the
  // JDBC loginTimeout; everything else fails at once. Drills add it to the caller's timeline.
  Duration client_wait{0};
  // A driver-side error because no usable connection exists (unknown host, refused, timed out,
  // reset); a pool retries these. False for server errors and for API misuse.
  bool connection_failure = false;

  // Retrying after a delay can succeed (Azure SQL's documented transient list, dr-parameters Q8
  // and 2b.7, plus driver-side connection failures, which a pooled JDBC client retries too).
  bool is_transient() const;
  // "Msg 3906, Level 16, State 2, Server srv-b: Failed to update database "hms" because the
  // database is read-only." / "Driver error: The TCP/IP connection to the host ... has failed."
  std::string to_string() const;
  // For layers that speak Status: transient → Unavailable, login → FailedPrecondition, ...
  // The message keeps the full to_string() so the number is never lost.
  Status to_status() const;

  friend bool operator==(const SqlError&, const SqlError&) = default;

  // --- server errors ---
  static SqlError login_failed(std::string_view user, std::string_view server);
  // State 2 as seen on availability-group secondaries (api-facts §5.4: state on an Azure
  // geo-secondary not confirmed; 1 is what a READ_ONLY database shows).
  static SqlError read_only_database(std::string_view database, std::string_view server);
  static SqlError cannot_open_database(std::string_view database, std::string_view server);
  static SqlError database_unavailable(std::string_view database, std::string_view server);
  static SqlError service_error(int inner_code, std::string_view server);
  static SqlError service_busy(std::string_view server);
  static SqlError warming_up(std::string_view server);
  // The nearest SQL Server error for an engine failure inside a statement (a constraint, a syntax
  // error, a missing table), keeping SQLite's text for the human reading it.
  static SqlError from_engine(const Status& engine_status, std::string_view server);

  // --- driver-side errors (mssql-jdbc wording) ---
  static SqlError unknown_host(std::string_view host, int port);
  static SqlError connect_timed_out(std::string_view host, int port, Duration login_timeout);
  static SqlError connection_refused(std::string_view host, int port);
  // An open connection whose server went away.
  static SqlError connection_reset();
  // The caller used the API wrongly (e.g. BEGIN TRANSACTION text instead of transact()).
  static SqlError client_misuse(std::string message);
};

template <typename T>
using SqlResult = Outcome<T, SqlError>;
using SqlStatus = Outcome<void, SqlError>;

}  // namespace drdrill::sql
