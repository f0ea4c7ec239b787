#include "storage/account.h"

#include <cassert>
#include <utility>

#include "core/ascii_case.h"
#include "storage/crypto.h"

namespace drdrill::storage {

bool is_geo_redundant(Redundancy r) {
  return r == Redundancy::kGrs || r == Redundancy::kRaGrs || r == Redundancy::kGzrs || r == Redundancy::kRaGzrs;
}

bool has_readable_secondary(Redundancy r) { return r == Redundancy::kRaGrs || r == Redundancy::kRaGzrs; }

std::string_view sku_name(Redundancy r) {
  switch (r) {
    case Redundancy::kLrs: return "Standard_LRS";
    case Redundancy::kZrs: return "Standard_ZRS";
    case Redundancy::kGrs: return "Standard_GRS";
    case Redundancy::kRaGrs: return "Standard_RAGRS";
    case Redundancy::kGzrs: return "Standard_GZRS";
    case Redundancy::kRaGzrs: return "Standard_RAGZRS";
  }
  return "Standard_LRS";
}

std::optional<Redundancy> parse_sku_name(std::string_view name) {
  for (Redundancy r : {Redundancy::kLrs, Redundancy::kZrs, Redundancy::kGrs, Redundancy::kRaGrs, Redundancy::kGzrs,
                       Redundancy::kRaGzrs}) {
    const std::string_view candidate = sku_name(r);
    if (equals_ignoring_ascii_case(candidate, name)) return r;
  }
  return std::nullopt;
}

AccountConfig AccountConfig::devstoreaccount1() {
  AccountConfig c;
  c.name = "devstoreaccount1";
  // key1 is published in the Azurite README and the emulator documentation (not a secret); Azurite
  // has no second key, so key2 is drdrill's own, equally public.
  c.key1 = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  c.key2 = "ZHJkcmlsbCBkZXZzdG9yZWFjY291bnQxIGtleTIgKG5vdCBhIHNlY3JldCk=";
  return c;
}

namespace {
bool valid_account_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 24) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}
}  // namespace

Result<std::unique_ptr<Account>> Account::create(AccountConfig config) {
  if (!valid_account_name(config.name)) {
    return Status::InvalidArgument("storage account name must be 3-24 lower-case letters and digits: '" +
                                   config.name + "'");
  }
  auto key1 = base64_decode(config.key1);
  auto key2 = base64_decode(config.key2);
  if (!key1 || key1->empty() || !key2 || key2->empty()) {
    return Status::InvalidArgument("storage account keys must be non-empty base64 (account " + config.name + ")");
  }
  return std::unique_ptr<Account>(new Account(std::move(config), {std::move(*key1), std::move(*key2)}));
}

Account::Account(AccountConfig config, std::array<std::string, 2> keys)
    : config_(std::move(config)),
      home_location_(config_.primary_location),
      keys_(std::move(keys)),
      link_(std::make_unique<ImmediateReplication>(secondary_)),
      default_properties_(std::make_shared<const BlobProperties>()),
      last_properties_(default_properties_) {}

void Account::acknowledge(Mutation write, TimePoint now) {
  [[maybe_unused]] const Status applied = primary_.apply(write);
  assert(applied.ok() && "the service validates a write before acknowledging it");
  if (observer_.on_write) observer_.on_write(*this, write);
  if (is_geo_redundant(config_.redundancy)) link_->replicate(std::move(write), now);
}

void Account::promote_secondary_copy() {
  primary_ = std::move(secondary_);
  secondary_ = BlobStore();
  drop_staged_blocks();
  if (observer_.on_replaced) observer_.on_replaced(*this);
}

Status Account::restore(const Mutation& write) {
  DRDRILL_RETURN_IF_ERROR(primary_.apply(write));
  DRDRILL_RETURN_IF_ERROR(secondary_.apply(write));
  if (const auto* put = std::get_if<PutBlob>(&write)) etags_.skip_past(put->value.etag);
  if (const auto* put = std::get_if<PutContainer>(&write)) etags_.skip_past(put->properties.etag);
  return Status::Ok();
}

std::shared_ptr<const BlobProperties> Account::intern(BlobProperties properties) {
  if (properties == *default_properties_) return default_properties_;
  if (properties == *last_properties_) return last_properties_;
  last_properties_ = std::make_shared<const BlobProperties>(std::move(properties));
  return last_properties_;
}

}  // namespace drdrill::storage
