#include "lakehouse/delta_ledger.h"

#include <utility>

namespace drdrill::lakehouse {

void DeltaLedger::record(DeltaLedgerEntry entry) {
  entry.sequence = entries_.size() + 1;
  entries_.push_back(std::move(entry));
}

std::int64_t DeltaLedger::rows_acknowledged(const std::string& table, TimePoint at) const {
  std::int64_t rows = 0;
  for (const DeltaLedgerEntry& e : entries_) {
    if (e.table == table && e.write.acknowledged_at <= at) rows += e.write.rows;
  }
  return rows;
}

}  // namespace drdrill::lakehouse
