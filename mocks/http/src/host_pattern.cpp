#include "http/host_pattern.h"

#include <algorithm>

#include "core/ascii_case.h"
#include "http/headers.h"
#include "param_name.h"

namespace drdrill::http {

namespace {

// "a.b.c" -> {"c", "b", "a"}; one trailing dot ignored.
std::vector<std::string_view> labels_right_to_left(std::string_view host) {
  if (host.ends_with('.')) host.remove_suffix(1);
  std::vector<std::string_view> labels;
  while (true) {
    const auto dot = host.rfind('.');
    if (dot == std::string_view::npos) {
      labels.push_back(host);
      break;
    }
    labels.push_back(host.substr(dot + 1));
    host = host.substr(0, dot);
  }
  return labels;
}

}  // namespace

Result<HostPattern> HostPattern::parse(std::string_view pattern) {
  const auto invalid = [&](std::string why) {
    return Status::InvalidArgument("host pattern '" + std::string(pattern) + "': " + std::move(why));
  };
  if (pattern.empty()) return invalid("empty");
  if (pattern.find(':') != std::string_view::npos) return invalid("':' (a port is ignored when matching; an IPv6 literal cannot be a pattern)");

  HostPattern out;
  out.text_ = std::string(pattern);
  for (const std::string_view label : labels_right_to_left(pattern)) {
    if (label.empty()) return invalid("empty label");
    const bool braced = label.size() >= 2 && label.front() == '{' && label.back() == '}';
    if (!braced) {
      if (label.find_first_of("{}") != std::string_view::npos) {
        return invalid("'{' and '}' must enclose a whole label");
      }
      out.labels_.push_back({false, ascii_lower(label)});
      continue;
    }
    const std::string_view name = label.substr(1, label.size() - 2);
    if (!detail::is_param_name(name)) return invalid("parameter name '" + std::string(name) + "' is not [A-Za-z_][A-Za-z0-9_]*");
    const bool seen = std::any_of(out.labels_.begin(), out.labels_.end(),
                                  [&](const Label& l) { return l.is_param && l.text == name; });
    if (seen) return invalid("parameter '" + std::string(name) + "' appears twice");
    out.labels_.push_back({true, std::string(name)});
  }
  return out;
}

bool HostPattern::match(std::string_view host, RouteParams& params) const {
  // Walks the host's labels in place (no list of labels, no lower-cased copies): this runs for
  // every request a virtual host front receives.
  if (host.empty()) return false;
  if (host.ends_with('.')) host.remove_suffix(1);
  // First from the right, as the labels are stored, checking every literal and the label count.
  std::string_view rest = host;
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    const bool last = i + 1 == labels_.size();
    const auto dot = rest.rfind('.');
    if (last != (dot == std::string_view::npos)) return false;  // more or fewer labels than the pattern
    const std::string_view got = last ? rest : rest.substr(dot + 1);
    if (got.empty()) return false;
    if (!labels_[i].is_param && !iequals(got, labels_[i].text)) return false;
    if (!last) rest = rest.substr(0, dot);
  }
  // Matched: captures are reported left to right, as the host is written.
  rest = host;
  for (std::size_t i = labels_.size(); i-- > 0;) {
    const auto dot = rest.find('.');
    const std::string_view got = rest.substr(0, dot);
    if (labels_[i].is_param) params.add(labels_[i].text, ascii_lower(got));
    if (dot != std::string_view::npos) rest.remove_prefix(dot + 1);
  }
  return true;
}

std::weak_ordering HostPattern::compare_precedence(const HostPattern& a, const HostPattern& b) {
  const std::size_t common = std::min(a.labels_.size(), b.labels_.size());
  for (std::size_t i = 0; i < common; ++i) {
    const Label& x = a.labels_[i];
    const Label& y = b.labels_[i];
    if (x.is_param != y.is_param) return x.is_param ? std::weak_ordering::greater : std::weak_ordering::less;
    if (!x.is_param && x.text != y.text) {
      return x.text < y.text ? std::weak_ordering::less : std::weak_ordering::greater;
    }
  }
  return a.labels_.size() <=> b.labels_.size();
}

}  // namespace drdrill::http
