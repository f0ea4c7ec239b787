#pragma once
// Percent-encoding (RFC 3986 section 2.1) for request paths and query strings.
//
// Decoding is strict: a '%' not followed by two hex digits is an error rather than a literal '%',
// because silently passing "%zz" through would let a malformed request reach a service model (and
// a signature check) as if it were well formed. Real Azure and Databricks front ends answer 400.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace drdrill::http {

// What '+' means when decoding. In a path it is always a literal '+'. In a query it depends on the
// client: HTML forms and Go's url.Values.Encode (used by the Databricks Go SDK for GET parameters)
// send a space as '+'; the Azure SDKs send "%20" and a literal plus as "%2B". Literal is the
// default so a '+' is never silently turned into a space.
enum class PlusSign { kLiteral, kSpace };

// Decodes every "%XY" (hex digits in either case) into its byte. The result is bytes, not checked
// as UTF-8. Errors (InvalidArgument): a '%' followed by fewer than two characters or by non-hex.
Result<std::string> percent_decode(std::string_view encoded, PlusSign plus = PlusSign::kLiteral);

// Encodes every byte except RFC 3986 "unreserved" ones (A-Z a-z 0-9 - . _ ~) as "%XY" with
// upper-case hex. Suitable for one path segment, a query name or a query value: over-encoding is
// always valid, so the output never depends on where it will be placed.
std::string percent_encode(std::string_view raw);

// As percent_encode, but keeps '/' so a multi-segment name ("dir/file name.parquet") stays a path:
// "dir/file%20name.parquet".
std::string percent_encode_path(std::string_view raw);

// Splits a raw (still encoded) absolute path into decoded segments.
//   "/"         -> {}                    the root has no segments
//   "/a/b"      -> {"a", "b"}
//   "/a/"       -> {"a", ""}             a trailing slash is an empty last segment
//   "/a//b"     -> {"a", "", "b"}        no normalisation: an empty segment is kept
//   "/a%2Fb/c"  -> {"a/b", "c"}          an encoded slash stays inside its segment
// Dot segments ("." and "..") are not removed: clients normalise before sending, and a service
// sees them as ordinary names. Errors (InvalidArgument): the path does not start with '/', or a
// segment has a malformed escape.
Result<std::vector<std::string>> split_path(std::string_view raw_path);

}  // namespace drdrill::http
