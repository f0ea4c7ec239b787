#include "databricks/key_vaults.h"

#include <utility>

namespace drdrill::databricks {

void KeyVaults::put(std::string_view dns_name, std::string key, std::string value, TimePoint at) {
  auto vault = vaults_.find(dns_name);
  if (vault == vaults_.end()) vault = vaults_.emplace(std::string(dns_name), Secrets{}).first;
  vault->second.insert_or_assign(std::move(key), StoredSecret{std::move(value), at});
}

void KeyVaults::remove(std::string_view dns_name, std::string_view key) {
  const auto vault = vaults_.find(dns_name);
  if (vault == vaults_.end()) return;
  const auto secret = vault->second.find(key);
  if (secret != vault->second.end()) vault->second.erase(secret);
}

const KeyVaults::Secrets* KeyVaults::find(std::string_view dns_name) const {
  const auto vault = vaults_.find(dns_name);
  return vault == vaults_.end() ? nullptr : &vault->second;
}

}  // namespace drdrill::databricks
