#include "reports/drill_outputs.h"

namespace drdrill::reports {

Result<std::string> write_drill_outputs(const sim::DrillResult& result, const DrillOutputs& outputs) {
  auto written = write_reports(result, outputs.out_dir, outputs.formats);
  if (!written.ok()) return written.status();
  std::string lines = "  reports:";
  for (const auto& path : *written) lines += " " + path.string();
  lines += "\n";
  if (outputs.history != nullptr) {
    auto id = outputs.history->append(history_entry(result, outputs.recording));
    if (!id.ok()) {
      return Status::Internal(outputs.history_file + ": the drill ran but was not recorded: " + id.status().message());
    }
    lines += "  history: " + outputs.history_file + " (drill #" + std::to_string(*id) + ")\n";
  }
  std::string summary = render_summary(result);
  // Just before the replay line, so that the summary still ends with it.
  summary.insert(summary.rfind("replay: "), lines);
  return summary;
}

}  // namespace drdrill::reports
