#pragma once
// Shared formatting of the report writers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "reports/markup.h"
#include "sim/assertions.h"
#include "sim/drill_result.h"

namespace drdrill::reports {

// "3h12m05s" for a number of seconds, "-" when absent.
std::string seconds_text(std::optional<double> seconds);
// "12.5 KiB", "3 B".
std::string bytes_text(std::uint64_t bytes);
// "pass" / "fail".
std::string verdict_text(sim::Verdict verdict);
// RTO as the reports show it: "42m00s", or why there is none: "no outage", "not measured" (no
// probe watched the outage), "not recovered".
std::string rto_text(const sim::DrillResult& result);
// The run's outcome in a few words: "PASS", "FAIL", "PASS (negative scenario: the checker caught it)".
std::string outcome_text(const sim::DrillResult& result);

}  // namespace drdrill::reports
