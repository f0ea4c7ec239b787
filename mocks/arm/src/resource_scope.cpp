#include "arm/resource_scope.h"

#include "http/headers.h"

namespace drdrill::arm {

std::optional<ArmError> ResourceScope::check(const http::RouteParams& params) const {
  if (const auto subscription = params.get("subscriptionId"); subscription && !http::iequals(*subscription, subscription_id)) {
    return errors::subscription_not_found(*subscription);
  }
  if (const auto group = params.get("resourceGroupName"); group && !http::iequals(*group, resource_group)) {
    return errors::resource_group_not_found(*group);
  }
  return std::nullopt;
}

std::string ResourceScope::resource_id(std::string_view type, std::string_view name) const {
  return "/subscriptions/" + subscription_id + "/resourceGroups/" + resource_group + "/providers/" + std::string(type) +
         "/" + std::string(name);
}

}  // namespace drdrill::arm
