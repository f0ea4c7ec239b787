#pragma once
// Diagnostic: one problem found in a scenario file, located like a compiler error:
//   scenarios/x.json:14:9: /faults/2/duration: expected a duration like "90s" or "15min", got -5

#include <string>

namespace drdrill::sim {

struct Diagnostic {
  std::string file;     // as the user named it
  int line = 0;         // 1-based; 0 when the problem has no position (an unreadable file)
  int column = 0;       // 1-based, in characters
  std::string pointer;  // JSON Pointer (RFC 6901) of the value concerned; "" for the whole file
  std::string message;  // what is wrong and what was expected

  // "file:line:col: pointer: message", leaving out what is unknown.
  std::string to_string() const;

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

}  // namespace drdrill::sim
