#include "http/path_pattern.h"

#include <algorithm>

#include "param_name.h"

namespace drdrill::http {

Result<PathPattern> PathPattern::parse(std::string_view pattern) {
  const auto invalid = [&](std::string why) {
    return Status::InvalidArgument("path pattern '" + std::string(pattern) + "': " + std::move(why));
  };
  if (pattern.empty() || pattern.front() != '/') return invalid("must start with '/'");

  PathPattern out;
  out.text_ = std::string(pattern);
  std::string_view rest = pattern.substr(1);
  std::vector<std::string_view> raw_segments;
  if (!rest.empty()) {
    while (true) {
      const auto slash = rest.find('/');
      raw_segments.push_back(rest.substr(0, slash));
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
  }

  for (std::size_t i = 0; i < raw_segments.size(); ++i) {
    const std::string_view raw = raw_segments[i];
    const bool last = i + 1 == raw_segments.size();
    if (raw.empty() && !last) return invalid("empty segment (\"//\")");
    const bool braced = raw.size() >= 2 && raw.front() == '{' && raw.back() == '}';
    if (!braced) {
      if (raw.find_first_of("{}") != std::string_view::npos) {
        return invalid("'{' and '}' must enclose a whole segment");
      }
      out.segments_.push_back({SegmentKind::kLiteral, std::string(raw)});
      continue;
    }
    std::string_view name = raw.substr(1, raw.size() - 2);
    SegmentKind kind = SegmentKind::kParam;
    if (name.ends_with("...")) {
      if (!last) return invalid("'{" + std::string(name) + "}' captures the rest, so it must be last");
      name.remove_suffix(3);
      kind = SegmentKind::kRest;
    }
    if (!detail::is_param_name(name)) return invalid("parameter name '" + std::string(name) + "' is not [A-Za-z_][A-Za-z0-9_]*");
    const bool seen = std::any_of(out.segments_.begin(), out.segments_.end(), [&](const Segment& s) {
      return s.kind != SegmentKind::kLiteral && s.text == name;
    });
    if (seen) return invalid("parameter '" + std::string(name) + "' appears twice");
    out.segments_.push_back({kind, std::string(name)});
  }
  return out;
}

bool PathPattern::match_segments(const std::vector<std::string>& path_segments, bool whole,
                                 RouteParams* params) const {
  const bool rest = ends_with_rest();
  const std::size_t fixed = rest ? segments_.size() - 1 : segments_.size();
  if (path_segments.size() < fixed) return false;
  if (whole && !rest && path_segments.size() != fixed) return false;
  for (std::size_t i = 0; i < fixed; ++i) {
    const Segment& s = segments_[i];
    const std::string& segment = path_segments[i];
    if (s.kind == SegmentKind::kLiteral ? segment != s.text : segment.empty()) return false;
  }
  if (rest) {
    // The rest must hold at least one character: two segments always do (they join with '/').
    const std::size_t left = path_segments.size() - fixed;
    if (left == 0 || (left == 1 && path_segments[fixed].empty())) return false;
  }
  if (params == nullptr) return true;
  for (std::size_t i = 0; i < fixed; ++i) {
    if (segments_[i].kind == SegmentKind::kParam) params->add(segments_[i].text, path_segments[i]);
  }
  if (rest) {
    // Join what is left; each decoded segment may itself hold an encoded '/', which is exactly
    // what decoding the raw remainder as a whole would give.
    std::string joined;
    std::size_t length = path_segments.size() - fixed;
    for (std::size_t j = fixed; j < path_segments.size(); ++j) length += path_segments[j].size();
    joined.reserve(length);
    for (std::size_t j = fixed; j < path_segments.size(); ++j) {
      if (j > fixed) joined += '/';
      joined += path_segments[j];
    }
    params->add(segments_.back().text, std::move(joined));
  }
  return true;
}

bool PathPattern::match(const std::vector<std::string>& path_segments, RouteParams& params) const {
  return match_segments(path_segments, /*whole=*/true, &params);
}

bool PathPattern::matches(const std::vector<std::string>& path_segments) const {
  return match_segments(path_segments, /*whole=*/true, nullptr);
}

bool PathPattern::match_prefix(const std::vector<std::string>& path_segments, RouteParams& params) const {
  if (ends_with_rest()) return false;
  return match_segments(path_segments, /*whole=*/false, &params);
}

std::weak_ordering PathPattern::compare_precedence(const PathPattern& a, const PathPattern& b) {
  const std::size_t common = std::min(a.segments_.size(), b.segments_.size());
  for (std::size_t i = 0; i < common; ++i) {
    const Segment& x = a.segments_[i];
    const Segment& y = b.segments_[i];
    if (x.kind != y.kind) return x.kind <=> y.kind;
    // Different literals at one position never match the same path; ordering them by text only
    // makes the order total, so it cannot depend on registration order.
    if (x.kind == SegmentKind::kLiteral && x.text != y.text) {
      return x.text < y.text ? std::weak_ordering::less : std::weak_ordering::greater;
    }
  }
  return a.segments_.size() <=> b.segments_.size();
}

}  // namespace drdrill::http
