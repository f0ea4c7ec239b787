#pragma once
// ClusterTimings: how long cluster state transitions take, and injected capacity failures.
//
// Sources (shared/reference/dr-parameters.md, row B1): a classic cluster takes ~5–7 min from
// create to RUNNING (third-party CI measurements 5.5–7.5 min; no official figure), and can stay
// PENDING beyond 15 min under load. The suggested model is log-normal with median 6 min and p95
// 12 min, truncated at 30 min. drdrill's Distribution takes a median and a p99, so the default
// p99 is derived from that p95 for the same log-normal:
//   sigma = ln(p95 / median) / z95,  p99 = median * exp(z99 * sigma)
//         = 360 s * 2^(2.3263 / 1.6449) ≈ 959 s (16 min).
// Restart, resize and terminate durations have no published figure; the defaults below are
// assumptions (UNCONFIRMED) chosen to be of the same order as a start, and every one can be set
// from a scenario.

#include <string>
#include <vector>

#include "core/distribution.h"
#include "core/time.h"

namespace drdrill::databricks {

// The p99 of the log-normal with this median and p95 (both in the same unit).
double lognormal_p99_from_p95(double median, double p95);

struct ClusterTimings {
  // create/start -> RUNNING, seconds (B1), truncated at start_s_max.
  Distribution start_s = Distribution::lognormal(360.0, lognormal_p99_from_p95(360.0, 720.0));
  double start_s_max = 1800.0;
  // A multiplier on start delays (B1's "capacity penalty when the whole region fails over": a
  // scenario raises it for the secondary region after a regional outage).
  double start_delay_scale = 1.0;
  // RUNNING -> RESTARTING -> RUNNING, seconds (assumption).
  Distribution restart_s = Distribution::lognormal(120.0, 480.0);
  // RUNNING -> RESIZING -> RUNNING, seconds (assumption: new VMs, no Spark restart).
  Distribution resize_s = Distribution::lognormal(180.0, 600.0);
  // -> TERMINATING -> TERMINATED, seconds (assumption).
  Distribution terminate_s = Distribution::uniform(15.0, 60.0);
};

// An injected capacity failure: while it is active, each cluster start (create, start, a job's
// cluster) fails with this probability. The attempt takes `fail_after_s`, then the cluster goes to
// TERMINATED with termination_reason {code, type: CLOUD_FAILURE, parameters} as Azure stock-outs
// do (e.g. SkuNotAvailable for the node type in that region).
struct CapacityFault {
  TimePoint from = TimePoint::min();
  TimePoint until = TimePoint::max();
  double probability = 1.0;
  Distribution fail_after_s = Distribution::uniform(60.0, 300.0);
  std::string code = "CLOUD_PROVIDER_RESOURCE_STOCKOUT";
  std::string azure_error_code = "SkuNotAvailable";
};

}  // namespace drdrill::databricks
