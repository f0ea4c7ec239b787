// Fuzz target: Quartz cron expressions as job schedules carry them (databricks/quartz_cron.h).
//
// Contract: never crashes; a refused expression is InvalidArgument with a message; an accepted one
// keeps its text, and its next firing after a fixed instant, if any, is strictly later, on a whole
// second, before 2100, and its own next firing is later still.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "databricks/quartz_cron.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using drdrill::fuzz::require;
  const std::string_view text = drdrill::fuzz::as_text(data, size);
  const std::string input(text);
  const auto parsed = drdrill::databricks::QuartzCron::parse(text);
  if (!parsed.ok()) {
    require(parsed.status().code() == drdrill::StatusCode::kInvalidArgument, "a refused expression is InvalidArgument",
            input + ": " + parsed.status().message());
    require(!parsed.status().message().empty(), "a refused expression says why", input);
    return 0;
  }
  const drdrill::databricks::QuartzCron& cron = *parsed;
  require(cron.expression() == input, "an accepted expression keeps its text", input);

  // 2026-01-01T00:00:00.5Z: mid-second, so "strictly after, on a whole second" is tested.
  const drdrill::TimePoint from{std::chrono::seconds(1767225600) + std::chrono::milliseconds(500)};
  const drdrill::TimePoint year_2100{std::chrono::seconds(4102444800)};
  const std::optional<drdrill::TimePoint> next = cron.next_after(from);
  if (!next) return 0;
  require(*next > from && *next < year_2100, "the next firing is after the instant and before 2100",
          input + " -> " + drdrill::format_iso8601(*next));
  require(next->time_since_epoch() % std::chrono::seconds(1) == drdrill::Duration::zero(),
          "the next firing is on a whole second", input + " -> " + drdrill::format_iso8601(*next));
  const std::optional<drdrill::TimePoint> after = cron.next_after(*next);
  require(!after || *after > *next, "firings move forward", input + " -> " + drdrill::format_iso8601(*next));
  return 0;
}
