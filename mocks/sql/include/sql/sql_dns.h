#pragma once
// The DNS names clients use to reach Azure SQL, and how clients cache them.
//
// SqlDnsZone is the authoritative view of `database.windows.net`: one name per logical server
// (`<server>.database.windows.net`) and, per failover group, the read-write listener
// `<fog>.database.windows.net` (a CNAME to the current primary server) and the read-only listener
// `<fog>.secondary.database.windows.net` (to the current secondary). Listener records carry a
// 30 s TTL (dr-parameters Q4, behaviour 2b.5); failover moves them at once, but clients only see
// the move when their cached answer expires.
//
// DnsCache is one client's resolver cache (a JVM caches a lookup for networkaddress.cache.ttl,
// 30 s by default): an answer is reused until min(record TTL, the client's own limit) has passed
// on the injected Clock. A client that resolved a listener just before a failover keeps reaching
// the old server for up to that long.

#include <map>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "core/time.h"

namespace drdrill::sql {

inline constexpr std::string_view kSqlDnsSuffix = ".database.windows.net";
inline constexpr Duration kListenerTtl = 30s;
// A server's own name never moves; its TTL only bounds how long a client caches it. [Inf]
inline constexpr Duration kServerRecordTtl = 300s;

struct DnsAnswer {
  std::string server;  // the logical server the name leads to
  Duration ttl{0};
};

class SqlDnsZone {
 public:
  // "<server>.database.windows.net" → server. Names are case-insensitive.
  Status add_server(std::string_view server);
  void remove_server(std::string_view server);
  // Creates or moves the two listener names of failover group `fog`. A group name shares the
  // namespace with server names, so it may not equal one.
  Status set_listeners(std::string_view fog, std::string_view primary_server, std::string_view secondary_server,
                       Duration ttl = kListenerTtl);
  void remove_listeners(std::string_view fog);

  // The TTL server records carry (kServerRecordTtl unless set).
  void set_server_record_ttl(Duration ttl) { server_record_ttl_ = ttl; }

  // Answers for a full host name; NotFound for a name nobody registered.
  Result<DnsAnswer> resolve(std::string_view host) const;

  static std::string server_host(std::string_view server);
  static std::string read_write_listener(std::string_view fog);
  static std::string read_only_listener(std::string_view fog);

 private:
  struct Listener {
    std::string primary;
    std::string secondary;
    Duration ttl;
  };
  std::map<std::string, std::string, std::less<>> servers_;  // lower-case name → server name
  std::map<std::string, Listener, std::less<>> listeners_;   // lower-case fog name
  Duration server_record_ttl_ = kServerRecordTtl;
};

class DnsCache {
 public:
  explicit DnsCache(const Clock& clock, Duration max_ttl = kListenerTtl) : clock_(clock), max_ttl_(max_ttl) {}

  // The cached answer while it is fresh, otherwise a new lookup in `zone` (then cached).
  Result<std::string> resolve(std::string_view host, const SqlDnsZone& zone);
  void flush() { entries_.clear(); }
  Duration max_ttl() const { return max_ttl_; }

 private:
  struct Entry {
    std::string server;
    TimePoint expires_at;
  };
  const Clock& clock_;
  Duration max_ttl_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace drdrill::sql
