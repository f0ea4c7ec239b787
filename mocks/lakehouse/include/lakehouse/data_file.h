#pragma once
// A Delta data file's content: JSON lines rather than Parquet (the log's format.provider is
// "json"), one object per row keyed by column name, NULLs left out as Spark's JSON writer does:
//   {"id":1,"payload":"row-1"}
// Keys are in name order (the files were first written through nlohmann objects, whose keys sort,
// and their bytes are observable: sizes in the log, the ledger and replication).

#include <cstddef>
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

// Writes rows with no NULLs (generated rows) straight into a file's text, each value appended by
// the caller: no Value per cell. The bytes are encode_data_file's for the same values.
class DataFileRowWriter {
 public:
  explicit DataFileRowWriter(const std::vector<DeltaField>& schema);

  // One line: `append_value(field, out)` appends field `field`'s value (append_json_*), called for
  // the fields in the file's key order (of two fields sharing a name, only the later).
  template <typename AppendValue>
  void add_row(std::string& out, AppendValue&& append_value) const {
    out += '{';
    bool first = true;
    for (const Key& key : keys_) {
      if (!first) out += ',';
      first = false;
      out += key.spelled;
      append_value(key.field, out);
    }
    out += std::string_view("}\n");
  }

 private:
  struct Key {
    std::size_t field;
    std::string spelled;  // "name":
  };
  std::vector<Key> keys_;
};

// The rows of a file, each in schema order: a column missing from a line, or holding a value of
// another kind than its type, reads as NULL. A line that is not a JSON object fails as
// FAILED_READ_FILE naming `file_url`.
DataResult<std::vector<std::vector<Value>>> decode_data_file(const std::vector<DeltaField>& schema,
                                                             std::string_view text, const std::string& file_url);

}  // namespace drdrill::lakehouse
