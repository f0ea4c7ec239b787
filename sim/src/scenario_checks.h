#pragma once
// Checks of a bound Scenario that the field table cannot express: names unique where they must be,
// references that resolve (a job's cluster, a fault's account, a JDBC URL's server), and rules across
// fields (a geo-replication pair spans both regions, a fault ends after it starts). Fills in what the
// format leaves to the loader (the reference runbook's workspaces). Internal.

#include "sim/scenario.h"
#include "spec_validator.h"

namespace drdrill::sim::spec {

void check_scenario(Scenario& scenario, Problems& problems);

}  // namespace drdrill::sim::spec
