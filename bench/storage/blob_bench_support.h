#pragma once
// What the in-process Blob benches share: one storage account behind the Blob service on a manual
// clock, and string concatenation GCC 12 does not misreport at -O3.

#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "http/request.h"
#include "storage/blob_service.h"
#include "storage/storage_state.h"

namespace drdrill::bench {

// Concatenation by append: GCC 12 at -O3 reports a false -Wrestrict for chains of operator+.
inline std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out.append(part);
  return out;
}

// The account `config` describes, served by a BlobService whose clock stands at kDefaultEpoch.
struct BlobServiceWorld {
  explicit BlobServiceWorld(const storage::AccountConfig& config) : account(state.add_account(config).value()) {}

  int send(const http::Request& r) { return service.handle(r).status; }

  storage::StorageState state;
  ManualClock clock{kDefaultEpoch};
  storage::BlobService service{state, clock};
  storage::Account* account;
};

}  // namespace drdrill::bench
