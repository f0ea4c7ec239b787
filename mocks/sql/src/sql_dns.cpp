#include "sql/sql_dns.h"

#include <algorithm>

#include "core/ascii_case.h"

namespace drdrill::sql {
namespace {

constexpr std::string_view kSecondaryLabel = ".secondary";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string SqlDnsZone::server_host(std::string_view server) { return ascii_lower(server) + std::string(kSqlDnsSuffix); }

std::string SqlDnsZone::read_write_listener(std::string_view fog) { return ascii_lower(fog) + std::string(kSqlDnsSuffix); }

std::string SqlDnsZone::read_only_listener(std::string_view fog) {
  return ascii_lower(fog) + std::string(kSecondaryLabel) + std::string(kSqlDnsSuffix);
}

Status SqlDnsZone::add_server(std::string_view server) {
  const std::string key = ascii_lower(server);
  if (listeners_.contains(key)) {
    return Status::AlreadyExists("DNS name " + server_host(server) + " is taken by a failover group");
  }
  servers_[key] = std::string(server);
  return Status::Ok();
}

void SqlDnsZone::remove_server(std::string_view server) {
  if (auto it = servers_.find(ascii_lower(server)); it != servers_.end()) servers_.erase(it);
}

Status SqlDnsZone::set_listeners(std::string_view fog, std::string_view primary_server,
                                 std::string_view secondary_server, Duration ttl) {
  const std::string key = ascii_lower(fog);
  if (servers_.contains(key)) {
    return Status::AlreadyExists("DNS name " + read_write_listener(fog) + " is taken by a logical server");
  }
  listeners_[key] = Listener{std::string(primary_server), std::string(secondary_server), ttl};
  return Status::Ok();
}

void SqlDnsZone::remove_listeners(std::string_view fog) {
  if (auto it = listeners_.find(ascii_lower(fog)); it != listeners_.end()) listeners_.erase(it);
}

Result<DnsAnswer> SqlDnsZone::resolve(std::string_view host) const {
  std::string name = ascii_lower(host);
  if (!name.empty() && name.back() == '.') name.pop_back();  // a fully qualified "name."
  if (!ends_with(name, kSqlDnsSuffix)) return Status::NotFound("no DNS record for " + std::string(host));
  const std::string label = name.substr(0, name.size() - kSqlDnsSuffix.size());
  if (ends_with(label, kSecondaryLabel)) {
    const std::string fog = label.substr(0, label.size() - kSecondaryLabel.size());
    if (auto it = listeners_.find(fog); it != listeners_.end()) return DnsAnswer{it->second.secondary, it->second.ttl};
    return Status::NotFound("no DNS record for " + std::string(host));
  }
  if (auto it = servers_.find(label); it != servers_.end()) return DnsAnswer{it->second, server_record_ttl_};
  if (auto it = listeners_.find(label); it != listeners_.end()) return DnsAnswer{it->second.primary, it->second.ttl};
  return Status::NotFound("no DNS record for " + std::string(host));
}

Result<std::string> DnsCache::resolve(std::string_view host, const SqlDnsZone& zone) {
  const std::string key = ascii_lower(host);
  const TimePoint now = clock_.now();
  if (auto it = entries_.find(key); it != entries_.end()) {
    if (now < it->second.expires_at) return it->second.server;
    entries_.erase(it);
  }
  auto answer = zone.resolve(host);
  if (!answer.ok()) return answer.status();  // failures are not cached
  const Duration lifetime = std::min(answer->ttl, max_ttl_);
  if (lifetime > Duration::zero()) entries_[key] = Entry{answer->server, now + lifetime};
  return answer->server;
}

}  // namespace drdrill::sql
