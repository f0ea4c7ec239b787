#include "reports/results_history.h"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "format.h"
#include "reports/reports.h"
#include "sim/enum_names.h"
#include "sql/sqlite_statement.h"
#include "sql/sqlite_transaction.h"

namespace drdrill::reports {
namespace {

// "drdr": marks the file as a drdrill history (PRAGMA application_id), so drdrill never writes its
// rows into another application's SQLite database that happens to sit at the path given.
constexpr std::int64_t kApplicationId = 0x64726472;
// The history's format; a newer drdrill that changes the table raises it and migrates older files.
constexpr std::int64_t kFormatVersion = 1;

constexpr const char* kForeign =
    "not a drdrill results history: a SQLite database of another application (left as it is); give a new file name";

constexpr const char* kSchema = R"(
CREATE TABLE drill_runs (
  id INTEGER PRIMARY KEY,
  recorded_at TEXT NOT NULL,
  label TEXT NOT NULL,
  scenario TEXT NOT NULL,
  scenario_file TEXT NOT NULL,
  scenario_sha256 TEXT NOT NULL,
  seed INTEGER NOT NULL,
  drdrill_version TEXT NOT NULL,
  verdict TEXT NOT NULL,
  passed INTEGER NOT NULL,
  rto_s REAL,
  rto_text TEXT NOT NULL,
  rpo_storage_s REAL,
  rpo_metastore_s REAL,
  rpo_delta_s REAL,
  lost_writes INTEGER NOT NULL,
  inconsistencies INTEGER NOT NULL,
  findings TEXT NOT NULL,
  report_json TEXT NOT NULL
);
CREATE INDEX drill_runs_by_scenario ON drill_runs (scenario, id);
)";

// In the order read_row reads them.
constexpr const char* kColumns =
    "id, recorded_at, label, scenario, scenario_file, scenario_sha256, seed, drdrill_version, verdict, passed, "
    "rto_s, rto_text, rpo_storage_s, rpo_metastore_s, rpo_delta_s, lost_writes, inconsistencies, findings, report_json";

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr);
  std::string hex;
  char pair[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(pair, sizeof pair, "%02x", digest[i]);
    hex += pair;
  }
  return hex;
}

std::optional<double> rpo_of(const sim::DrillResult& r, sim::Store store) {
  const auto it = r.stores.find(store);
  return it == r.stores.end() ? std::nullopt : it->second.rpo_s;
}

std::optional<double> optional_column(const sql::SqliteStatement& statement, int column) {
  if (statement.column_is_null(column)) return std::nullopt;
  return statement.column_double(column);
}

HistoryEntry read_row(const sql::SqliteStatement& s) {
  HistoryEntry e;
  e.id = s.column_int64(0);
  e.recorded_at = s.column_text(1);
  e.label = s.column_text(2);
  e.scenario = s.column_text(3);
  e.scenario_file = s.column_text(4);
  e.scenario_sha256 = s.column_text(5);
  e.seed = static_cast<std::uint64_t>(s.column_int64(6));
  e.drdrill_version = s.column_text(7);
  e.verdict = s.column_text(8);
  e.passed = s.column_int64(9) != 0;
  e.rto_s = optional_column(s, 10);
  e.rto_text = s.column_text(11);
  e.rpo_storage_s = optional_column(s, 12);
  e.rpo_metastore_s = optional_column(s, 13);
  e.rpo_delta_s = optional_column(s, 14);
  e.lost_writes = s.column_int64(15);
  e.inconsistencies = s.column_int64(16);
  e.findings = s.column_text(17);
  e.report_json = s.column_text(18);
  return e;
}

// Reads an existing file's SQLite header (https://www.sqlite.org/fileformat.html, "The Database
// Header") before opening it, because opening as a history switches the file to WAL: a file that
// is not SQLite, or plainly another application's database, is refused untouched. (A history
// whose first transaction is still in its -wal file has application_id 0 in the main file; SQLite
// itself decides those, after opening.)
Status check_header(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec) || std::filesystem::file_size(file, ec) == 0) return Status::Ok();
  std::ifstream in(file, std::ios::binary);
  std::array<unsigned char, 100> header{};
  in.read(reinterpret_cast<char*>(header.data()), header.size());
  static constexpr std::string_view kMagic{"SQLite format 3\0", 16};
  if (in.gcount() < static_cast<std::streamsize>(header.size()) ||
      std::string_view(reinterpret_cast<const char*>(header.data()), kMagic.size()) != kMagic) {
    return Status::InvalidArgument(file.string() + ": not a drdrill results history: not a SQLite database; give a new file name");
  }
  const auto big_endian = [&](std::size_t at) {
    return (std::int64_t{header[at]} << 24) | (std::int64_t{header[at + 1]} << 16) | (std::int64_t{header[at + 2]} << 8) |
           std::int64_t{header[at + 3]};
  };
  const std::int64_t application_id = big_endian(68);
  const std::int64_t schema_cookie = big_endian(40);
  const bool pending_wal = std::filesystem::exists(file.string() + "-wal", ec);
  if ((application_id != 0 && application_id != kApplicationId) || (application_id == 0 && schema_cookie != 0 && !pending_wal)) {
    return Status::InvalidArgument(file.string() + ": " + kForeign);
  }
  return Status::Ok();
}

Result<std::int64_t> pragma_value(sql::SqliteConnection& connection, const char* pragma) {
  auto statement = connection.prepare(std::string("PRAGMA ") + pragma);
  if (!statement.ok()) return statement.status();
  auto has_row = statement->step();
  if (!has_row.ok()) return has_row.status();
  return *has_row ? statement->column_int64(0) : 0;
}

// An empty database becomes a history; any other must already be one, of a format this drdrill reads.
Status check_or_create(sql::SqliteConnection& connection) {
  auto schema_version = connection.schema_version();
  if (!schema_version.ok()) return schema_version.status();
  if (*schema_version == 0) {
    auto transaction = sql::SqliteTransaction::begin(connection);
    if (!transaction.ok()) return transaction.status();
    DRDRILL_RETURN_IF_ERROR(connection.exec_script(kSchema));
    DRDRILL_RETURN_IF_ERROR(connection.exec_script("PRAGMA application_id = " + std::to_string(kApplicationId) +
                                                   "; PRAGMA user_version = " + std::to_string(kFormatVersion) + ";"));
    return transaction->commit();
  }
  auto application_id = pragma_value(connection, "application_id");
  if (!application_id.ok()) return application_id.status();
  if (*application_id != kApplicationId) return Status::InvalidArgument(kForeign);
  auto version = pragma_value(connection, "user_version");
  if (!version.ok()) return version.status();
  if (*version > kFormatVersion) {
    return Status::InvalidArgument("written by a newer drdrill (history format " + std::to_string(*version) +
                                   "; this drdrill reads format " + std::to_string(kFormatVersion) + ")");
  }
  return Status::Ok();
}

std::string optional_seconds(const std::optional<double>& seconds, const char* absent) {
  return seconds ? seconds_text(seconds) : std::string(absent);
}

}  // namespace

HistoryEntry history_entry(const sim::DrillResult& r, const RecordingContext& context) {
  HistoryEntry e;
  e.recorded_at = context.recorded_at;
  e.label = context.label;
  e.scenario = r.scenario;
  e.scenario_file = r.scenario_file;
  e.scenario_sha256 = sha256_hex(context.scenario_text);
  e.seed = r.seed;
  e.drdrill_version = context.drdrill_version;
  e.verdict = verdict_text(r.verdict);
  e.passed = r.passed;
  e.rto_s = r.rto_s;
  e.rto_text = rto_text(r);
  e.rpo_storage_s = rpo_of(r, sim::Store::kStorage);
  e.rpo_metastore_s = rpo_of(r, sim::Store::kMetastore);
  e.rpo_delta_s = rpo_of(r, sim::Store::kDelta);
  for (const auto& [store, loss] : r.stores) e.lost_writes += loss.lost_writes;
  for (const auto& [kind, n] : r.inconsistencies) e.inconsistencies += n;
  for (const sim::Finding f : r.findings) e.findings += (e.findings.empty() ? "" : " ") + std::string(sim::enum_name(f));
  e.report_json = render_json(r);
  return e;
}

Result<ResultsHistory> ResultsHistory::open(const std::filesystem::path& file) {
  DRDRILL_RETURN_IF_ERROR(check_header(file));
  auto connection = sql::SqliteConnection::open_file(file);
  if (!connection.ok()) {
    return Status::InvalidArgument(file.string() + ": cannot open as a drdrill results history: " +
                                   connection.status().message());
  }
  const Status checked = check_or_create(*connection);
  if (!checked.ok()) return Status::InvalidArgument(file.string() + ": " + checked.message());
  return ResultsHistory(std::move(*connection));
}

Result<std::int64_t> ResultsHistory::append(const HistoryEntry& e) {
  auto insert = connection_.prepare(
      "INSERT INTO drill_runs (recorded_at, label, scenario, scenario_file, scenario_sha256, seed, drdrill_version, "
      "verdict, passed, rto_s, rto_text, rpo_storage_s, rpo_metastore_s, rpo_delta_s, lost_writes, inconsistencies, "
      "findings, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  const auto optional = [](const std::optional<double>& v) { return v ? sql::SqlValue(*v) : sql::SqlValue(nullptr); };
  DRDRILL_RETURN_IF_ERROR(insert->bind_all(
      {e.recorded_at, e.label, e.scenario, e.scenario_file, e.scenario_sha256, static_cast<std::int64_t>(e.seed),
       e.drdrill_version, e.verdict, std::int64_t{e.passed ? 1 : 0}, optional(e.rto_s), e.rto_text,
       optional(e.rpo_storage_s), optional(e.rpo_metastore_s), optional(e.rpo_delta_s), e.lost_writes,
       e.inconsistencies, e.findings, e.report_json}));
  DRDRILL_RETURN_IF_ERROR(insert->run());
  return connection_.last_insert_rowid();
}

Result<std::vector<HistoryEntry>> ResultsHistory::entries(std::string_view scenario, std::optional<std::size_t> last) {
  // The newest `last` rows (all when absent: -1 is SQLite's "no limit"), put back oldest first.
  auto select_or = connection_.prepare(std::string("SELECT * FROM (SELECT ") + kColumns +
                                       " FROM drill_runs WHERE ?1 = '' OR scenario = ?1 ORDER BY id DESC LIMIT ?2)"
                                       " ORDER BY id");
  if (!select_or.ok()) return select_or.status();
  sql::SqliteStatement select = std::move(*select_or);
  // As a string: an empty string_view may have no data, which SQLite would bind as NULL.
  DRDRILL_RETURN_IF_ERROR(select.bind(1, std::string(scenario)));
  DRDRILL_RETURN_IF_ERROR(select.bind(2, last ? static_cast<std::int64_t>(*last) : std::int64_t{-1}));
  std::vector<HistoryEntry> out;
  while (true) {
    auto has_row_or = select.step();
    if (!has_row_or.ok()) return has_row_or.status();
    const bool has_row = *has_row_or;
    if (!has_row) break;
    out.push_back(read_row(select));
  }
  return out;
}

Result<HistoryEntry> ResultsHistory::entry(std::int64_t id) {
  auto select_or = connection_.prepare(std::string("SELECT ") + kColumns + " FROM drill_runs WHERE id = ?1");
  if (!select_or.ok()) return select_or.status();
  sql::SqliteStatement select = std::move(*select_or);
  DRDRILL_RETURN_IF_ERROR(select.bind(1, id));
  auto has_row_or = select.step();
  if (!has_row_or.ok()) return has_row_or.status();
  const bool has_row = *has_row_or;
  if (!has_row) return Status::NotFound("no drill #" + std::to_string(id) + " in this history");
  return read_row(select);
}

std::string render_history_table(const std::vector<HistoryEntry>& entries) {
  if (entries.empty()) return "no drills recorded\n";
  std::vector<std::vector<std::string>> rows{{"#", "recorded at", "scenario", "seed", "result", "RTO", "RPO storage",
                                              "RPO metastore", "RPO delta", "lost", "label"}};
  for (const HistoryEntry& e : entries) {
    rows.push_back(
        {std::to_string(e.id), e.recorded_at, e.scenario, std::to_string(e.seed), e.passed ? "PASS" : "FAIL",
         e.rto_text,
         optional_seconds(e.rpo_storage_s, "-"), optional_seconds(e.rpo_metastore_s, "-"),
         optional_seconds(e.rpo_delta_s, "-"), std::to_string(e.lost_writes), e.label});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::ostringstream out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  return out.str();
}

std::string render_history_json(const std::vector<HistoryEntry>& entries) {
  auto optional = [](const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
  };
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const HistoryEntry& e : entries) {
    out.push_back({{"id", e.id},
                   {"recorded_at", e.recorded_at},
                   {"label", e.label},
                   {"scenario", e.scenario},
                   {"scenario_file", e.scenario_file},
                   {"scenario_sha256", e.scenario_sha256},
                   {"seed", e.seed},
                   {"drdrill_version", e.drdrill_version},
                   {"verdict", e.verdict},
                   {"passed", e.passed},
                   {"rto_s", optional(e.rto_s)},
                   {"rto", e.rto_text},
                   {"rpo_s",
                    {{"storage", optional(e.rpo_storage_s)},
                     {"metastore", optional(e.rpo_metastore_s)},
                     {"delta", optional(e.rpo_delta_s)}}},
                   {"lost_writes", e.lost_writes},
                   {"inconsistencies", e.inconsistencies},
                   {"findings", e.findings}});
  }
  return out.dump(2) + "\n";
}

}  // namespace drdrill::reports
