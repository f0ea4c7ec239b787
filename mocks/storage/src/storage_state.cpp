#include "storage/storage_state.h"

#include <utility>

namespace drdrill::storage {

Result<Account*> StorageState::add_account(AccountConfig config) {
  if (accounts_.contains(config.name)) return Status::AlreadyExists("storage account " + config.name + " exists");
  auto account = Account::create(std::move(config));
  if (!account.ok()) return account.status();
  Account* raw = account->get();
  accounts_.emplace(raw->name(), std::move(account).value());
  return raw;
}

Account* StorageState::find_account(std::string_view name) {
  const auto it = accounts_.find(name);
  return it == accounts_.end() ? nullptr : it->second.get();
}

const Account* StorageState::find_account(std::string_view name) const {
  const auto it = accounts_.find(name);
  return it == accounts_.end() ? nullptr : it->second.get();
}

}  // namespace drdrill::storage
