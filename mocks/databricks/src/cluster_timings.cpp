#include "databricks/cluster_timings.h"

#include <cmath>

#include "core/random.h"

namespace drdrill::databricks {

// The z-score of the 95th percentile of the standard normal.
constexpr double kNormalZ95 = 1.6448536269514722;

double lognormal_p99_from_p95(double median, double p95) {
  const double sigma = std::log(p95 / median) / kNormalZ95;
  return median * std::exp(kNormalZ99 * sigma);
}

}  // namespace drdrill::databricks
