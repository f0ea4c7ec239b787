#include "reports/histogram_chart.h"

#include <algorithm>
#include <cstdint>
#include <sstream>

#include "format.h"
#include "reports/markup.h"

namespace drdrill::reports {
namespace {

constexpr double kWidth = 960;
constexpr double kHeight = 240;
constexpr double kLeft = 56;    // the count axis
constexpr double kRight = 16;
constexpr double kTop = 44;     // three staggered marker labels
constexpr double kBottom = 24;  // the duration axis
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPlotHeight = kHeight - kTop - kBottom;
constexpr int kMaxBins = 40;
constexpr const char* kBarColor = "#4e79a7";
constexpr const char* kMarkerColor = "#d62728";

std::string drills_text(std::int64_t n) { return std::to_string(n) + (n == 1 ? " seed" : " seeds"); }

}  // namespace

std::string render_duration_histogram(std::string_view what, const std::vector<double>& values_s,
                                      const std::vector<HistogramMarker>& markers) {
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"histogram\" width=\"" << svg_number(kWidth) << "\" height=\""
      << svg_number(kHeight) << "\" viewBox=\"0 0 " << svg_number(kWidth) << " " << svg_number(kHeight)
      << "\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\n";
  svg << "<title>" << markup_escape(what) << ": " << drills_text(static_cast<std::int64_t>(values_s.size()))
      << " by duration</title>\n";
  if (values_s.empty()) {
    svg << "<text x=\"" << svg_number(kLeft) << "\" y=\"" << svg_number(kTop + 14) << "\">no values</text>\n</svg>\n";
    return svg.str();
  }
  // Bins [i*w, (i+1)*w) of a round width w; the largest value falls in the last one.
  const double max_value = std::max(*std::max_element(values_s.begin(), values_s.end()), 0.0);
  const std::int64_t width_s = round_duration_step_s(std::max(max_value, 1.0), kMaxBins - 1);
  const auto bins = static_cast<std::size_t>(max_value / static_cast<double>(width_s)) + 1;
  std::vector<std::int64_t> counts(bins, 0);
  for (const double v : values_s) {
    ++counts[std::min(bins - 1, static_cast<std::size_t>(std::max(v, 0.0) / static_cast<double>(width_s)))];
  }
  const std::int64_t most = *std::max_element(counts.begin(), counts.end());
  const double span_s = static_cast<double>(bins) * static_cast<double>(width_s);
  const auto x = [&](double t_s) { return kLeft + t_s / span_s * kPlotWidth; };
  const double bottom = kTop + kPlotHeight;

  // Axes: the count scale on the left, duration ticks below (at most 12 labels).
  svg << "<line x1=\"" << svg_number(kLeft) << "\" y1=\"" << svg_number(bottom) << "\" x2=\"" << svg_number(kLeft + kPlotWidth)
      << "\" y2=\"" << svg_number(bottom) << "\" stroke=\"#999\"/>\n";
  svg << "<text x=\"" << svg_number(kLeft - 6) << "\" y=\"" << svg_number(kTop + 4) << "\" text-anchor=\"end\" fill=\"#555\">"
      << most << "</text>\n";
  svg << "<text x=\"" << svg_number(kLeft - 6) << "\" y=\"" << svg_number(bottom) << "\" text-anchor=\"end\" fill=\"#555\">0</text>\n";
  const std::int64_t tick_s = std::max(round_duration_step_s(span_s, 12), width_s);
  for (std::int64_t t = 0; static_cast<double>(t) <= span_s; t += tick_s) {
    svg << "<text x=\"" << svg_number(x(static_cast<double>(t))) << "\" y=\"" << svg_number(bottom + 16)
        << "\" text-anchor=\"middle\" fill=\"#555\">" << axis_duration_text(t, false) << "</text>\n";
  }

  for (std::size_t i = 0; i < bins; ++i) {
    if (counts[i] == 0) continue;
    const double from_s = static_cast<double>(i) * static_cast<double>(width_s);
    const double height = static_cast<double>(counts[i]) / static_cast<double>(most) * kPlotHeight;
    svg << "<rect x=\"" << svg_number(x(from_s)) << "\" y=\"" << svg_number(bottom - height) << "\" width=\""
        << svg_number(std::max(x(from_s + static_cast<double>(width_s)) - x(from_s) - 1, 1.0)) << "\" height=\""
        << svg_number(height) << "\" fill=\"" << kBarColor << "\"><title>" << seconds_text(from_s) << " to "
        << seconds_text(from_s + static_cast<double>(width_s)) << ": " << drills_text(counts[i]) << "</title></rect>\n";
  }

  std::size_t index = 0;
  for (const HistogramMarker& m : markers) {
    const std::string mx = svg_number(x(std::clamp(m.value_s, 0.0, span_s)));
    const double label_y = 12 + 13 * static_cast<double>(index++ % 3);  // staggered: close markers stay readable
    svg << "<line x1=\"" << mx << "\" y1=\"" << svg_number(label_y + 3) << "\" x2=\"" << mx << "\" y2=\"" << svg_number(bottom)
        << "\" stroke=\"" << kMarkerColor << "\" stroke-dasharray=\"4 3\"/>\n";
    // Centred on its line, or ending at it near the right edge so that it stays inside the drawing.
    const bool near_right = x(m.value_s) > kWidth - 70;
    svg << "<text x=\"" << mx << "\" y=\"" << svg_number(label_y) << "\" text-anchor=\"" << (near_right ? "end" : "middle")
        << "\" fill=\"" << kMarkerColor << "\">" << markup_escape(m.label) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace drdrill::reports
