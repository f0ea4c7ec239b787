// The subscription and resource-group checks ARM makes before a provider looks for a resource.

#include "arm/resource_scope.h"

#include <gtest/gtest.h>

namespace drdrill::arm {
namespace {

TEST(ResourceScope, AcceptsItsOwnSubscriptionAndGroupIgnoringCase) {
  const ResourceScope scope{"0000-AB", "Drills"};
  EXPECT_EQ(scope.check({{"subscriptionId", "0000-ab"}, {"resourceGroupName", "DRILLS"}}), std::nullopt);
  EXPECT_EQ(scope.check({{"subscriptionId", "0000-AB"}}), std::nullopt);  // a subscription-level route
}

TEST(ResourceScope, AnswersAnotherSubscriptionWith404SubscriptionNotFound) {
  const ResourceScope scope{"s1", "rg"};
  const auto error = scope.check({{"subscriptionId", "s2"}, {"resourceGroupName", "other"}});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->status, 404);
  EXPECT_EQ(error->code, "SubscriptionNotFound");
  EXPECT_EQ(error->message, "The subscription 's2' could not be found.");
}

TEST(ResourceScope, AnswersAnotherGroupWith404ResourceGroupNotFound) {
  const ResourceScope scope{"s1", "rg"};
  const auto error = scope.check({{"subscriptionId", "s1"}, {"resourceGroupName", "other"}});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, "ResourceGroupNotFound");
  EXPECT_EQ(error->message, "Resource group 'other' could not be found.");
}

TEST(ResourceScope, BuildsResourceIds) {
  const ResourceScope scope{"s1", "rg"};
  EXPECT_EQ(scope.resource_id("Microsoft.Sql/servers", "srv"), "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Sql/servers/srv");
}

}  // namespace
}  // namespace drdrill::arm
