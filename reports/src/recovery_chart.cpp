#include "reports/recovery_chart.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <sstream>
#include <vector>

#include "format.h"

namespace drdrill::reports {
namespace {

// Geometry, in SVG user units (pixels at 100%).
constexpr double kWidth = 960;
constexpr double kLabelWidth = 190;  // the row names, right-aligned before the plot
constexpr double kRightMargin = 24;
constexpr double kPlotWidth = kWidth - kLabelWidth - kRightMargin;
constexpr double kAxisHeight = 36;  // tick labels and the outage marker's label above the rows
constexpr double kRowHeight = 24;
constexpr double kBarHeight = 14;
constexpr double kMinBarWidth = 1.5;  // a step that took no simulated time still shows
constexpr std::size_t kMaxLabelBytes = 30;
constexpr double kCharWidth = 6.2;  // an estimate for 11px sans-serif, to keep bar labels inside the drawing

// Ten, so that neighbouring RTO stages never share a colour (a drill rarely has more than ten).
constexpr std::array<const char*, 10> kStageColors = {"#4e79a7", "#f28e2b", "#76b7b2", "#59a14f", "#edc948",
                                                       "#b07aa1", "#9c755f", "#17becf", "#bcbd22", "#7f7f7f"};
constexpr const char* kFaultColor = "#e15759";
constexpr const char* kLossColor = "#ff9d9a";
constexpr const char* kStepOkColor = "#8cd17d";
constexpr const char* kStepFailedColor = "#d62728";
constexpr const char* kDownColor = "#bab0ac";

struct Bar {
  double start_s = 0;
  double end_s = 0;
  std::string fill;
  std::string title;  // the exact figures, shown on hover
  std::string label;  // a few words drawn beside the bar ("RTO 2h28m00s"), or none
};

struct Row {
  std::string label;
  std::vector<Bar> bars;
};

std::string offset_text(double seconds) { return "+" + seconds_text(seconds); }

// Cut at a UTF-8 character boundary so the label stays valid text; the full text is in the title.
std::string short_label(const std::string& label) {
  if (label.size() <= kMaxLabelBytes) return label;
  std::size_t cut = kMaxLabelBytes - 1;
  while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
  return label.substr(0, cut) + "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
}

std::vector<Row> rows_of(const sim::DrillResult& r, double end_s) {
  std::vector<Row> rows;
  if (!r.faults.empty()) {
    Row row{"faults", {}};
    for (const sim::FaultWindow& f : r.faults) {
      const double start = to_seconds(f.start);
      const double end = f.end ? to_seconds(*f.end) : end_s;
      row.bars.push_back({start, end, kFaultColor,
                          f.kind + " " + offset_text(start) + " to " + (f.end ? offset_text(end) : "the end") +
                              (f.description.empty() ? "" : ": " + f.description),
                          f.kind});
    }
    rows.push_back(std::move(row));
  }
  if (r.outage_start) {
    const double outage = to_seconds(*r.outage_start);
    for (const auto& [store, loss] : r.stores) {
      if (!loss.rpo_s || *loss.rpo_s <= 0) continue;
      // The RPO window: from the first lost write to the later of the outage's start and the last.
      const double first_lost = loss.first_lost ? to_seconds(*loss.first_lost) : outage - *loss.rpo_s;
      rows.push_back({"lost: " + std::string(sim::to_string(store)),
                      {{first_lost, first_lost + *loss.rpo_s, kLossColor,
                        std::string(sim::to_string(store)) + " RPO " + seconds_text(loss.rpo_s) +
                            ": the window of lost writes, from the first one acknowledged to the later of the "
                            "outage start and the last; " +
                            std::to_string(loss.lost_writes) + " of " + std::to_string(loss.writes) + " writes lost (" +
                            bytes_text(loss.lost_bytes) + ")",
                        "RPO " + seconds_text(loss.rpo_s)}}});
    }
    Row rto{"RTO", {}};
    if (r.rto_s) {
      double cursor = outage;
      std::size_t index = 0;
      for (const sim::RtoStage& stage : r.rto_stages) {
        rto.bars.push_back({cursor, cursor + stage.seconds, std::string(rto_stage_color(index++)),
                            stage.name + " " + seconds_text(stage.seconds) + " (" + offset_text(cursor) + " to " +
                                offset_text(cursor + stage.seconds) + ")",
                            ""});
        cursor += stage.seconds;
      }
      if (!rto.bars.empty()) rto.bars.back().label = "RTO " + seconds_text(r.rto_s);
    } else {
      const std::string why = rto_text(r);  // not recovered, or not measured (no probe watched)
      rto.bars.push_back({outage, end_s, kStepFailedColor, why + " by the end of the drill", why});
    }
    rows.push_back(std::move(rto));
  }
  for (const sim::StepRecord& step : r.steps) {
    const double start = to_seconds(step.start);
    const double end = to_seconds(step.end);
    rows.push_back({"step: " + step.name,
                    {{start, end, step.ok ? kStepOkColor : kStepFailedColor,
                      step.name + (step.ok ? " ok " : " FAILED ") + offset_text(start) + " to " + offset_text(end) +
                          (step.detail.empty() ? "" : ": " + step.detail),
                      step.ok ? "" : "FAILED"}}});
  }
  for (const sim::ProbeSummary& p : r.probes) {
    Row row{"probe: " + p.name, {}};
    if (p.first_failure_after_outage) {
      const double down = to_seconds(*p.first_failure_after_outage);
      const double up = p.recovered_at ? to_seconds(*p.recovered_at) : end_s;
      row.bars.push_back({down, up, kDownColor,
                          p.name + " failing from " + offset_text(down) + " to " +
                              (p.recovered_at ? offset_text(up) : "the end (never recovered)") +
                              (p.last_error.empty() ? "" : "; last error: " + p.last_error),
                          p.recovered_at ? "down " + seconds_text(up - down) : "never recovered"});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::string_view rto_stage_color(std::size_t index) { return kStageColors[index % kStageColors.size()]; }

std::string render_recovery_chart(const sim::DrillResult& r) {
  const double end_s = std::max(to_seconds(r.simulated), 1.0);
  const auto x = [&](double t_s) { return kLabelWidth + std::clamp(t_s, 0.0, end_s) / end_s * kPlotWidth; };
  const std::vector<Row> rows = rows_of(r, end_s);
  const double height = kAxisHeight + kRowHeight * static_cast<double>(rows.size()) + 8;

  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"recovery-chart\" width=\"" << svg_number(kWidth) << "\" height=\""
      << svg_number(height) << "\" viewBox=\"0 0 " << svg_number(kWidth) << " " << svg_number(height)
      << "\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\n";
  svg << "<title>" << markup_escape(r.scenario) << " (seed " << r.seed << "): the drill on its simulated time axis</title>\n";

  const std::int64_t step = round_duration_step_s(end_s, 12);
  for (std::int64_t t = 0; static_cast<double>(t) <= end_s; t += step) {
    const std::string tx = svg_number(x(static_cast<double>(t)));
    svg << "<line x1=\"" << tx << "\" y1=\"" << svg_number(kAxisHeight - 4) << "\" x2=\"" << tx << "\" y2=\"" << svg_number(height - 8)
        << "\" stroke=\"#e0e0e0\"/>\n";
    svg << "<text x=\"" << tx << "\" y=\"" << svg_number(kAxisHeight - 8) << "\" text-anchor=\"middle\" fill=\"#555\">"
        << axis_duration_text(t, true) << "</text>\n";
  }

  double y = kAxisHeight;
  for (const Row& row : rows) {
    svg << "<text x=\"" << svg_number(kLabelWidth - 8) << "\" y=\"" << svg_number(y + kBarHeight - 2)
        << "\" text-anchor=\"end\"><title>" << markup_escape(row.label) << "</title>" << markup_escape(short_label(row.label))
        << "</text>\n";
    for (const Bar& bar : row.bars) {
      const double left = x(bar.start_s);
      const double width = std::max(x(bar.end_s) - left, kMinBarWidth);
      svg << "<rect x=\"" << svg_number(left) << "\" y=\"" << svg_number(y + 2) << "\" width=\"" << svg_number(width) << "\" height=\""
          << svg_number(kBarHeight) << "\" fill=\"" << bar.fill << "\"><title>" << markup_escape(bar.title) << "</title></rect>\n";
      if (!bar.label.empty()) {
        // Beside the bar when it fits before the right edge, otherwise inside its right end.
        const double text_width = kCharWidth * static_cast<double>(bar.label.size());
        const bool beside = left + width + 4 + text_width <= kWidth;
        svg << "<text x=\"" << svg_number(beside ? left + width + 4 : left + width - 4) << "\" y=\"" << svg_number(y + kBarHeight - 1)
            << "\"" << (beside ? "" : " text-anchor=\"end\" fill=\"#fff\"") << ">" << markup_escape(bar.label) << "</text>\n";
      }
    }
    y += kRowHeight;
  }

  if (r.outage_start) {
    const std::string ox = svg_number(x(to_seconds(*r.outage_start)));
    svg << "<line x1=\"" << ox << "\" y1=\"" << svg_number(kAxisHeight - 4) << "\" x2=\"" << ox << "\" y2=\"" << svg_number(height - 8)
        << "\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>\n";
    svg << "<text x=\"" << ox << "\" y=\"10\" text-anchor=\"middle\" fill=\"#d62728\">outage "
        << offset_text(to_seconds(*r.outage_start)) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace drdrill::reports
