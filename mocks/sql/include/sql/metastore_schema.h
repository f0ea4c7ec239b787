#pragma once
// The Hive metastore 2.3 schema, installed the way `schematool -initSchema -dbType mssql` does it:
// the DataNucleus-generated tables (DBS, TBLS, SDS, CDS, COLUMNS_V2, SERDES, PARTITIONS, ...),
// their keys and indexes, and the VERSION row "2.3.0". Written for SQLite from the column lists of
// hive-schema-2.3.0.mssql.sql (types mapped: bigint/int → INTEGER, nvarchar/text → TEXT,
// bit → INTEGER 0/1).
//
// Differences from the SQL Server script, and why:
// - SEQUENCE_TABLE (DataNucleus' id allocator) is created up front. Metastore 2.3 lets
//   DataNucleus create it on first use; creating it here means a geo-secondary seeded before the
//   first write has it too.
// - The Hive ACID/compaction tables without a primary key (TXN_COMPONENTS,
//   COMPLETED_TXN_COMPONENTS, NEXT_*_ID, WRITE_SET) are left out: SQLite's session extension, the
//   model's replication log, cannot capture keyless tables, and Databricks does not use Hive ACID.
//   The keyed ones (TXNS, HIVE_LOCKS, COMPACTION_QUEUE, COMPLETED_COMPACTIONS, AUX_TABLE) are in.

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sql/database.h"
#include "sql/sql_connection.h"
#include "sql/sql_error.h"

namespace drdrill::sql {

inline constexpr std::string_view kHiveSchemaVersion = "2.3.0";

// Runs the schema script in one transaction over `admin` (so it is logged, and replicated like
// any DDL). Fails with 3906 on a read-only secondary, and with an engine error if the tables
// already exist.
SqlStatus install_metastore_schema(SqlConnection& admin);

// The same schema, loaded into a new, empty in-memory `database` from an image of a database the
// script ran in: built once per process on first use (thread-safe; immutable afterwards), so each
// new database costs a copy rather than ~150 DDL statements, each of which makes SQLite re-read
// the whole schema so far. The pages are those the script leaves (the same size to seed a
// secondary with). Unlike the script, nothing is logged: refused while `database` is capturing,
// and for database files (which keep the script: they are installed once and kept).
Status install_metastore_schema_image(Database& database);

// SCHEMA_VERSION from the VERSION table, as `schematool -info` reports it.
SqlResult<std::string> metastore_schema_version(SqlConnection& connection);

// The metastore tables the schema defines, in creation order.
const std::vector<std::string>& metastore_table_names();

}  // namespace drdrill::sql
