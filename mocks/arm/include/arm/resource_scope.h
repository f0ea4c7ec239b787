#pragma once
// ResourceScope: the subscription and resource group a provider's resources live in, and the
// checks ARM makes on a route's {subscriptionId} and {resourceGroupName} before the provider looks
// for the resource itself. Names are compared ignoring ASCII case, as ARM compares them.
//
// Route patterns name the captures exactly so: "/subscriptions/{subscriptionId}/resourceGroups/
// {resourceGroupName}/providers/...".

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "arm/arm_error.h"
#include "http/route_params.h"

namespace drdrill::arm {

// The pattern pieces that capture them, and a provider's route pattern from its pieces:
// route_pattern({kSubscriptionRoute, kResourceGroupRoute, "/providers/Microsoft.Sql/servers"}).
inline constexpr std::string_view kSubscriptionRoute = "/subscriptions/{subscriptionId}";
inline constexpr std::string_view kResourceGroupRoute = "/resourceGroups/{resourceGroupName}";
inline std::string route_pattern(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out += part;
  return out;
}

struct ResourceScope {
  std::string subscription_id = "00000000-0000-0000-0000-000000000000";
  std::string resource_group = "drdrill";

  // 404 SubscriptionNotFound, or (when the route has {resourceGroupName}) 404
  // ResourceGroupNotFound; nullopt when the route names this scope.
  std::optional<ArmError> check(const http::RouteParams& params) const;

  // "/subscriptions/<sub>/resourceGroups/<rg>/providers/<type>/<name>", the resource's ARM id.
  std::string resource_id(std::string_view type, std::string_view name) const;
};

}  // namespace drdrill::arm
