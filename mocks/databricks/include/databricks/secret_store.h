#pragma once
// SecretStore: a workspace's secret scopes (Secrets API 2.0) and the resolution of
// `{{secrets/<scope>/<key>}}` references in cluster configuration.
//
// Two backends, as on Azure Databricks:
// - DATABRICKS: secrets are written and deleted through the API;
// - AZURE_KEYVAULT: the scope names a vault (KeyVaults); the API can list and read its secrets
//   but refuses to write or delete them (400 BAD_REQUEST), exactly the constraint that makes a DR
//   runbook put secrets into the vault rather than the workspace.
// Limits enforced as documented: scope and key names [A-Za-z0-9-_.], at most 128 characters; values
// at most 128 KiB; at most 1000 secrets per scope and 1000 scopes per workspace.
//
// Why references matter for DR: the passive workspace's cluster conf carries the metastore password
// as `{{secrets/hms/password}}`. If CI/CD never created that secret in the secondary workspace, the
// cluster fails to start at failover time (SECRET_RESOLUTION_ERROR), which a drill must surface.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "databricks/api_error.h"
#include "databricks/key_vaults.h"

namespace drdrill::databricks {

enum class ScopeBackend { kDatabricks, kAzureKeyVault };
std::string_view to_string(ScopeBackend backend);  // "DATABRICKS", "AZURE_KEYVAULT"
std::optional<ScopeBackend> parse_scope_backend(std::string_view text);

struct KeyVaultMetadata {
  std::string resource_id;
  std::string dns_name;
};

struct ScopeInfo {
  std::string name;
  ScopeBackend backend = ScopeBackend::kDatabricks;
  std::optional<KeyVaultMetadata> keyvault;
};

struct SecretMetadata {
  std::string key;
  TimePoint last_updated;
};

class SecretStore {
 public:
  static constexpr std::size_t kMaxNameLength = 128;
  static constexpr std::size_t kMaxValueBytes = 128 * 1024;
  static constexpr std::size_t kMaxSecretsPerScope = 1000;
  static constexpr std::size_t kMaxScopes = 1000;

  // `vaults` may be null (then Key Vault-backed scopes read as empty); it must outlive the store.
  SecretStore(const Clock& clock, const KeyVaults* vaults) : clock_(clock), vaults_(vaults) {}
  void set_key_vaults(const KeyVaults* vaults) { vaults_ = vaults; }

  ApiStatus create_scope(const ScopeInfo& scope);
  ApiStatus delete_scope(std::string_view name);
  // Ordered by name.
  std::vector<ScopeInfo> list_scopes() const;

  ApiStatus put(std::string_view scope, std::string_view key, std::string value);
  ApiStatus remove(std::string_view scope, std::string_view key);
  // Ordered by key; no values.
  ApiResult<std::vector<SecretMetadata>> list(std::string_view scope) const;
  ApiResult<std::string> get(std::string_view scope, std::string_view key) const;

  // A configuration value with its secret reference resolved. Only a value that is exactly
  // "{{secrets/<scope>/<key>}}" is a reference (as in Spark conf on Databricks); anything else is
  // returned unchanged. Error: the scope or key does not exist.
  ApiResult<std::string> resolve(std::string_view value) const;

 private:
  struct Scope {
    ScopeInfo info;
    std::map<std::string, StoredSecret, std::less<>> secrets;  // DATABRICKS backend only
  };

  ApiResult<const Scope*> find_scope(std::string_view name) const;
  const std::map<std::string, StoredSecret, std::less<>>* secrets_of(const Scope& scope) const;

  const Clock& clock_;
  const KeyVaults* vaults_;
  std::map<std::string, Scope, std::less<>> scopes_;
};

// True if the value is a secret reference "{{secrets/<scope>/<key>}}".
bool is_secret_reference(std::string_view value);

}  // namespace drdrill::databricks
