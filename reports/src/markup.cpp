#include "reports/markup.h"

#include <array>
#include <cstdio>

namespace drdrill::reports {

std::string markup_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string svg_number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  return buf;
}

std::string axis_duration_text(std::int64_t seconds, bool plus) {
  const std::string sign = plus ? "+" : "";
  if (seconds == 0) return sign + "0";
  if (seconds % 3600 == 0) return sign + std::to_string(seconds / 3600) + "h";
  if (seconds % 60 == 0 && seconds > 3600) {
    const std::int64_t minutes = seconds % 3600 / 60;
    return sign + std::to_string(seconds / 3600) + "h" + (minutes < 10 ? "0" : "") + std::to_string(minutes) + "m";
  }
  if (seconds % 60 == 0) return sign + std::to_string(seconds / 60) + "min";
  return sign + std::to_string(seconds) + "s";
}

std::int64_t round_duration_step_s(double span_s, int max_steps) {
  constexpr std::array<std::int64_t, 20> kSteps = {1,    2,    5,    10,   15,    30,    60,    120,   300,    600,
                                                   900,  1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800};
  for (const std::int64_t step : kSteps) {
    if (span_s / static_cast<double>(step) <= max_steps) return step;
  }
  return static_cast<std::int64_t>(span_s / max_steps) + 1;
}

}  // namespace drdrill::reports
