#pragma once
// Binds a validated scenario document into a Scenario (see object_reader.h). Internal.

#include "sim/scenario.h"
#include "spec_validator.h"

namespace drdrill::sim::spec {

Scenario bind_scenario(Problems& problems);

}  // namespace drdrill::sim::spec
