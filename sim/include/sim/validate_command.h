#pragma once
// `drdrill validate FILE...`: loads each scenario file and prints its diagnostics like a compiler
// (file:line:col: /json/pointer: message) to `err`, and "FILE: ok" to `out` for a valid one. A JSON
// Schema document (the published scenario schema, which `validate scenarios/*.json` picks up) is
// skipped with a note rather than reported as a broken scenario.

#include <ostream>
#include <string>
#include <vector>

namespace drdrill::sim {

// Exit code: 0 when every file is a valid scenario, 2 when any is not (or cannot be read), the
// codes cli/exit_codes.h names kExitOk and kExitInvalidInput.
int run_validate_command(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

}  // namespace drdrill::sim
