#pragma once
// A Delta data file's content: JSON lines rather than Parquet (the log's format.provider is
// "json"), one object per row keyed by column name, NULLs left out as Spark's JSON writer does:
//   {"id":1,"payload":"row-1"}
// Keys are in name order (the files were first written through nlohmann objects, whose keys sort,
// and their bytes are observable: sizes in the log, the ledger and replication).

#include <string>
#include <string_view>
#include <vector>

#include "lakehouse/data_error.h"
#include "lakehouse/data_type.h"
#include "lakehouse/delta_log.h"

namespace drdrill::lakehouse {

// The file for `rows` (each in schema order). Of two fields sharing a name, the later non-NULL
// value is written. Never fails: invalid UTF-8 in text becomes U+FFFD.
std::string encode_data_file(const std::vector<DeltaField>& schema, const std::vector<std::vector<Value>>& rows);

// The rows of a file, each in schema order: a column missing from a line, or holding a value of
// another kind than its type, reads as NULL. A line that is not a JSON object fails as
// FAILED_READ_FILE naming `file_url`.
DataResult<std::vector<std::vector<Value>>> decode_data_file(const std::vector<DeltaField>& schema,
                                                             std::string_view text, const std::string& file_url);

}  // namespace drdrill::lakehouse
