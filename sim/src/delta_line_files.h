#pragma once
// delta_line_files(): the data files one line of a Delta log names, as the checker reads a log.
//
// The checker needs two strings of an action: the path of an "add" and of a "remove". It keeps
// its own reading of the log (it checks the lakehouse model, so it does not use that model's
// reader), and reads a line with nlohmann's SAX parser instead of building the line's JSON value:
// the same parser accepts and rejects the same lines, without materialising the statistics,
// partition values and commit information the check never looks at; and a line that cannot hold
// an "add" or "remove" key is not parsed at all. Internal to drdrill::sim.

#include <string>
#include <string_view>

namespace drdrill::sim {

struct DeltaLineFiles {
  std::string added;    // the "add" action's path; empty when there is none
  std::string removed;  // the "remove" action's path; empty when there is none
};

// The paths a line's top-level "add" and "remove" objects name ("path" as a string; a repeated key
// counts its last value, as a parsed JSON object keeps it). Both empty when the line is not one
// JSON object.
DeltaLineFiles delta_line_files(std::string_view line);

}  // namespace drdrill::sim
