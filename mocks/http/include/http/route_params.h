#pragma once
// RouteParams: the named values a route captured, decoded: "{account}" from a Host header or a
// path segment, "{blob...}" from the rest of a path. Kept in capture order (host first, then the
// path from left to right), so a test can compare them whole.

#include <string>
#include <string_view>
#include <optional>
#include <utility>
#include <vector>

namespace drdrill::http {

class RouteParams {
 public:
  using Param = std::pair<std::string, std::string>;

  RouteParams() = default;
  RouteParams(std::initializer_list<Param> params) : params_(params) {}

  void add(std::string name, std::string value) { params_.emplace_back(std::move(name), std::move(value)); }
  // Room for `n` parameters in all, so a router adding captures one by one allocates once.
  void reserve(std::size_t n) { params_.reserve(n); }
  // Appends every parameter of `more` after this one's.
  void append(const RouteParams& more) { params_.insert(params_.end(), more.params_.begin(), more.params_.end()); }

  // The first value captured under this name (exact, case-sensitive); nullopt if none.
  std::optional<std::string_view> get(std::string_view name) const;
  // The value of a parameter the matched pattern declares, so it is always there; asking for a
  // name the pattern does not declare is a programming error (asserted; "" in a release build).
  std::string_view at(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }

  const std::vector<Param>& params() const { return params_; }
  auto begin() const { return params_.begin(); }
  auto end() const { return params_.end(); }
  std::size_t size() const { return params_.size(); }
  bool empty() const { return params_.empty(); }

  friend bool operator==(const RouteParams&, const RouteParams&) = default;

 private:
  std::vector<Param> params_;
};

}  // namespace drdrill::http
