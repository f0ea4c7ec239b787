#pragma once
// Writing XML, HTML and SVG text by hand: escaping, coordinates and axis labels that come out the
// same on every machine (the reports are compared byte for byte).

#include <cstdint>
#include <string>
#include <string_view>

namespace drdrill::reports {

// Text safe inside XML, XHTML and SVG elements and attributes: & < > " ' escaped, and the control
// characters XML 1.0 refuses replaced by a space.
std::string markup_escape(std::string_view text);

// An SVG coordinate or length with one decimal ("254.2").
std::string svg_number(double value);

// A short label for a whole number of seconds on a time axis: "+2h", "+1h30m", "+15min", "+45s"
// with `plus`, "2h", "1h30m", "15min", "45s" without; "0" for zero (hover titles carry exact times).
std::string axis_duration_text(std::int64_t seconds, bool plus);

// The smallest round duration (1 s, 2 s, 5 s, ... 1 h, 2 h, 3 h, 6 h, 12 h, 1 day, 2 days, 1 week)
// that divides `span_s` into at most `max_steps` steps: axis ticks, histogram bins.
std::int64_t round_duration_step_s(double span_s, int max_steps);

}  // namespace drdrill::reports
