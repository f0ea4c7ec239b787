#include "sim/drill_state.h"

namespace drdrill::sim {

std::optional<Finding> finding_of_failure(std::string_view message) {
  auto has = [&](std::string_view text) { return message.find(text) != std::string_view::npos; };
  // The data plane's cause first ("[metastore.read_only] ..."), then SQL Server's numbers.
  if (has("[metastore.read_only]") || has("Msg 3906")) return Finding::kMetastoreReadOnly;
  if (has("[metastore.login_failed]") || has("Msg 18456")) return Finding::kLoginFailed;
  if (has("[metastore.unavailable]") || has("Msg 40613") || has("[metastore.other]")) {
    return Finding::kMetastoreUnreachable;
  }
  // A write refused through a `-secondary` endpoint; the read-only primary of a planned storage
  // failover refuses writes the same way, by design, and is no such finding.
  if (has("[storage.write_refused]") && has("-secondary.")) return Finding::kWriteRefusedBySecondary;
  if (has("[delta.missing_data_file]")) return Finding::kDeltaLogMissingFiles;
  if (has("[delta.missing_transaction_log]")) return Finding::kTableFilesMissing;
  return std::nullopt;
}

}  // namespace drdrill::sim
