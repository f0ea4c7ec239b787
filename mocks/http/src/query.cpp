#include "http/query.h"

#include <algorithm>

#include "http/headers.h"

namespace drdrill::http {

Result<QueryParams> QueryParams::parse(std::string_view raw_query, PlusSign plus) {
  QueryParams out;
  // Sized once (every routed request parses its query): one parameter per '&'-separated piece.
  if (!raw_query.empty()) {
    out.params_.reserve(static_cast<std::size_t>(std::count(raw_query.begin(), raw_query.end(), '&')) + 1);
  }
  while (!raw_query.empty()) {
    const auto amp = raw_query.find('&');
    const std::string_view piece = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view{} : raw_query.substr(amp + 1);
    if (piece.empty()) continue;

    const auto eq = piece.find('=');
    auto name = percent_decode(piece.substr(0, eq), plus);
    if (!name.ok()) {
      return Status::InvalidArgument("query parameter name '" + std::string(piece.substr(0, eq)) +
                                     "': " + name.status().message());
    }
    std::optional<std::string> value;
    if (eq != std::string_view::npos) {
      auto decoded = percent_decode(piece.substr(eq + 1), plus);
      if (!decoded.ok()) {
        // The value is left out of the message: it may be a credential (a SAS "sig").
        return Status::InvalidArgument("value of query parameter '" + *name + "': " + decoded.status().message());
      }
      value = std::move(decoded).value();
    }
    out.add(std::move(name).value(), std::move(value));
  }
  return out;
}

const QueryParams::Param* QueryParams::find(std::string_view name) const {
  for (const auto& p : params_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const QueryParams::Param* QueryParams::ifind(std::string_view name) const {
  for (const auto& p : params_) {
    if (iequals(p.name, name)) return &p;
  }
  return nullptr;
}

std::optional<std::string_view> QueryParams::get(std::string_view name) const {
  const Param* p = find(name);
  if (p == nullptr) return std::nullopt;
  return p->value ? std::string_view(*p->value) : std::string_view{};
}

std::optional<std::string_view> QueryParams::iget(std::string_view name) const {
  const Param* p = ifind(name);
  if (p == nullptr) return std::nullopt;
  return p->value ? std::string_view(*p->value) : std::string_view{};
}

std::vector<std::string_view> QueryParams::get_all(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& p : params_) {
    if (p.name == name) values.push_back(p.value ? std::string_view(*p.value) : std::string_view{});
  }
  return values;
}

}  // namespace drdrill::http
