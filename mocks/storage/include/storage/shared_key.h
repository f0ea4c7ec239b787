#pragma once
// SharedKey authorization of Blob requests (x-ms-version 2009-09-19 and later), verified exactly as
// the service and the JS client compute it (api-facts 1.4, 2):
//
//   Authorization: SharedKey <account>:Base64(HMAC-SHA256(Base64Decode(key), UTF-8(StringToSign)))
//   StringToSign = VERB \n Content-Encoding \n Content-Language \n Content-Length ("" for "0") \n
//                  Content-MD5 \n Content-Type \n Date \n If-Modified-Since \n If-Match \n
//                  If-None-Match \n If-Unmodified-Since \n Range \n
//                  CanonicalizedHeaders CanonicalizedResource
//
// CanonicalizedHeaders: each x-ms-* header once, name lower-cased, value left-trimmed (what the JS
// client and Azurite do, rather than the documented full trim), "name:value\n", sorted with the
// .NET en-US culture order the JS client imitates (shared_key_header_less).
// CanonicalizedResource: "/" + account + the path exactly as sent (so path style signs the account
// twice: "/acct/acct/c/b"), then per query parameter sorted by lower-cased name
// "\nname:decoded value", values of a repeated name sorted and comma-joined; parameters without
// exactly one '=' or with an empty name or value are left out, as the JS client and Azurite do.
//
// On the secondary endpoint the signer uses the account's own name and the path as sent
// ("/acct/acct-secondary/c/b"); like Azurite the fake also accepts the path with "-secondary"
// removed ("/acct/acct/c/b"), and a signature made with either account key.

#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"
#include "storage/account.h"
#include "storage/blob_address.h"
#include "storage/blob_error.h"

namespace drdrill::storage {

// The .NET en-US ordering of lower-case header names the JS client uses (its SharedKeyComparator):
// '-' (and some other punctuation) is ignored at the first comparison level, so "x-ms-a-b" sorts
// with "x-ms-ab". For ordinary header sets the result equals ASCII order.
bool shared_key_header_less(std::string_view a, std::string_view b);

// The whole string to sign for a request, for a given account name and raw path.
std::string shared_key_string_to_sign(const http::Request& request, std::string_view account,
                                      std::string_view raw_path);

// Base64(HMAC-SHA256(key, string_to_sign)); `key` is the decoded account key.
std::string shared_key_signature(std::string_view key, std::string_view string_to_sign);

// Sets "Authorization: SharedKey <account>:<signature>" on a request whose other headers (x-ms-date
// included) are final. For drdrill's own clients (probes, workloads) and tests.
void sign_shared_key(http::Request& request, std::string_view account, std::string_view key);

// nullopt when the request carries a valid SharedKey signature for `account`; otherwise the 403
// AuthenticationFailed to answer. The caller has seen that Authorization starts with "SharedKey ".
std::optional<BlobError> verify_shared_key(const http::Request& request, const Account& account,
                                           const BlobAddress& address);

}  // namespace drdrill::storage
