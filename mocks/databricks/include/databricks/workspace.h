#pragma once
// Workspace: one Databricks workspace's state (its control plane), owning every service model the
// REST API serves. Built on an injected Scheduler, so it runs the same in simulated and real time.
//
// Ownership: the Workspace owns its models; the Scheduler must outlive it. The Workspace cancels
// the events it scheduled when it is destroyed. Not thread-safe: use it from the scheduler's thread.

#include "core/scheduler.h"
#include "databricks/access_tokens.h"
#include "databricks/key_vaults.h"
#include "databricks/secret_store.h"
#include "databricks/workspace_config.h"
#include "databricks/workspace_tree.h"

namespace drdrill::databricks {

class Workspace {
 public:
  Workspace(WorkspaceConfig config, Scheduler& scheduler);
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const WorkspaceConfig& config() const { return config_; }
  Scheduler& scheduler() { return scheduler_; }

  AccessTokens& tokens() { return tokens_; }
  const AccessTokens& tokens() const { return tokens_; }
  WorkspaceTree& tree() { return tree_; }
  const WorkspaceTree& tree() const { return tree_; }
  SecretStore& secrets() { return secrets_; }
  const SecretStore& secrets() const { return secrets_; }

  // The Key Vaults that AZURE_KEYVAULT scopes read (owned by the drill's world; may be null).
  void set_key_vaults(const KeyVaults* vaults) { secrets_.set_key_vaults(vaults); }

 private:
  WorkspaceConfig config_;
  Scheduler& scheduler_;
  AccessTokens tokens_;
  WorkspaceTree tree_;
  SecretStore secrets_;
};

}  // namespace drdrill::databricks
