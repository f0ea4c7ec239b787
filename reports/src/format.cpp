#include "format.h"

#include <cstdio>

#include "sim/enum_names.h"

namespace drdrill::reports {

std::string seconds_text(std::optional<double> seconds) {
  if (!seconds) return "-";
  return format_duration(from_seconds(*seconds));
}

std::string bytes_text(std::uint64_t bytes) {
  char buf[32];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024 * 1024));
  }
  return buf;
}

std::string verdict_text(sim::Verdict verdict) { return std::string(sim::enum_name(verdict)); }

std::string rto_text(const sim::DrillResult& result) {
  if (result.rto_s) return seconds_text(result.rto_s);
  if (!result.outage_start) return "no outage";
  return result.rto_measured ? "not recovered" : "not measured";
}

std::string outcome_text(const sim::DrillResult& result) {
  if (!result.expect) return result.passed ? "PASS" : "FAIL";
  if (result.passed) return "PASS (negative scenario: the drill failed as expected and the checker named the fault)";
  return "FAIL (negative scenario: the checker did not flag what was expected)";
}

}  // namespace drdrill::reports
