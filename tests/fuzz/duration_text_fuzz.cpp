// Fuzz target: durations and instants as scenario files write them (sim/duration_text.h).
//
// Contract: never crashes; an accepted duration lies in [0, 3650 days] and its shortest spelling
// (format_duration_text) parses back to the same value; an accepted instant's ISO 8601 form
// (format_iso8601) parses back to the same instant.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/time.h"
#include "fuzz_contract.h"
#include "sim/duration_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using drdrill::fuzz::require;
  const std::string_view text = drdrill::fuzz::as_text(data, size);
  const std::string input(text);

  if (const std::optional<drdrill::Duration> d = drdrill::sim::parse_duration_text(text)) {
    require(d->count() >= 0 && *d <= drdrill::sim::kMaxDurationText, "an accepted duration is within [0, 3650d]", input);
    const std::string spelled = drdrill::sim::format_duration_text(*d);
    const std::optional<drdrill::Duration> back = drdrill::sim::parse_duration_text(spelled);
    require(back.has_value() && *back == *d, "a formatted duration parses back to itself", input + " -> " + spelled);
  }

  if (const std::optional<drdrill::TimePoint> t = drdrill::sim::parse_timestamp_text(text)) {
    const std::string spelled = drdrill::format_iso8601(*t);
    const std::optional<drdrill::TimePoint> back = drdrill::sim::parse_timestamp_text(spelled);
    require(back.has_value() && *back == *t, "a formatted instant parses back to itself", input + " -> " + spelled);
  }
  return 0;
}
