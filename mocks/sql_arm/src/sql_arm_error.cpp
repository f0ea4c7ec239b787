#include "sql_arm/sql_arm_error.h"

#include <string>

namespace drdrill::sql_arm::errors {
namespace {

std::string with_reason(std::string message, std::string_view why) {
  if (!why.empty()) message += " (drdrill: " + std::string(why) + ")";
  return message;
}

// 'name'
std::string quoted(std::string_view name) {
  std::string out = "'";
  out += name;
  out += '\'';
  return out;
}

constexpr std::string_view kCreateOrUpdateHelp =
    " For examples of properly formatted requests see https://docs.microsoft.com/en-us/rest/api/sql/failovergroups/createorupdate";

}  // namespace

arm::ArmError server_not_found(std::string_view server, std::string_view resource_group) {
  return arm::errors::resource_not_found("Microsoft.Sql/servers", server, resource_group);
}

arm::ArmError parent_server_not_found(std::string_view server) {
  return {404, "ParentResourceNotFound",
          "Can not perform requested operation on nested resource. Parent resource '" + std::string(server) + "' not found.",
          ""};
}

arm::ArmError nested_not_found(std::string_view type, std::string_view name) {
  return {404, "ResourceNotFound",
          "The requested resource of type 'Microsoft.Sql/servers/" + std::string(type) + "' with name '" +
              std::string(name) + "' was not found.",
          ""};
}

arm::ArmError link_name_invalid() {
  return {400, "ReplicationLinksReplicationLinkNameIsInvalid", "Replication link name should be a valid guid.", ""};
}

arm::ArmError database_not_secondary() {
  return {400, "GeoReplicationDatabaseNotSecondary", "The operation expects the database to be a replication target.", ""};
}

arm::ArmError link_in_failover_group() {
  return {409, "FailoverGroupAlreadySetup",
          "The operation cannot be performed because the geo-replication link is part of a Failover Group. You must "
          "remove the database from the group in order to individually terminate or failover.",
          ""};
}

arm::ArmError database_busy(std::string_view database) {
  return {409, "ManagementServiceDatabaseBusy",
          "Database '" + std::string(database) + "' is busy with another operation. Please try your operation later.", ""};
}

arm::ArmError incorrect_link_state(std::string_view why) {
  return {400, "IncorrectReplicationLinkState",
          with_reason("The operation expects the database to be in an expected state on the replication link.", why), ""};
}

arm::ArmError planned_failover_timed_out(std::string_view why) {
  return {400, "PlannedFailoverTimedOut",
          with_reason("User invoked planned failover, and it timed out while trying to contact the partner management service.",
                      why),
          ""};
}

arm::ArmError database_unavailable(std::string_view why) {
  return {503, "DatabaseUnavailable", with_reason("The operation failed because the database is unavailable.", why), ""};
}

arm::ArmError group_failover_on_primary() {
  return {400, "FailoverGroupFailoverRequestOnPrimary",
          "The failover request should be initiated on the secondary server of failover group.", ""};
}

arm::ArmError group_change_on_secondary() {
  return {400, "FailoverGroupUpdateOrDeleteRequestOnSecondary",
          "Modifications to the failover group are not allowed on a secondary server. Execute the request on the primary "
          "server.",
          ""};
}

arm::ArmError group_busy() { return {409, "FailoverGroupBusy", "Failover Group is busy with another operation.", ""}; }

arm::ArmError group_already_exists() {
  return {409, "FailoverGroupAlreadyExists",
          "Failover group already exists on a given server. Please use different Failover Group name.", ""};
}

arm::ArmError invalid_group_name(std::string_view name) {
  return {409, "InvalidFailoverGroupName",
          with_reason("Invalid Failover Group name was supplied.",
                      quoted(name) + " is not a DNS label of letters, digits and '-'"),
          ""};
}

arm::ArmError group_dns_record_in_use(std::string_view name) {
  return {409, "FailoverGroupDnsRecordInUse",
          with_reason("A duplicate DNS record exists for the requested endpoint.",
                      std::string(name) + ".database.windows.net belongs to a server"),
          ""};
}

arm::ArmError database_in_other_group(std::string_view database, std::string_view group) {
  return {409, "DatabaseBelongsToOtherFailoverGroup",
          with_reason("Database belongs to other Failover Group and cannot be consider a part of this one.",
                      std::string(database) + " is in " + std::string(group)),
          ""};
}

arm::ArmError same_region_partner() {
  return {400, "InvalidFailoverGroupRegion",
          "Servers specified in a Failover Group need to reside in different regions to provide isolation.", ""};
}

arm::ArmError database_not_primary(std::string_view database) {
  return {400, "DatabaseInFailoverGroupNotPrimary",
          with_reason("GeoDR link for the database already exists, but its role is not 'Primary' or it is not continuous "
                      "copy link.",
                      std::string(database) + " is a geo-secondary on this server"),
          ""};
}

arm::ArmError reserved_database_name() {
  return {400, "CannotUseReservedDatabaseName", "Cannot use reserved database name in this operation.", ""};
}

arm::ArmError partner_server_not_found(std::string_view server) {
  return {404, "ServerNotInSubscriptionResourceGroup",
          with_reason("Specified server does not exist in the specified resource group and subscription.",
                      "no server '" + std::string(server) + "'"),
          ""};
}

arm::ArmError group_request_invalid(std::string_view detail) {
  return {400, "FailoverGroupCreateOrUpdateRequestInvalid",
          with_reason("The create or update failover group request body is empty or invalid.", detail), ""};
}

arm::ArmError group_request_invalid_partner() {
  return {400, "FailoverGroupCreateOrUpdateRequestInvalidPartner",
          "The given partners field in create or update failover group request body is empty or invalid. Please provide "
          "a valid value of this field." + std::string(kCreateOrUpdateHelp),
          ""};
}

arm::ArmError group_request_unsupported_partner_count() {
  return {400, "FailoverGroupCreateOrUpdateRequestUnsupportedPartnerCount",
          "Only one partner server for Failover Group is supported. Please modify your request accordingly." +
              std::string(kCreateOrUpdateHelp),
          ""};
}

arm::ArmError group_request_duplicate_partner() {
  return {400, "FailoverGroupCreateOrUpdateRequestDuplicatePartner",
          "One or more of the provided partner servers are already part of the failover group. Please make sure the "
          "primary server and all of the given partner servers are unique.",
          ""};
}

arm::ArmError group_request_invalid_databases() {
  return {400, "FailoverGroupCreateOrUpdateRequestInvalidDatabases",
          "The provided databases IDs are not properly constructed database resource IDs." + std::string(kCreateOrUpdateHelp),
          ""};
}

arm::ArmError group_request_invalid_database_server() {
  return {400, "FailoverGroupCreateOrUpdateRequestInvalidDatabaseServer",
          "One or more of the provided databases do not exist on the primary server of the failover group. Please make "
          "sure that all the databases exist on the primary server.",
          ""};
}

arm::ArmError group_request_missing_read_write_endpoint() {
  return {400, "FailoverGroupCreateOrUpdateRequestInvalidReadWriteEndpoint",
          "The readWriteEndpoint field is required for create or update requests.", ""};
}

arm::ArmError group_request_missing_failover_policy() {
  return {400, "FailoverGroupCreateOrUpdateRequestInvalidReadWriteFailoverPolicy",
          "The failoverPolicy field for the read-write endpoint is required for create or update requests.", ""};
}

arm::ArmError group_request_missing_grace_period() {
  return {400, "FailoverGroupCreateOrUpdateRequestInvalidReadWriteEndpointFields",
          "The property failoverWithDataLossGracePeriodMinutes must be provided when failover policy Automatic is "
          "selected for the read-write endpoint.",
          ""};
}

arm::ArmError group_request_grace_period_with_manual_policy() {
  return {400, "FailoverGroupCreateOrUpdateRequestInvalidReadWriteEndpointFieldsForManualPolicy",
          "Grace period value should not be provided when failover policy Manual is selected for the read-write "
          "endpoint. Please remove it from request.",
          ""};
}

arm::ArmError group_request_negative_grace_period() {
  return {400, "FailoverGroupCreateOrUpdateRequestNegativeGracePeriodValues",
          "Grace period value for the read-write endpoint must be non-negative.", ""};
}

arm::ArmError group_request_grace_period_below_minimum(long long minimum_minutes) {
  return {400, "FailoverGroupCreateOrUpdateRequestLessThanMinimumGracePeriodValues",
          "Grace period value for the failover group must be greater than or equal to the '" +
              std::to_string(minimum_minutes) + "' minutes minimum grace period",
          ""};
}

arm::ArmError from_model(const Status& status) {
  const std::string why(status.message());
  switch (status.code()) {
    case StatusCode::kNotFound: return {404, "ResourceNotFound", with_reason("The requested resource was not found.", why), ""};
    case StatusCode::kFailedPrecondition:
      return {409, "InvalidDatabaseStateForOperation",
              with_reason("The operation is not allowed on the database in its current replication state.", why), ""};
    case StatusCode::kUnavailable: return database_unavailable(why);
    case StatusCode::kInvalidArgument:
      return {400, "InvalidParameterValue", with_reason("An invalid value was given to a parameter.", why), ""};
    case StatusCode::kAlreadyExists: return {409, "Conflict", with_reason("The resource already exists.", why), ""};
    default: break;
  }
  return arm::errors::internal_error(status.to_string());
}

}  // namespace drdrill::sql_arm::errors
