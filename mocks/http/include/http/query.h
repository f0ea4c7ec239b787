#pragma once
// QueryParams: a request's query string parsed into decoded name/value pairs, in the order sent.
//
// Nothing is merged or dropped, because the services disagree about what matters:
// - repeated names are kept in order (Azure SharedKey sorts and comma-joins their values);
// - "?restype" (no '='), "?prefix=" (empty value) and "?prefix=a" are told apart, because Azure
//   SharedKey canonicalisation drops the first two while a listing treats "prefix=" as no prefix;
// - lookups are case-sensitive by default, with an explicit case-insensitive variant because Azure
//   matches "comp" and "restype" regardless of case while Databricks does not.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/url.h"

namespace drdrill::http {

class QueryParams {
 public:
  struct Param {
    std::string name;                  // decoded
    std::optional<std::string> value;  // decoded; nullopt when the pair had no '=' ("?restype")

    friend bool operator==(const Param&, const Param&) = default;
  };

  QueryParams() = default;

  // Parses "a=1&b=&c&a=2" (no leading '?'). Empty pieces ("a=1&&b=2", a trailing '&') are skipped;
  // a piece that is only "=x" yields a parameter with an empty name. Only the first '=' splits, so
  // "sig=ab==" has the value "ab==". Error (InvalidArgument): a malformed percent-escape in any
  // name or value; the message names the offending piece.
  static Result<QueryParams> parse(std::string_view raw_query, PlusSign plus = PlusSign::kLiteral);

  // The first parameter with exactly this (decoded) name; nullptr if absent.
  const Param* find(std::string_view name) const;
  // The first parameter whose name equals this one ignoring ASCII case; nullptr if absent.
  const Param* ifind(std::string_view name) const;

  // The first value of `name`: nullopt if the name is absent, "" if present without '=' or with an
  // empty value. Use find() when those two must be told apart.
  std::optional<std::string_view> get(std::string_view name) const;
  std::optional<std::string_view> iget(std::string_view name) const;  // ignoring ASCII case
  // Every value of `name` in the order sent (an absent value as "").
  std::vector<std::string_view> get_all(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  bool ihas(std::string_view name) const { return ifind(name) != nullptr; }

  void add(std::string name, std::optional<std::string> value) {
    params_.push_back({std::move(name), std::move(value)});
  }

  const std::vector<Param>& params() const { return params_; }
  auto begin() const { return params_.begin(); }
  auto end() const { return params_.end(); }
  std::size_t size() const { return params_.size(); }
  bool empty() const { return params_.empty(); }

  friend bool operator==(const QueryParams&, const QueryParams&) = default;

 private:
  std::vector<Param> params_;
};

}  // namespace drdrill::http
