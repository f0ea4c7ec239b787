#include "sim/diagnostic.h"

namespace drdrill::sim {

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += ": ";
  if (!pointer.empty()) out += pointer + ": ";
  out += message;
  return out;
}

}  // namespace drdrill::sim
