#include "sql_arm/failover_group_request.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "http/headers.h"

namespace drdrill::sql_arm {
namespace {

using nlohmann::json;

std::vector<std::string_view> split_path(std::string_view id) {
  std::vector<std::string_view> segments;
  if (id.empty() || id.front() != '/') return segments;
  id.remove_prefix(1);
  while (true) {
    const auto slash = id.find('/');
    segments.push_back(id.substr(0, slash));
    if (slash == std::string_view::npos) break;
    id.remove_prefix(slash + 1);
  }
  return segments;
}

// The segments after ".../providers/Microsoft.Sql/" of an id in `scope`, or an empty vector.
std::vector<std::string_view> sql_segments(std::string_view id, const arm::ResourceScope& scope) {
  const auto s = split_path(id);
  if (s.size() < 6 || !http::iequals(s[0], "subscriptions") || !http::iequals(s[1], scope.subscription_id) ||
      !http::iequals(s[2], "resourceGroups") || !http::iequals(s[3], scope.resource_group) ||
      !http::iequals(s[4], "providers") || !http::iequals(s[5], "Microsoft.Sql")) {
    return {};
  }
  for (std::size_t i = 6; i < s.size(); ++i) {
    if (s[i].empty()) return {};
  }
  return {s.begin() + 6, s.end()};
}

std::optional<FailoverGroupRequest::DatabaseRef> database_from_id(std::string_view id, const arm::ResourceScope& scope) {
  const auto s = sql_segments(id, scope);
  if (s.size() != 4 || !http::iequals(s[0], "servers") || !http::iequals(s[2], "databases")) return std::nullopt;
  return FailoverGroupRequest::DatabaseRef{std::string(s[1]), std::string(s[3])};
}

ArmOutcome<ReadWriteEndpoint> parse_read_write(const json& endpoint) {
  if (!endpoint.is_object()) return errors::group_request_missing_read_write_endpoint();
  const auto policy = endpoint.find("failoverPolicy");
  if (policy == endpoint.end() || !policy->is_string()) return errors::group_request_missing_failover_policy();
  ReadWriteEndpoint out;
  const std::string name = policy->get<std::string>();
  if (http::iequals(name, "Automatic")) {
    out.policy = sql::FailoverPolicy::kAutomatic;
  } else if (http::iequals(name, "Manual")) {
    out.policy = sql::FailoverPolicy::kManual;
  } else {
    return errors::group_request_invalid("readWriteEndpoint.failoverPolicy '" + name + "' is neither Automatic nor Manual");
  }
  const auto grace = endpoint.find("failoverWithDataLossGracePeriodMinutes");
  const bool has_grace = grace != endpoint.end() && !grace->is_null();
  if (out.policy == sql::FailoverPolicy::kManual) {
    if (has_grace) return errors::group_request_grace_period_with_manual_policy();
    return out;
  }
  if (!has_grace) return errors::group_request_missing_grace_period();
  if (!grace->is_number_integer()) {
    return errors::group_request_invalid("failoverWithDataLossGracePeriodMinutes must be a whole number of minutes");
  }
  const std::int64_t minutes = grace->get<std::int64_t>();
  if (minutes < 0) return errors::group_request_negative_grace_period();
  const auto minimum = std::chrono::duration_cast<std::chrono::minutes>(sql::kMinimumGracePeriod).count();
  if (minutes < minimum) return errors::group_request_grace_period_below_minimum(minimum);
  out.grace_period_minutes = minutes;
  return out;
}

}  // namespace

std::optional<std::string> server_name_from_id(std::string_view id, const arm::ResourceScope& scope) {
  const auto s = sql_segments(id, scope);
  if (s.size() != 2 || !http::iequals(s[0], "servers")) return std::nullopt;
  return std::string(s[1]);
}

ArmOutcome<FailoverGroupRequest> parse_failover_group_request(std::string_view body, FailoverGroupVerb verb,
                                                              const arm::ResourceScope& scope) {
  const json root = json::parse(body, nullptr, false);
  if (root.is_discarded() || !root.is_object()) return errors::group_request_invalid();
  const auto properties = root.find("properties");
  if (properties == root.end() || !properties->is_object()) {
    if (verb == FailoverGroupVerb::kPut) return errors::group_request_invalid();
    return FailoverGroupRequest{};  // a PATCH of tags only
  }

  FailoverGroupRequest out;
  if (const auto rw = properties->find("readWriteEndpoint"); rw != properties->end() && !rw->is_null()) {
    auto parsed = parse_read_write(*rw);
    if (!parsed.ok()) return std::move(parsed).error();
    out.read_write = *parsed;
  } else if (verb == FailoverGroupVerb::kPut) {
    return errors::group_request_missing_read_write_endpoint();
  }

  if (const auto ro = properties->find("readOnlyEndpoint"); ro != properties->end() && !ro->is_null()) {
    const auto policy = ro->is_object() ? ro->find("failoverPolicy") : ro->end();
    if (policy == ro->end() || !policy->is_string()) {
      return errors::group_request_invalid("readOnlyEndpoint.failoverPolicy is required");
    }
    const std::string name = policy->get<std::string>();
    if (http::iequals(name, "Enabled")) {
      out.read_only_endpoint_enabled = true;
    } else if (http::iequals(name, "Disabled")) {
      out.read_only_endpoint_enabled = false;
    } else {
      return errors::group_request_invalid("readOnlyEndpoint.failoverPolicy '" + name + "' is neither Enabled nor Disabled");
    }
  }

  if (const auto partners = properties->find("partnerServers"); partners != properties->end() && !partners->is_null()) {
    if (!partners->is_array() || partners->empty()) return errors::group_request_invalid_partner();
    std::vector<std::string> names;
    for (const auto& partner : *partners) {
      const auto id = partner.is_object() ? partner.find("id") : partner.end();
      if (id == partner.end() || !id->is_string()) return errors::group_request_invalid_partner();
      auto name = server_name_from_id(id->get<std::string>(), scope);
      if (!name) return errors::group_request_invalid_partner();
      names.push_back(std::move(*name));
    }
    if (names.size() != 1) return errors::group_request_unsupported_partner_count();
    out.partner_servers = std::move(names);
  } else if (verb == FailoverGroupVerb::kPut) {
    return errors::group_request_invalid_partner();
  }

  if (const auto databases = properties->find("databases"); databases != properties->end() && !databases->is_null()) {
    if (!databases->is_array()) return errors::group_request_invalid_databases();
    std::vector<FailoverGroupRequest::DatabaseRef> refs;
    for (const auto& id : *databases) {
      if (!id.is_string()) return errors::group_request_invalid_databases();
      auto ref = database_from_id(id.get<std::string>(), scope);
      if (!ref) return errors::group_request_invalid_databases();
      refs.push_back(std::move(*ref));
    }
    out.databases = std::move(refs);
  }
  return out;
}

}  // namespace drdrill::sql_arm
