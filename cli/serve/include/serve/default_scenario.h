#pragma once
// The scenario `drdrill serve` serves when none is given: scenarios/serve-default.json, built into
// the executable so that serve works from any directory.

#include <string_view>

namespace drdrill::serve {

std::string_view default_scenario_text();
inline constexpr std::string_view kDefaultScenarioName = "scenarios/serve-default.json";

}  // namespace drdrill::serve
