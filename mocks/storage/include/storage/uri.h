#pragma once
// Percent-decoding and query strings as Azure Storage reads them.
//
// The service resolves names on decoded paths and decoded query values, but signs raw ones, so
// both forms are kept: the SharedKey canonicaliser works on Request::query() as sent, the handlers
// on QueryParams. '+' is not a space here (JavaScript's decodeURIComponent, which the SDK's signer
// uses, leaves it alone, and so does the service).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drdrill::storage {

// Decodes %XX escapes; a '%' not followed by two hex digits is kept as is.
std::string percent_decode(std::string_view text);

// Encodes everything but RFC 3986 unreserved characters (and '/' when keep_slash), as the SDK
// encodes names in URLs.
std::string percent_encode(std::string_view text, bool keep_slash = false);

// A request's query parameters, decoded, in the order sent.
class QueryParams {
 public:
  QueryParams() = default;
  // "a=1&b=x%2Fy&flag" -> {a:1, b:x/y, flag:""}.
  static QueryParams parse(std::string_view raw_query);

  // The first value of a parameter (names are case-sensitive, as the SDK sends them lower-case).
  std::optional<std::string_view> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }

  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace drdrill::storage
