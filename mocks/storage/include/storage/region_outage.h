#pragma once
// RegionOutages: which regions are down, and how their endpoints fail as a client sees it.
//
// A state flag, not behaviour: the blob service answers 503 ServerBusy for any endpoint in a region
// that is down; a transport that can do better consults the mode first and refuses the connection
// or holds the request until the client times out. The drill sets and clears outages on schedule.

#include <map>
#include <string>
#include <string_view>

namespace drdrill::storage {

enum class OutageMode {
  kNone,               // serving normally
  kRefuseConnections,  // the transport refuses the TCP connection (ECONNREFUSED)
  kServerBusy,         // every request gets 503 ServerBusy
  kHang,               // the transport accepts and never answers; the client times out
};

// "none", "refuse", "server-busy", "hang": the names scenario files use.
std::string_view to_string(OutageMode mode);

class RegionOutages {
 public:
  // kNone ends the region's outage.
  void set(std::string_view region, OutageMode mode);
  OutageMode mode(std::string_view region) const;

 private:
  std::map<std::string, OutageMode, std::less<>> down_;
};

}  // namespace drdrill::storage
