#include "storage_arm/storage_resource_provider.h"

#include <string_view>
#include <utility>
#include <variant>

#include "arm/resource_scope.h"
#include "http/headers.h"
#include "http/url.h"

namespace drdrill::storage_arm {

using arm::kResourceGroupRoute;
using arm::kSubscriptionRoute;
using arm::route_pattern;
using storage::Account;
using storage::FailoverRefusal;
using storage::FailoverType;

namespace {

constexpr std::string_view kAccounts = "/providers/Microsoft.Storage/storageAccounts";

arm::ArmError invalid_account_type(const Account& account) {
  return {400, "InvalidAccountType", "AccountType " + std::string(storage::sku_name(account.redundancy())) + " is invalid.", ""};
}

arm::ArmError refusal_error(FailoverRefusal refusal, const Account& account) {
  switch (refusal) {
    case FailoverRefusal::kNotGeoRedundant: return invalid_account_type(account);
    case FailoverRefusal::kInProgress:
      return {409, "StorageAccountOperationInProgress", "A write operation for the storage account is in progress.", ""};
    case FailoverRefusal::kLastSyncTimeUnavailable:
      return {409, "LastSyncTimeUnavailable", "Last sync time is unavailable for account " + account.name(), ""};
    case FailoverRefusal::kPrimaryUnavailable:
      return {409, "PlannedFailoverNotAllowed",
              "Planned failover requires the primary and secondary endpoints to be available; the primary region '" +
                  account.config().primary_location + "' is unavailable. Use an unplanned failover instead.",
              ""};
  }
  return arm::errors::internal_error("unknown failover refusal");
}

bool expands_geo_replication_stats(const http::QueryParams& query) {
  const auto expand = query.iget("$expand");
  if (!expand) return false;
  // A comma-separated list; azure-mgmt-storage (Python) sends it in lower case.
  std::string_view rest = *expand;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (http::iequals(item, "geoReplicationStats")) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

StorageResourceProvider::StorageResourceProvider(arm::Gateway& gateway, arm::OperationRegistry& operations,
                                                 storage::StorageState& state, storage::AccountFailovers& failovers,
                                                 StorageArmConfig config)
    : gateway_(gateway),
      operations_(operations),
      state_(state),
      failovers_(failovers),
      config_(std::move(config)),
      context_{arm::ResourceScope{config_.subscription_id, config_.resource_group}, config_.blob_endpoint} {
  using http::Method;
  http::Router& routes = gateway_.routes();
  routes.add(Method::kGet, route_pattern({kSubscriptionRoute, kAccounts}),
             [this](const http::Request&, const http::RouteMatch& m) { return list(m); });
  routes.add(Method::kGet, route_pattern({kSubscriptionRoute, kResourceGroupRoute, kAccounts}),
             [this](const http::Request&, const http::RouteMatch& m) { return list(m); });
  const std::string account = route_pattern({kSubscriptionRoute, kResourceGroupRoute, kAccounts, "/{accountName}"});
  routes.add(Method::kGet, account, [this](const http::Request&, const http::RouteMatch& m) { return get(m); });
  routes.add(Method::kPatch, account, [this](const http::Request& r, const http::RouteMatch& m) { return patch(r, m); });
  routes.add(Method::kPost, account + "/failover",
             [this](const http::Request& r, const http::RouteMatch& m) { return failover(r, m); });
  routes.add(Method::kGet,
             route_pattern({kSubscriptionRoute, "/providers/Microsoft.Storage/locations/{location}/asyncoperations/{operationId}"}),
             [this](const http::Request&, const http::RouteMatch& m) { return poll(m); });
}

Account* StorageResourceProvider::find_account(const http::RouteMatch& match, arm::ArmError& error) const {
  if (auto scope = context_.scope.check(match.params)) {
    error = std::move(*scope);
    return nullptr;
  }
  const std::string_view name = match.params.at("accountName");
  Account* account = state_.find_account(name);
  if (account == nullptr) {
    error = arm::errors::resource_not_found(kStorageAccountType, name, match.params.at("resourceGroupName"));
  }
  return account;
}

http::Response StorageResourceProvider::list(const http::RouteMatch& match) const {
  // By subscription or by resource group: the scope check covers {resourceGroupName} when present.
  if (auto error = context_.scope.check(match.params)) return arm::render_error(*error);
  arm::Json value = arm::Json::array();
  const TimePoint now = gateway_.clock().now();
  for (const auto& [name, account] : state_.accounts()) {  // name order
    value.push_back(storage_account_json(context_, state_, failovers_, *account, now, false));
  }
  arm::Json body;
  body["value"] = std::move(value);
  return arm::json_response(200, body);
}

http::Response StorageResourceProvider::get(const http::RouteMatch& match) const {
  arm::ArmError error;
  const Account* account = find_account(match, error);
  if (account == nullptr) return arm::render_error(error);
  const bool expand = expands_geo_replication_stats(match.query);
  if (expand && !storage::is_geo_redundant(account->redundancy())) return arm::render_error(invalid_account_type(*account));
  return arm::json_response(200, storage_account_json(context_, state_, failovers_, *account, gateway_.clock().now(), expand));
}

http::Response StorageResourceProvider::patch(const http::Request& request, const http::RouteMatch& match) {
  arm::ArmError error;
  Account* account = find_account(match, error);
  if (account == nullptr) return arm::render_error(error);
  const arm::Json body = arm::Json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return arm::render_error(arm::errors::invalid_request_content(request.body));
  // Only the SKU is modelled; other properties (tags, access tier, network rules) are accepted and
  // ignored, as a fake of their absence would be worse than silence.
  if (const auto sku = body.find("sku"); sku != body.end()) {
    const auto name = sku->is_object() ? sku->find("name") : sku->end();
    const std::string sku_name = name != sku->end() && name->is_string() ? name->get<std::string>() : std::string();
    const auto redundancy = storage::parse_sku_name(sku_name);
    if (!redundancy) {
      return arm::render_error({400, "InvalidRequestPropertyValue",
                                "The value '" + sku_name + "' is not valid for property 'sku.name'.", "sku.name"});
    }
    const auto changed = failovers_.change_redundancy(*account, *redundancy);
    if (const auto* refusal = std::get_if<FailoverRefusal>(&changed)) return arm::render_error(refusal_error(*refusal, *account));
  }
  return arm::json_response(200, storage_account_json(context_, state_, failovers_, *account, gateway_.clock().now(), false));
}

http::Response StorageResourceProvider::failover(const http::Request& request, const http::RouteMatch& match) {
  arm::ArmError error;
  Account* account = find_account(match, error);
  if (account == nullptr) return arm::render_error(error);
  FailoverType type = FailoverType::kUnplanned;
  if (const auto requested = match.query.iget("failoverType")) {
    if (!http::iequals(*requested, "Planned")) {
      return arm::render_error({400, "MissingOrInvalidRequiredQueryParameter",
                                "The value '" + std::string(*requested) +
                                    "' of query parameter 'failoverType' is not valid; the only value is 'Planned'.",
                                "failoverType"});
    }
    type = FailoverType::kPlanned;
  }
  if (const auto refusal = failovers_.check(*account, type)) return arm::render_error(refusal_error(*refusal, *account));

  // The operation lives under the region that was primary when it began, as the service's does.
  const std::string location = account->config().primary_location;
  const std::string id = operations_.begin();
  arm::OperationRegistry* operations = &operations_;
  const auto started = failovers_.start(*account, type, [operations, id] { operations->succeed(id); });
  if (const auto* refusal = std::get_if<FailoverRefusal>(&started)) {
    operations_.fail(id, refusal_error(*refusal, *account));  // not reached: checked above
    return arm::render_error(refusal_error(*refusal, *account));
  }

  const std::string api_version = http::percent_encode(match.query.iget("api-version").value_or(""));
  const std::string path = "/subscriptions/" + config_.subscription_id + "/providers/Microsoft.Storage/locations/" +
                           http::percent_encode(location) + "/asyncoperations/" + id;
  arm::OperationLinks links;
  links.location = path + "?monitor=true&api-version=" + api_version;
  if (config_.azure_async_operation) links.azure_async_operation = path + "?api-version=" + api_version;
  return operations_.accepted(id, gateway_.base_url(request), links);
}

http::Response StorageResourceProvider::poll(const http::RouteMatch& match) const {
  if (auto error = context_.scope.check(match.params)) return arm::render_error(*error);
  const std::string_view id = match.params.at("operationId");
  const auto monitor = match.query.iget("monitor");
  return monitor && http::iequals(*monitor, "true") ? operations_.poll_location(id) : operations_.poll_status(id);
}

}  // namespace drdrill::storage_arm
