#pragma once
// HostPattern: a virtual host name, matched against Request::host() (lower-cased, port removed).
//
//   "localhost"                    an exact name
//   "{account}.blob.localhost"     "{name}" captures one whole, non-empty DNS label
//   "{account}.blob.core.windows.net"
//
// Matching ignores ASCII case and one trailing dot ("acct.blob.localhost." is the same host).
// Captured labels are lower-case, as Request::host() delivers them. A label cannot be partly
// literal ("{account}-secondary" is not a pattern): "acct-secondary" is captured whole and the
// storage model splits the suffix, exactly as it does for path-style "/acct-secondary/...".
//
// Precedence (when several patterns match one host): compare labels from the right (the most
// significant end of a DNS name); at the first difference a literal beats "{param}". So an exact
// name always beats a pattern, and "{a}.blob.localhost" beats "x.{b}.localhost".

#include <compare>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/route_params.h"

namespace drdrill::http {

class HostPattern {
 public:
  // Errors (InvalidArgument): empty; an empty label; a port; '{' or '}' other than around a whole
  // label; a name not matching [A-Za-z_][A-Za-z0-9_]*; a name used twice.
  static Result<HostPattern> parse(std::string_view pattern);

  // True if `host` matches; captures are then appended to `params` (untouched on a mismatch).
  bool match(std::string_view host, RouteParams& params) const;

  const std::string& text() const { return text_; }

  // Orders patterns by precedence: less means "tried first". Equivalent means "same shape".
  static std::weak_ordering compare_precedence(const HostPattern& a, const HostPattern& b);

 private:
  struct Label {
    bool is_param;
    std::string text;  // the lower-cased literal, or the parameter's name
  };

  HostPattern() = default;

  std::string text_;
  std::vector<Label> labels_;  // right to left: "a.b.c" is stored as c, b, a
};

}  // namespace drdrill::http
