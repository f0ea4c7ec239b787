#include "storage/sas.h"

#include <utility>
#include <vector>

#include "http/url.h"
#include "storage/crypto.h"
#include "storage/shared_key.h"
#include "storage/storage_time.h"

namespace drdrill::storage {

namespace {

std::string join_lines(std::initializer_list<std::string_view> lines) {
  std::string out;
  bool first = true;
  for (std::string_view line : lines) {
    if (!first) out += '\n';
    out += line;
    first = false;
  }
  return out;
}

std::string canonical_name(std::string_view account, std::string_view container, std::string_view blob) {
  std::string out = "/blob/";
  out += account;
  out += '/';
  out += container;
  if (!blob.empty()) {
    out += '/';
    out += blob;
  }
  return out;
}

bool any_of_letters(std::string_view granted, std::string_view wanted) {
  return granted.find_first_of(wanted) != std::string_view::npos;
}

}  // namespace

SasValues SasValues::from_query(const http::QueryParams& query) {
  SasValues s;
  const auto get = [&](std::string_view name) { return std::string(query.get(name).value_or("")); };
  s.version = get("sv");
  s.services = get("ss");
  s.resource_types = get("srt");
  s.resource = get("sr");
  s.permissions = get("sp");
  s.start = get("st");
  s.expiry = get("se");
  s.ip_range = get("sip");
  s.protocol = get("spr");
  s.identifier = get("si");
  s.encryption_scope = get("ses");
  s.cache_control = get("rscc");
  s.content_disposition = get("rscd");
  s.content_encoding = get("rsce");
  s.content_language = get("rscl");
  s.content_type = get("rsct");
  s.signature = get("sig");
  s.user_delegation = query.has("skoid");
  return s;
}

std::string SasValues::to_query() const {
  const std::vector<std::pair<std::string_view, const std::string*>> fields = {
      {"sv", &version},       {"ss", &services},          {"srt", &resource_types}, {"spr", &protocol},
      {"st", &start},         {"se", &expiry},            {"sip", &ip_range},       {"si", &identifier},
      {"ses", &encryption_scope}, {"sr", &resource},      {"sp", &permissions},     {"sig", &signature},
      {"rscc", &cache_control}, {"rscd", &content_disposition}, {"rsce", &content_encoding},
      {"rscl", &content_language}, {"rsct", &content_type}};
  std::string out;
  for (const auto& [name, value] : fields) {
    if (value->empty()) continue;
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += http::percent_encode(*value);
  }
  return out;
}

std::string account_sas_string_to_sign(const SasValues& sas, std::string_view account) {
  if (sas.version >= "2020-12-06") {
    return join_lines({account, sas.permissions, sas.services, sas.resource_types, sas.start, sas.expiry,
                       sas.ip_range, sas.protocol, sas.version, sas.encryption_scope, ""});
  }
  return join_lines({account, sas.permissions, sas.services, sas.resource_types, sas.start, sas.expiry,
                     sas.ip_range, sas.protocol, sas.version, ""});
}

std::string service_sas_string_to_sign(const SasValues& sas, std::string_view account, std::string_view container,
                                       std::string_view blob) {
  const std::string name = canonical_name(account, container, sas.resource == "c" ? std::string_view{} : blob);
  const std::string_view snapshot_time;  // snapshot and version SAS are not modelled
  if (sas.version >= "2020-12-06") {
    return join_lines({sas.permissions, sas.start, sas.expiry, name, sas.identifier, sas.ip_range, sas.protocol,
                       sas.version, sas.resource, snapshot_time, sas.encryption_scope, sas.cache_control,
                       sas.content_disposition, sas.content_encoding, sas.content_language, sas.content_type});
  }
  if (sas.version >= "2018-11-09") {
    return join_lines({sas.permissions, sas.start, sas.expiry, name, sas.identifier, sas.ip_range, sas.protocol,
                       sas.version, sas.resource, snapshot_time, sas.cache_control, sas.content_disposition,
                       sas.content_encoding, sas.content_language, sas.content_type});
  }
  return join_lines({sas.permissions, sas.start, sas.expiry, name, sas.identifier, sas.ip_range, sas.protocol,
                     sas.version, sas.cache_control, sas.content_disposition, sas.content_encoding,
                     sas.content_language, sas.content_type});
}

void sign_account_sas(SasValues& sas, std::string_view account, std::string_view key) {
  sas.signature = shared_key_signature(key, account_sas_string_to_sign(sas, account));
}

void sign_service_sas(SasValues& sas, std::string_view account, std::string_view key, std::string_view container,
                      std::string_view blob) {
  sas.signature = shared_key_signature(key, service_sas_string_to_sign(sas, account, container, blob));
}

std::optional<BlobError> verify_sas(const SasValues& sas, const Account& account, const BlobAddress& address,
                                    BlobOperation op, bool secure, TimePoint now) {
  if (sas.user_delegation) {
    return errors::authentication_failed("User delegation SAS is not supported by the drdrill storage fake.");
  }
  if (!sas.identifier.empty()) {
    return errors::authentication_failed("Stored access policies (si) are not supported by the drdrill storage fake.");
  }
  if (sas.version < "2015-04-05") {
    return errors::authentication_failed("SAS version (sv) '" + sas.version + "' is not supported.");
  }
  const bool account_sas = sas.is_account_sas();
  if (!account_sas && sas.resource != "c" && sas.resource != "b") {
    return errors::authentication_failed("Signed resource (sr) '" + sas.resource + "' is not supported.");
  }
  const auto expiry = parse_sas_time(sas.expiry);
  const auto start = sas.start.empty() ? std::optional<TimePoint>(TimePoint::min()) : parse_sas_time(sas.start);
  if (!expiry || !start) {
    return errors::authentication_failed("Signed start (st) or expiry (se) time '" + sas.start + "' / '" +
                                         sas.expiry + "' is not a valid ISO 8601 time.");
  }

  const std::string to_sign = account_sas ? account_sas_string_to_sign(sas, account.name())
                                          : service_sas_string_to_sign(sas, account.name(), address.container,
                                                                       address.blob);
  bool signature_ok = false;
  for (const std::string& key : account.signing_keys()) {
    signature_ok = signature_ok || constant_time_equals(shared_key_signature(key, to_sign), sas.signature);
  }
  if (!signature_ok) {
    return errors::authentication_failed("Signature did not match. String to sign used was " + to_sign);
  }

  if (now < *start || now > *expiry) {
    return errors::authentication_failed(
        "Signature not valid in the specified time frame: Start [" +
        (sas.start.empty() ? std::string() : format_rfc1123(*start)) + "] - Expiry [" + format_rfc1123(*expiry) +
        "] - Current [" + format_rfc1123(now) + "]");
  }
  if (sas.protocol == "https" && !secure) return errors::authorization_protocol_mismatch();

  const OperationAccess rules = access_rules(op);
  if (account_sas) {
    if (sas.services.find('b') == std::string::npos) return errors::authorization_service_mismatch();
    if (sas.resource_types.find(rules.account_sas_resource_type) == std::string::npos) {
      return errors::authorization_resource_type_mismatch();
    }
  } else {
    if (!rules.service_sas_allowed) return errors::authorization_resource_type_mismatch();
    if (rules.needs_container_sas && sas.resource != "c") return errors::authorization_resource_type_mismatch();
    if (sas.resource == "b" && !address.names_blob()) return errors::authorization_resource_type_mismatch();
  }
  if (!any_of_letters(sas.permissions, rules.sas_permissions)) return errors::authorization_permission_mismatch();
  return std::nullopt;
}

}  // namespace drdrill::storage
