#include "storage/conditions.h"

#include <algorithm>
#include <chrono>

#include "storage/storage_time.h"

namespace drdrill::storage {

namespace {

std::vector<std::string> split_etags(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    const auto comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
  }
  return out;
}

bool contains(const std::vector<std::string>& etags, std::string_view etag) {
  return std::find(etags.begin(), etags.end(), etag) != etags.end();
}

bool has_star(const std::vector<std::string>& etags) { return contains(etags, "*"); }

TimePoint whole_seconds(TimePoint t) { return std::chrono::floor<std::chrono::seconds>(t); }

}  // namespace

ConditionalHeaders ConditionalHeaders::from(const http::Headers& headers) {
  ConditionalHeaders c;
  if (const auto v = headers.get("If-Match")) c.if_match = split_etags(*v);
  if (const auto v = headers.get("If-None-Match")) c.if_none_match = split_etags(*v);
  if (const auto v = headers.get("If-Modified-Since")) c.if_modified_since = parse_http_date(*v);
  if (const auto v = headers.get("If-Unmodified-Since")) c.if_unmodified_since = parse_http_date(*v);
  return c;
}

bool ConditionalHeaders::if_none_match_any() const { return if_none_match && has_star(*if_none_match); }

std::optional<BlobError> check_read_conditions(const ConditionalHeaders& c,
                                               const std::optional<ResourceVersion>& current) {
  if (!current) {
    if (c.if_match) return errors::condition_not_met_for_write();
    if (c.if_none_match_any()) return errors::unsatisfiable_condition();
    return std::nullopt;
  }
  if (c.if_none_match_any()) return errors::unsatisfiable_condition();
  const TimePoint modified = whole_seconds(current->last_modified);
  if (c.if_match && !has_star(*c.if_match) && !contains(*c.if_match, current->etag)) {
    return errors::condition_not_met_for_write();
  }
  if (c.if_unmodified_since && modified > *c.if_unmodified_since) return errors::condition_not_met_for_write();

  // (If-None-Match || If-Modified-Since): either one passing lets the read through.
  std::optional<bool> none_match_passes;
  if (c.if_none_match) none_match_passes = !contains(*c.if_none_match, current->etag);
  std::optional<bool> modified_since_passes;
  if (c.if_modified_since) modified_since_passes = modified > *c.if_modified_since;
  if (none_match_passes == false && modified_since_passes != true) return errors::not_modified();
  if (modified_since_passes == false && none_match_passes != true) return errors::not_modified();
  return std::nullopt;
}

std::optional<BlobError> check_write_conditions(const ConditionalHeaders& c,
                                                const std::optional<ResourceVersion>& current) {
  if (!current) {
    if (c.if_match) return errors::condition_not_met_for_write();
    return std::nullopt;
  }
  const TimePoint modified = whole_seconds(current->last_modified);
  if (c.if_match && !has_star(*c.if_match) && !contains(*c.if_match, current->etag)) {
    return errors::condition_not_met_for_write();
  }
  if (c.if_none_match && (has_star(*c.if_none_match) || contains(*c.if_none_match, current->etag))) {
    return errors::condition_not_met_for_write();
  }
  if (c.if_modified_since && modified <= *c.if_modified_since) return errors::condition_not_met_for_write();
  if (c.if_unmodified_since && modified > *c.if_unmodified_since) return errors::condition_not_met_for_write();
  return std::nullopt;
}

}  // namespace drdrill::storage
