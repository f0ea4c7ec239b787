#pragma once
// StorageState: everything the storage fakes serve — the accounts, the health of their regions and
// the per-operation errors a drill injects.
// The blob service (and later the ARM service) are handlers over one StorageState; the drill
// reaches into it to inject faults and to read what was replicated.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/random.h"
#include "core/result.h"
#include "storage/account.h"
#include "storage/error_injection.h"
#include "storage/region_outage.h"

namespace drdrill::storage {

class StorageState {
 public:
  // Randomness comes from the world's Random (stream "storage.errors" for injected errors); the
  // default seed is for tests that inject nothing random.
  explicit StorageState(const Random& random = Random(0)) : errors_(random.stream("storage.errors")) {}

  // Fails if the configuration is invalid or an account of that name exists.
  Result<Account*> add_account(AccountConfig config);

  Account* find_account(std::string_view name);
  const Account* find_account(std::string_view name) const;

  // By name, in name order.
  const std::map<std::string, std::unique_ptr<Account>, std::less<>>& accounts() const { return accounts_; }

  RegionOutages& outages() { return outages_; }
  const RegionOutages& outages() const { return outages_; }

  ErrorInjector& errors() { return errors_; }

 private:
  std::map<std::string, std::unique_ptr<Account>, std::less<>> accounts_;
  RegionOutages outages_;
  ErrorInjector errors_;
};

}  // namespace drdrill::storage
