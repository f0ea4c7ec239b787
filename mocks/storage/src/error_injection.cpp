#include "storage/error_injection.h"

namespace drdrill::storage {

std::optional<BlobError> ErrorInjector::draw(std::string_view account, bool secondary, BlobOperation op,
                                             TimePoint now) {
  std::optional<BlobError> chosen;
  for (const ErrorRule& rule : rules_) {
    if (rule.operation && *rule.operation != op) continue;
    if (!rule.account.empty() && rule.account != account) continue;
    if (rule.secondary && *rule.secondary != secondary) continue;
    if (now < rule.start || now >= rule.end) continue;
    const bool fires = rng_.bernoulli(rule.rate);
    if (fires && !chosen) chosen = rule.error;
  }
  if (chosen) ++injected_;
  return chosen;
}

}  // namespace drdrill::storage
