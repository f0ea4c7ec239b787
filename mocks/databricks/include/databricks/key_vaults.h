#pragma once
// KeyVaults: the Azure Key Vaults that Key Vault-backed secret scopes read from.
//
// Secrets in such a scope are not written through Databricks (the API refuses: the scope is
// read-only) but in the vault itself, e.g. by CI/CD with `az keyvault secret set`. A drill owns one
// KeyVaults for its world and hands it to each workspace, so the primary and secondary workspaces
// can share a vault or use one each, as the user's setup does. Vault availability during a regional
// outage is not modelled.

#include <map>
#include <string>
#include <string_view>

#include "core/time.h"

namespace drdrill::databricks {

struct StoredSecret {
  std::string value;  // bytes
  TimePoint last_updated;
};

class KeyVaults {
 public:
  using Secrets = std::map<std::string, StoredSecret, std::less<>>;

  // Creates or replaces a secret in the vault named by its DNS name
  // ("https://kv-dr-east.vault.azure.net/"), creating the vault on first use.
  void put(std::string_view dns_name, std::string key, std::string value, TimePoint at);
  void remove(std::string_view dns_name, std::string_view key);
  // The vault's secrets, or nullptr if no such vault exists.
  const Secrets* find(std::string_view dns_name) const;

 private:
  std::map<std::string, Secrets, std::less<>> vaults_;
};

}  // namespace drdrill::databricks
