#include "serve/served_world.h"

#include <utility>
#include <vector>

#include "serve/account_key.h"
#include "storage/account.h"
#include "transport/wall_clock.h"

namespace drdrill::serve {

namespace {

std::string connection_string(const std::string& account, const std::string& key, const std::string& blob_endpoint,
                              bool https) {
  return std::string("DefaultEndpointsProtocol=") + (https ? "https" : "http") + ";AccountName=" + account +
         ";AccountKey=" + key + ";BlobEndpoint=" + blob_endpoint + ";";
}

}  // namespace

ServedWorld::ServedWorld(boost::asio::io_context& io_context, ServeConfig config, TimePoint start_time,
                         transport::LocalCertificateAuthority ca)
    : config_(std::move(config)),
      start_time_(start_time),
      random_(config_.seed),
      scheduler_(io_context, start_time_, config_.time_scale),
      ca_(std::move(ca)),
      io_context_(io_context) {}

ServedWorld::~ServedWorld() = default;

Result<std::unique_ptr<ServedWorld>> ServedWorld::create(boost::asio::io_context& io_context, ServeConfig config) {
  if (!(config.time_scale > 0) || config.time_scale > 1e9) {
    return Status::InvalidArgument("the time scale must be positive and at most 1e9");
  }
  if (config.hang_limit.count() <= 0) return Status::InvalidArgument("the hang limit must be positive");
  ServedStorageConfig& storage_config = config.storage;
  if (storage_config.key1.empty()) storage_config.key1 = derive_account_key(config.seed, storage_config.account, 1);
  if (storage_config.key2.empty()) storage_config.key2 = derive_account_key(config.seed, storage_config.account, 2);

  auto ca = transport::LocalCertificateAuthority::create("drdrill serve local CA");
  if (!ca.ok()) return ca.status();
  const TimePoint start = config.start_time.value_or(transport::wall_clock_now());
  std::unique_ptr<ServedWorld> world(new ServedWorld(io_context, std::move(config), start, std::move(ca).value()));

  auto storage = ServedStorage::create(world->config_.storage, world->scheduler_, world->random_);
  if (!storage.ok()) return storage.status();
  world->storage_ = std::move(storage).value();

  const std::string& account = world->config_.storage.account;
  auto identity = world->ca_.issue_server_identity(
      {"*.blob.localhost", account + ".blob.localhost", account + "-secondary.blob.localhost"});
  if (!identity.ok()) return identity.status();

  world->identity_ = std::move(identity).value();

  transport::HttpServerOptions http;
  http.port = world->config_.blob_port;
  http.hold_limit = world->config_.hang_limit;
  transport::HttpServerOptions https = http;
  https.port = world->config_.blob_https_port;
  https.tls = world->identity_;
  world->blob_http_ = std::make_unique<transport::HttpServer>(io_context, world->storage_->blob_handler(), http);
  world->blob_https_ = std::make_unique<transport::HttpServer>(io_context, world->storage_->blob_handler(), https);
  return world;
}

Status ServedWorld::start() {
  DRDRILL_RETURN_IF_ERROR(blob_http_->start());
  DRDRILL_RETURN_IF_ERROR(blob_https_->start());

  // ARM hands out the blob endpoints as clients reach them: HTTPS path style, like the real
  // service's https://<account>.blob.core.windows.net/ (the client trusts the run's CA for ARM
  // anyway). Its own absolute URLs (long-running operations) follow the Host header clients send.
  operations_ = std::make_unique<arm::OperationRegistry>(scheduler_);
  arm_gateway_ = std::make_unique<arm::Gateway>(scheduler_);
  storage_arm::StorageArmConfig arm_config;
  arm_config.subscription_id = config_.subscription_id;
  arm_config.resource_group = config_.resource_group;
  arm_config.blob_endpoint = blob_https_->base_url() + "/{account}/";
  storage_provider_ = std::make_unique<storage_arm::StorageResourceProvider>(
      *arm_gateway_, *operations_, storage_->state(), storage_->failovers(), arm_config);

  transport::HttpServerOptions arm_options;
  arm_options.port = config_.arm_port;
  arm_options.tls = identity_;
  arm_https_ = std::make_unique<transport::HttpServer>(
      io_context_, [gateway = arm_gateway_.get()](const http::Request& request) { return gateway->handle(request); },
      arm_options);
  return arm_https_->start();
}

void ServedWorld::stop(std::function<void()> on_stopped) {
  // Each server reports once; the callback runs after the last.
  std::vector<transport::HttpServer*> servers = {blob_http_.get(), blob_https_.get()};
  if (arm_https_) servers.push_back(arm_https_.get());
  auto remaining = std::make_shared<std::size_t>(servers.size());
  auto done = [remaining, cb = std::move(on_stopped)] {
    if (--*remaining == 0 && cb) cb();
  };
  for (auto* server : servers) server->stop(done);
}

std::uint64_t ServedWorld::requests_handled() const {
  return blob_http_->requests_handled() + blob_https_->requests_handled() +
         (arm_https_ ? arm_https_->requests_handled() : 0);
}

std::vector<Listener> ServedWorld::listeners() const {
  std::vector<Listener> out = {
      {"blob (http, path style /<account>, host style <account>.blob.localhost)", blob_http_->base_url()},
      {"blob (https, same addressing)", blob_https_->base_url()}};
  if (arm_https_) out.push_back({"ARM (https, Microsoft.Storage)", arm_https_->base_url()});
  return out;
}

nlohmann::json ServedWorld::endpoints(const std::filesystem::path& ca_file) const {
  const ServedStorageConfig& s = config_.storage;
  const std::string http = blob_http_->base_url();
  const std::string https = blob_https_->base_url();
  const std::string http_port = std::to_string(blob_http_->port());
  const std::string https_port = std::to_string(blob_https_->port());
  const std::string primary = http + "/" + s.account;
  const std::string secondary = http + "/" + s.account + "-secondary";
  const std::string primary_https = https + "/" + s.account;
  const std::string secondary_https = https + "/" + s.account + "-secondary";

  nlohmann::json storage = {
      {"account", s.account},
      {"key", s.key1},
      {"key2", s.key2},
      {"sku", std::string(storage::sku_name(storage::Redundancy::kRaGrs))},
      {"primary_region", s.primary_region},
      {"secondary_region", s.secondary_region},
      {"blob_primary", primary},
      {"blob_secondary", secondary},
      {"blob_primary_https", primary_https},
      {"blob_secondary_https", secondary_https},
      {"blob_primary_host_style", "http://" + s.account + ".blob.localhost:" + http_port},
      {"blob_secondary_host_style", "http://" + s.account + "-secondary.blob.localhost:" + http_port},
      {"blob_primary_host_style_https", "https://" + s.account + ".blob.localhost:" + https_port},
      {"blob_secondary_host_style_https", "https://" + s.account + "-secondary.blob.localhost:" + https_port},
      {"connection_string", connection_string(s.account, s.key1, primary, false)},
      {"connection_string_secondary", connection_string(s.account, s.key1, secondary, false)},
      {"connection_string_https", connection_string(s.account, s.key1, primary_https, true)},
      {"connection_string_secondary_https", connection_string(s.account, s.key1, secondary_https, true)},
  };
  nlohmann::json arm = {
      {"endpoint", arm_https_ ? arm_https_->base_url() : std::string()},
      {"subscription", config_.subscription_id},
      {"resource_group", config_.resource_group},
      {"storage_account_id", "/subscriptions/" + config_.subscription_id + "/resourceGroups/" +
                                 config_.resource_group + "/providers/Microsoft.Storage/storageAccounts/" + s.account},
  };
  return {
      {"version", 1},
      {"storage", std::move(storage)},
      {"arm", std::move(arm)},
      {"tls", {{"ca_file", ca_file.string()}}},
      {"time", {{"start", format_iso8601(start_time_)}, {"scale", config_.time_scale}}},
      {"seed", config_.seed},
  };
}

}  // namespace drdrill::serve
