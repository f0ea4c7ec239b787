#pragma once
// The reports of one drill, rendered from its DrillResult (sim/drill_result.h). Every writer is a
// pure function of the result, so the same seed gives the same bytes.
//
// - report.json: scenario, seed, verdict, rto_s, rto_stages (name -> seconds, in critical-path
//   order), rpo_s / writes / lost_writes / lost_bytes (store -> value), inconsistencies (kind ->
//   count), assertions [{name, target, measured, pass}], findings, violations, runbook steps,
//   probes, counters, events [{t, t_s, actor, what}] and the replay command. Times are ISO 8601
//   instants ("t") and seconds since the drill's start ("t_s", "start_s"...).
// - report.md: the same for people: verdict, RTO and its stages, RPO per store, assertions,
//   findings, inconsistencies, drift, the runbook's steps, probes and the timeline.
// - junit.xml: one testsuite; a testcase per assertion (failure when it failed) — or, for a
//   negative scenario, per expectation (the verdict and each expected finding), the assertions then
//   reported without failing.
// - report.html (only when asked for: --format ...,html): one self-contained page for people who
//   were not there (auditors, incident reviews): the outcome, a recovery chart (SVG: faults, the
//   lost-write window per store, RTO's stages, runbook steps, probe downtime), and the tables of
//   report.md that matter to them.
// - summary: a few lines for stdout, ending with the command that replays the run.

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sim/drill_result.h"

namespace drdrill::reports {

std::string render_json(const sim::DrillResult& result);
std::string render_markdown(const sim::DrillResult& result);
std::string render_junit(const sim::DrillResult& result);
std::string render_html(const sim::DrillResult& result);
std::string render_summary(const sim::DrillResult& result);

enum class Format { kJson, kMarkdown, kJunit, kHtml };

// "json,md,junit,html" -> the set; InvalidArgument naming an unknown format.
Result<std::set<Format>> parse_formats(std::string_view list);

// Writes the chosen reports into `dir` (created if missing): report.json, report.md, junit.xml,
// report.html.
// Returns the paths written.
Result<std::vector<std::filesystem::path>> write_reports(const sim::DrillResult& result, const std::filesystem::path& dir,
                                                         const std::set<Format>& formats);

}  // namespace drdrill::reports
