#pragma once
// PathPattern: a route's path template, matched against a request path's decoded segments.
//
//   "/api/2.1/jobs/get"          literal segments only
//   "/{account}/{container}"     "{name}" captures exactly one non-empty segment
//   "/{container}/{blob...}"     "{name...}" (last segment only) captures the rest of the path,
//                                slashes included, and must capture at least one character
//   "/"                          the root;  "/{account}/" ends in an empty segment, so it matches
//                                "/acct/" and not "/acct"
//
// Literals are written decoded and compared case-sensitively with decoded segments, so the
// pattern "/a b" matches the path "/a%20b". An encoded slash stays inside its segment: "{blob}"
// matches "/x%2Fy" (capturing "x/y") but not "/x/y".
//
// Precedence (when several patterns match one path): compare segment by segment from the left; at
// the first position where the patterns differ, a literal beats a "{param}", which beats a
// "{rest...}". So "/{a}/x" beats "/{a}/{b}", and "/x/{b}/{c}" beats "/{a}/y/z" (the leftmost
// difference decides). This depends only on the patterns, never on registration order. Two
// patterns with the same shape (same literals and parameter positions, names aside) match the same
// paths and cannot both be registered for one method.

#include <compare>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/route_params.h"

namespace drdrill::http {

class PathPattern {
 public:
  // Declared in precedence order: a lower kind wins.
  enum class SegmentKind { kLiteral, kParam, kRest };
  struct Segment {
    SegmentKind kind;
    std::string text;  // the literal, or the parameter's name
  };

  // Errors (InvalidArgument): no leading '/'; an empty segment before the last; '{' or '}' other
  // than around a whole segment; a name not matching [A-Za-z_][A-Za-z0-9_]*; "{x...}" not last; a
  // name used twice.
  static Result<PathPattern> parse(std::string_view pattern);

  // True if the whole path matches; the captures are then appended to `params` (left untouched
  // on a mismatch).
  bool match(const std::vector<std::string>& path_segments, RouteParams& params) const;
  // As match(), without capturing (no allocation): for trying many patterns before choosing one.
  bool matches(const std::vector<std::string>& path_segments) const;
  // True if the path starts with this pattern's segments (a mount point); a "{rest...}" pattern
  // cannot be a prefix. Captures are appended to `params` as for match().
  bool match_prefix(const std::vector<std::string>& path_segments, RouteParams& params) const;

  const std::string& text() const { return text_; }
  const std::vector<Segment>& segments() const { return segments_; }
  bool ends_with_rest() const { return !segments_.empty() && segments_.back().kind == SegmentKind::kRest; }

  // Orders patterns by precedence: less means "tried first". Equivalent means "same shape".
  static std::weak_ordering compare_precedence(const PathPattern& a, const PathPattern& b);

 private:
  PathPattern() = default;
  // `params` may be null when only the yes/no answer is wanted.
  bool match_segments(const std::vector<std::string>& path_segments, bool whole, RouteParams* params) const;

  std::string text_;
  std::vector<Segment> segments_;
};

}  // namespace drdrill::http
