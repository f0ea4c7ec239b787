#pragma once
// A histogram of durations over many drills (a sweep's RTO, or one store's RPO, per seed) as an
// SVG drawing: bins of a round width, the count of drills in each, and marker lines (percentiles,
// a target) with their labels. Every bar carries a <title> with its range and count. A pure
// function of its inputs, so the same values give the same bytes.

#include <string>
#include <string_view>
#include <vector>

namespace drdrill::reports {

struct HistogramMarker {
  std::string label;  // "p95 3h19m30s", "target 15min"
  double value_s = 0;
};

// An <svg> element, to be placed inside an HTML page. `what` names the values ("RTO") in the
// drawing's title and in each bar's ("2h00m00s to 2h10m00s: 123 seeds").
std::string render_duration_histogram(std::string_view what, const std::vector<double>& values_s,
                                      const std::vector<HistogramMarker>& markers);

}  // namespace drdrill::reports
