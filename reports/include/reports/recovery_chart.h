#pragma once
// The recovery chart of report.html: one SVG drawing of a drill on its simulated time axis — the
// faults, the window of writes each store lost before the outage (its RPO), RTO split into its
// stages, each runbook step, and each probe's time down. Every mark carries a <title> with the
// exact figures, so the drawing never has to be read off by eye. A pure function of the result:
// the same seed gives the same bytes.

#include <cstddef>
#include <string>
#include <string_view>

#include "sim/drill_result.h"

namespace drdrill::reports {

// An <svg> element (no XML prolog), to be placed inside an HTML page.
std::string render_recovery_chart(const sim::DrillResult& result);

// The fill of RTO stage `index` (critical-path order) in the chart; report.html's stage table
// shows the same colour beside each stage.
std::string_view rto_stage_color(std::size_t index);

}  // namespace drdrill::reports
