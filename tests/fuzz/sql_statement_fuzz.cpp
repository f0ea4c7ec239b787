// Fuzz target: SQL text as the SQL Statement API and spark_sql tasks hand it to the lakehouse
// parser (lakehouse/sql_parser.h), one statement and a script.
//
// Contract: never crashes; a refusal is a ParseError with an error class, a SQLSTATE, a message that
// starts with "[<class>]" and a position inside the text (line >= 1); every statement of an accepted
// script, parsed again on its own from the text the script reports for it, is accepted too.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_contract.h"
#include "lakehouse/sql_parser.h"

namespace {

void require_located_error(const drdrill::lakehouse::ParseError& e, std::string_view sql) {
  using drdrill::fuzz::require;
  require(!e.error_class.empty() && !e.sql_state.empty(), "a parse error has a class and a SQLSTATE", e.message);
  require(e.message.rfind("[" + e.error_class + "]", 0) == 0, "a parse error's message starts with its class", e.message);
  require(e.position.offset <= sql.size() && e.position.line >= 1 && e.position.column >= 0,
          "a parse error points into the text", e.message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using drdrill::fuzz::require;
  const std::string_view sql = drdrill::fuzz::as_text(data, size);

  const auto statement = drdrill::lakehouse::parse_statement(sql);
  if (!statement.ok()) require_located_error(statement.error(), sql);

  const auto script = drdrill::lakehouse::parse_script(sql);
  if (!script.ok()) {
    require_located_error(script.error(), sql);
    return 0;
  }
  for (const drdrill::lakehouse::ParsedStatement& parsed : *script) {
    require(parsed.position.offset <= sql.size(), "a script statement's position is inside the text", parsed.text);
    const auto alone = drdrill::lakehouse::parse_statement(parsed.text);
    require(alone.ok(), "a statement of an accepted script parses on its own",
            parsed.text + (alone.ok() ? std::string() : "\n" + alone.error().message));
  }
  return 0;
}
