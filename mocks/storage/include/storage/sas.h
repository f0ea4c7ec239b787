#pragma once
// Shared access signatures signed with an account key: account SAS and service (container or
// blob) SAS, with the string-to-sign of the SAS version (sv) that @azure/storage-blob generates
// (sdk/storage/storage-blob/src/sas/{AccountSASSignatureValues,BlobSASSignatureValues}.ts):
//
// Account SAS:  account \n sp \n ss \n srt \n st \n se \n sip \n spr \n sv \n [ses \n  (sv >= 2020-12-06)] ""
// Service SAS:  sp \n st \n se \n /blob/<account>/<container>[/<blob>] \n si \n sip \n spr \n sv \n
//               [sr \n snapshot-time \n  (sv >= 2018-11-09)] [ses \n  (sv >= 2020-12-06)]
//               rscc \n rscd \n rsce \n rscl \n rsct
// Values are signed as they appear in the decoded query (start and expiry unchanged from the URL).
//
// Not modelled (refused with 403 AuthenticationFailed saying so): user delegation SAS (skoid...),
// stored access policies (si), snapshot/version SAS (sr=bs/bv). The IP range (sip) is signed but not
// enforced: handlers do not see the client address.

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "storage/account.h"
#include "storage/blob_address.h"
#include "storage/blob_error.h"
#include "storage/blob_operation.h"
#include "http/query.h"

namespace drdrill::storage {

struct SasValues {
  std::string version;           // sv
  std::string services;          // ss  (account SAS)
  std::string resource_types;    // srt (account SAS)
  std::string resource;          // sr  (service SAS: "c" container, "b" blob)
  std::string permissions;       // sp
  std::string start;             // st (optional)
  std::string expiry;            // se
  std::string ip_range;          // sip
  std::string protocol;          // spr: "https" or "https,http"
  std::string identifier;        // si
  std::string encryption_scope;  // ses
  // Response header overrides of a service SAS (rscc, rscd, rsce, rscl, rsct).
  std::string cache_control;
  std::string content_disposition;
  std::string content_encoding;
  std::string content_language;
  std::string content_type;
  std::string signature;  // sig
  bool user_delegation = false;  // the query carries skoid (a user delegation SAS)

  bool is_account_sas() const { return !services.empty() || !resource_types.empty(); }

  static SasValues from_query(const http::QueryParams& query);
  // The SAS as a query string (without '?'), values percent-encoded, for clients and tests.
  std::string to_query() const;
};

// Whether a request carries a SAS (a "sig" parameter).
inline bool has_sas(const http::QueryParams& query) { return query.has("sig"); }

std::string account_sas_string_to_sign(const SasValues& sas, std::string_view account);
std::string service_sas_string_to_sign(const SasValues& sas, std::string_view account, std::string_view container,
                                       std::string_view blob);

// Fill in `signature` with the decoded account key `key`.
void sign_account_sas(SasValues& sas, std::string_view account, std::string_view key);
void sign_service_sas(SasValues& sas, std::string_view account, std::string_view key, std::string_view container,
                      std::string_view blob);

// nullopt when the SAS is valid for this operation at `now`; otherwise the 403 to answer.
std::optional<BlobError> verify_sas(const SasValues& sas, const Account& account, const BlobAddress& address,
                                    BlobOperation op, bool secure, TimePoint now);

}  // namespace drdrill::storage
