#pragma once
// The errors Microsoft.Sql answers over ARM, with the codes and wording of the real resource
// provider. Sources, unless a factory says otherwise: the "*** Error Responses: ***" lists of
// azure-rest-api-specs specification/sql/resource-manager/Microsoft.Sql/stable/2021-11-01/
// {ReplicationLinks,FailoverGroups}.json (also on learn.microsoft.com/rest/api/sql), which give
// status, code and message for each. Where a message there has a placeholder ("'{0}' minutes"),
// drdrill fills it in; where the service's message says nothing of the cause, drdrill appends the
// model's reason after " (drdrill: ...)" so a failing drill explains itself.
//
// Errors ARM itself answers for Microsoft.Sql paths:
//   unknown server, GET on the server itself   404 ResourceNotFound (arm::errors::resource_not_found)
//   unknown server under a nested resource     404 ParentResourceNotFound "Can not perform requested
//                                              operation on nested resource. Parent resource '<server>'
//                                              not found." (observed: azure-cli#17942,
//                                              terraform-provider-azurerm#18311)
// Unknown databases, links and failover groups are the provider's: 404 ResourceNotFound "The
// requested resource of type 'Microsoft.Sql/servers/<type>' with name '<name>' was not found."
// (the wording azure-powershell's SQL tests assert for nested Microsoft.Sql resources).

#include <string_view>

#include "arm/arm_error.h"
#include "core/status.h"
#include "sql/outcome.h"

namespace drdrill::sql_arm {

// A value or the ARM error to answer instead.
template <typename T>
using ArmOutcome = sql::Outcome<T, arm::ArmError>;

namespace errors {

// --- not found ---
arm::ArmError server_not_found(std::string_view server, std::string_view resource_group);
arm::ArmError parent_server_not_found(std::string_view server);
// `type` below Microsoft.Sql/servers: "databases", "databases/replicationLinks", "failoverGroups".
arm::ArmError nested_not_found(std::string_view type, std::string_view name);

// --- replication links ---
// 400 ReplicationLinksReplicationLinkNameIsInvalid: a link id that is not a GUID.
arm::ArmError link_name_invalid();
// 400 GeoReplicationDatabaseNotSecondary: failover requested on the server of the primary (the
// call belongs on the server that is to become primary).
arm::ArmError database_not_secondary();
// 409 FailoverGroupAlreadySetup: the link belongs to a failover group (dr-parameters 2b.6).
arm::ArmError link_in_failover_group();
// 409 ManagementServiceDatabaseBusy: a failover of this database is already running.
arm::ArmError database_busy(std::string_view database);
// 400 IncorrectReplicationLinkState: the secondary is still being (re-)seeded.
arm::ArmError incorrect_link_state(std::string_view why);

// --- both ---
// 400 PlannedFailoverTimedOut: a planned failover cannot synchronise (primary unreachable, a
// stalled link) — at the request when the model refuses up front, or as the failed operation's
// error when the drain does not finish.
arm::ArmError planned_failover_timed_out(std::string_view why);
// 503 DatabaseUnavailable: the server that must become primary is unreachable.
arm::ArmError database_unavailable(std::string_view why);

// --- failover groups ---
// 400 FailoverGroupFailoverRequestOnPrimary (observed on the wire: azure-rest-api-specs#9557).
arm::ArmError group_failover_on_primary();
// 400 FailoverGroupUpdateOrDeleteRequestOnSecondary.
arm::ArmError group_change_on_secondary();
// 409 FailoverGroupBusy.
arm::ArmError group_busy();
// 409 FailoverGroupAlreadyExists: the name is taken by a group of other servers.
arm::ArmError group_already_exists();
// 409 InvalidFailoverGroupName (409 is the service's status for it).
arm::ArmError invalid_group_name(std::string_view name);
// 409 FailoverGroupDnsRecordInUse: the listener name belongs to a server already.
arm::ArmError group_dns_record_in_use(std::string_view name);
// 409 DatabaseBelongsToOtherFailoverGroup.
arm::ArmError database_in_other_group(std::string_view database, std::string_view group);
// 400 InvalidFailoverGroupRegion: partner in the primary's own region.
arm::ArmError same_region_partner();
// 400 DatabaseInFailoverGroupNotPrimary: a database that is already a geo-secondary here.
arm::ArmError database_not_primary(std::string_view database);
// 400 CannotUseReservedDatabaseName: master in a group.
arm::ArmError reserved_database_name();
// 404 ServerNotInSubscriptionResourceGroup: a partner server that does not exist.
arm::ArmError partner_server_not_found(std::string_view server);

// The 400s of a create/update body (FailoverGroupCreateOrUpdateRequest*).
arm::ArmError group_request_invalid(std::string_view detail = {});  // ...RequestInvalid
arm::ArmError group_request_invalid_partner();                      // ...RequestInvalidPartner
arm::ArmError group_request_unsupported_partner_count();            // ...RequestUnsupportedPartnerCount
arm::ArmError group_request_duplicate_partner();                    // ...RequestDuplicatePartner
arm::ArmError group_request_invalid_databases();                    // ...RequestInvalidDatabases
arm::ArmError group_request_invalid_database_server();              // ...RequestInvalidDatabaseServer
arm::ArmError group_request_missing_read_write_endpoint();          // ...RequestInvalidReadWriteEndpoint
arm::ArmError group_request_missing_failover_policy();              // ...RequestInvalidReadWriteFailoverPolicy
arm::ArmError group_request_missing_grace_period();                 // ...RequestInvalidReadWriteEndpointFields
arm::ArmError group_request_grace_period_with_manual_policy();      // ...InvalidReadWriteEndpointFieldsForManualPolicy
arm::ArmError group_request_negative_grace_period();                // ...RequestNegativeGracePeriodValues
arm::ArmError group_request_grace_period_below_minimum(long long minimum_minutes);  // ...LessThanMinimumGracePeriodValues

// A model refusal not caught by a specific check above, by its StatusCode: NotFound 404
// ResourceNotFound, FailedPrecondition 409 InvalidDatabaseStateForOperation, Unavailable 503
// DatabaseUnavailable, InvalidArgument 400 InvalidParameterValue, AlreadyExists 409 Conflict,
// anything else 500 InternalServerError.
arm::ArmError from_model(const Status& status);

}  // namespace errors
}  // namespace drdrill::sql_arm
