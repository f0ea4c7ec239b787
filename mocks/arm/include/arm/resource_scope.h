#pragma once
// ResourceScope: the subscription and resource group a provider's resources live in, and the
// checks ARM makes on a route's {subscriptionId} and {resourceGroupName} before the provider looks
// for the resource itself. Names are compared ignoring ASCII case, as ARM compares them.
//
// Route patterns name the captures exactly so: "/subscriptions/{subscriptionId}/resourceGroups/
// {resourceGroupName}/providers/...".

#include <optional>
#include <string>
#include <string_view>

#include "arm/arm_error.h"
#include "http/route_params.h"

namespace drdrill::arm {

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
