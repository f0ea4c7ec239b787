#include "serve/served_drill.h"

#include <cstdio>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "core/random.h"
#include "databricks/api_faults.h"
#include "http/request.h"
#include "serve/control_api.h"
#include "storage/region_outage.h"
#include "serve/tool_activity.h"
#include "storage/account.h"
#include "transport/wall_clock.h"

namespace drdrill::serve {
namespace {

using Json = nlohmann::json;

std::string connection_string(const std::string& account, const std::string& key, const std::string& blob_endpoint,
                              bool https) {
  return std::string("DefaultEndpointsProtocol=") + (https ? "https" : "http") + ";AccountName=" + account +
         ";AccountKey=" + key + ";BlobEndpoint=" + blob_endpoint + ";";
}

// A control token from the seed's own stream: the same seed gives the same token (scripts may rely
// on it), and it is not ARM's "any token".
std::string derive_control_token(std::uint64_t seed) {
  RandomStream rng = Random(seed).stream("serve.control_token");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token = "drdrill-control-";
  for (int i = 0; i < 32; ++i) token += kHex[rng.uniform_int(0, 15)];
  return token;
}

// The answer for a request to a Blob endpoint failing in `mode`: kNone and server-busy give nullopt
// (serve normally: the Blob service answers 503 ServerBusy itself); refuse closes the connection
// unanswered — a listener cannot refuse the TCP connection before it knows which endpoint it is for
// (accounts share a port), so the client meets a reset (ECONNRESET rather than ECONNREFUSED), a
// network error of the same family, retried alike; hang holds it.
std::optional<http::Response> outage_response(storage::OutageMode mode) {
  http::Response response;
  switch (mode) {
    case storage::OutageMode::kNone:
    case storage::OutageMode::kServerBusy:
      return std::nullopt;
    case storage::OutageMode::kRefuseConnections:
      response.disposition = http::Disposition::kCloseWithoutResponse;
      return response;
    case storage::OutageMode::kHang:
      response.disposition = http::Disposition::kHold;
      return response;
  }
  return std::nullopt;
}

// Whether a Blob request could fail on the wire right now: some endpoint of some account is down
// (its region, its failover, or the account on its own; stale DNS after a failover only ever leads
// to one of the account's two regions). StorageFront::outage_mode() addresses the request a second
// time to find out, which costs as much as the rest of a small GET's routing; while nothing is down
// (the common case) its answer can only be kNone, so the served path skips it.
bool any_blob_endpoint_down(sim::World& world) {
  if (world.blob_front().any_account_outage()) return true;
  const storage::StorageState& state = world.storage();
  for (const auto& [name, account] : state.accounts()) {
    if (account->failover().endpoints_down != storage::OutageMode::kNone) return true;
    if (state.outages().mode(account->config().primary_location) != storage::OutageMode::kNone) return true;
    if (state.outages().mode(account->config().secondary_location) != storage::OutageMode::kNone) return true;
  }
  return false;
}

// Whether answering `request` may have changed the world. Reads (GET, HEAD, OPTIONS) cannot make a
// secondary accept a write, create a second writable primary, run a held job or lose a ledgered
// write, so the drill's invariants are checked again only after the others.
bool may_change_the_world(const http::Request& request) {
  return request.method != http::Method::kGet && request.method != http::Method::kHead &&
         request.method != http::Method::kOptions;
}

// A workspace whose control plane a fault took down fails on the wire as the fault says.
std::optional<http::Response> workspace_outage_response(databricks::ControlPlaneOutage mode) {
  http::Response response;
  switch (mode) {
    case databricks::ControlPlaneOutage::kRefuseConnections:
      response.disposition = http::Disposition::kCloseWithoutResponse;
      return response;
    case databricks::ControlPlaneOutage::kHang:
      response.disposition = http::Disposition::kHold;
      return response;
    default:
      return std::nullopt;  // none, or 503 from the REST API itself
  }
}

// The only workspace of `region`, or "".
std::string only_workspace_in(const sim::Scenario& scenario, const std::string& region) {
  std::string found;
  for (const sim::Workspace& ws : scenario.topology.workspaces) {
    if (ws.region != region) continue;
    if (!found.empty()) return "";
    found = ws.name;
  }
  return found;
}

}  // namespace

ServedDrill::ServedDrill(boost::asio::io_context& io_context, ServedDrillConfig config, TimePoint start_time,
                         transport::LocalCertificateAuthority ca)
    : io_context_(io_context), config_(std::move(config)), start_time_(start_time), ca_(std::move(ca)) {}

ServedDrill::~ServedDrill() = default;

std::uint64_t ServedDrill::seed() const { return config_.seed.value_or(config_.scenario.seed); }

std::uint16_t ServedDrill::arm_port() const { return arm_https_->port(); }

Result<std::unique_ptr<ServedDrill>> ServedDrill::create(boost::asio::io_context& io_context, ServedDrillConfig config) {
  if (!(config.time_scale > 0) || config.time_scale > 1e9) {
    return Status::InvalidArgument("the time scale must be positive and at most 1e9");
  }
  if (config.hang_limit.count() <= 0) return Status::InvalidArgument("the hang limit must be positive");
  if (config.control_token.empty()) config.control_token = derive_control_token(config.seed.value_or(config.scenario.seed));
  auto ca = transport::LocalCertificateAuthority::create("drdrill serve local CA");
  if (!ca.ok()) return ca.status();
  const TimePoint start = config.start_time.value_or(transport::wall_clock_now());
  config.scenario.epoch = start;
  std::unique_ptr<ServedDrill> served(new ServedDrill(io_context, std::move(config), start, std::move(ca).value()));

  std::vector<std::string> names = {"*.blob.localhost"};
  for (const sim::StorageAccount& a : served->config_.scenario.topology.storage_accounts) {
    names.push_back(a.name + ".blob.localhost");
    names.push_back(a.name + "-secondary.blob.localhost");
  }
  auto identity = served->ca_.issue_server_identity(names);
  if (!identity.ok()) return identity.status();
  DRDRILL_RETURN_IF_ERROR(served->bind(*identity));
  DRDRILL_RETURN_IF_ERROR(served->build());
  return served;
}

Status ServedDrill::bind(const transport::TlsIdentity& identity) {
  // The listeners forward to handlers set by build(); nothing is served before the loop runs.
  const auto forward = [](http::Handler* target) {
    return [target](const http::Request& request) { return (*target)(request); };
  };
  transport::HttpServerOptions http;
  http.port = config_.blob_port;
  http.hold_limit = config_.hang_limit;
  transport::HttpServerOptions https = http;
  https.port = config_.blob_https_port;
  https.tls = identity;
  blob_http_ = std::make_unique<transport::HttpServer>(io_context_, forward(&blob_handler_), http);
  blob_https_ = std::make_unique<transport::HttpServer>(io_context_, forward(&blob_handler_), https);
  transport::HttpServerOptions arm = https;
  arm.port = config_.arm_port;
  arm_https_ = std::make_unique<transport::HttpServer>(io_context_, forward(&arm_handler_), arm);
  DRDRILL_RETURN_IF_ERROR(blob_http_->start());
  DRDRILL_RETURN_IF_ERROR(blob_https_->start());
  DRDRILL_RETURN_IF_ERROR(arm_https_->start());
  for (const sim::Workspace& ws : config_.scenario.topology.workspaces) {
    http::Handler& handler = workspace_handlers_[ws.name];
    transport::HttpServerOptions plain = http;
    plain.port = 0;
    transport::HttpServerOptions secure = https;
    secure.port = 0;
    WorkspaceListeners listeners{ws.name, "", std::make_unique<transport::HttpServer>(io_context_, forward(&handler), secure),
                                 std::make_unique<transport::HttpServer>(io_context_, forward(&handler), plain)};
    DRDRILL_RETURN_IF_ERROR(listeners.https->start());
    DRDRILL_RETURN_IF_ERROR(listeners.http->start());
    workspace_listeners_.push_back(std::move(listeners));
  }
  return Status::Ok();
}

Status ServedDrill::build() {
  sim::DrillOptions options;
  options.seed = config_.seed;
  options.scenario_file = config_.scenario_file.empty() ? "<built-in serve-default>" : config_.scenario_file;
  options.allow_external_runbook = true;
  // ARM's long-running operation URLs follow the Host header clients send (127.0.0.1:PORT), and
  // the blob endpoints it reports are the HTTPS path-style ones clients reach.
  options.front_door.arm_public_base_url = "";
  options.front_door.blob_endpoint = blob_https_->base_url() + "/{account}/";
  // Clients wait Retry-After seconds of their own (wall) clock between polls.
  options.front_door.arm_retry_after_s = 1;
  if (!config_.state_dir.empty()) {
    const Json scenario = Json::parse(config_.scenario_text, nullptr, false);
    const Json topology = scenario.is_object() ? scenario.value("topology", Json::object()) : Json::object();
    auto opened = open_state_directory(config_.state_dir, config_.scenario.name, topology);
    if (!opened.ok()) return opened.status();
    state_ = *opened;
    options.state_dir = opened->dir;
    options.state_resumed = opened->resumed;
    options.state_run = opened->run;
  }
  auto created = sim::Drill::create(config_.scenario, options);
  if (!created.ok()) return created.status();
  drill_ = std::move(created).value();
  tool_ = std::make_unique<ToolActivity>(*drill_);
  control_ = std::make_unique<ControlApi>(*drill_, config_.control_token, config_.scenario_text, [this] {
    // After the answer to POST /_drdrill/end has been queued.
    boost::asio::post(io_context_, [this] { end(EndReason::kControlApi, Status::Ok()); });
  });

  sim::Drill& drill = *drill_;
  transport::RealTimePumpOptions pump;
  pump.simulated_start = drill.epoch();
  pump.time_scale = config_.time_scale;
  pump.stop_at = drill.end_time();
  // Posted, so that whoever advanced the pump (a request, the timer, catch_up()) finishes first.
  pump.on_stop_time = [this] { boost::asio::post(io_context_, [this] { end(EndReason::kMaxTime, Status::Ok()); }); };
  pump.on_error = [this](const Status& status) {
    boost::asio::post(io_context_, [this, status] { end(EndReason::kError, status); });
  };
  pump_ = std::make_unique<transport::RealTimePump>(
      io_context_,
      transport::PumpTarget{[this](TimePoint until) {
                              const Status advanced = drill_->advance_to(until);
                              tool_->poll();
                              return advanced;
                            },
                            [this] { return drill_->next_event_time(); }},
      pump);

  blob_handler_ = pump_->wrap([&drill](const http::Request& request) {
    sim::StorageFront& front = drill.world().blob_front();
    if (any_blob_endpoint_down(drill.world())) {
      if (auto failure = outage_response(front.outage_mode(request))) return std::move(*failure);
    }
    http::Response response = front.handle(request);
    if (may_change_the_world(request)) drill.check_invariants();
    return response;
  });
  arm_handler_ = pump_->wrap([this, &drill](const http::Request& request) {
    if (ControlApi::is_control_path(request.path())) return control_->handle(request);
    http::Response response = drill.world().arm().handle(request);
    tool_->on_arm(request, response);
    if (may_change_the_world(request)) drill.check_invariants();
    return response;
  });
  for (WorkspaceListeners& listeners : workspace_listeners_) {
    sim::WorkspaceHandle& handle = drill.world().workspace(listeners.name);
    listeners.token = handle.token;
    workspace_handlers_[listeners.name] =
        pump_->wrap([this, &handle, name = listeners.name](const http::Request& request) {
          if (auto failure = workspace_outage_response(handle.model->control_plane_outage())) return std::move(*failure);
          http::Response response = handle.api(request);
          tool_->on_workspace(name, request, response);
          if (may_change_the_world(request)) drill_->check_invariants();
          return response;
        });
  }
  return Status::Ok();
}

void ServedDrill::start(std::function<void(EndReason, const Status&)> on_end) {
  on_end_ = std::move(on_end);
  pump_->start();
}

void ServedDrill::end(EndReason reason, const Status& status) {
  if (ended_) return;
  ended_ = true;
  control_->set_ended();
  if (on_end_) on_end_(reason, status);
}

TimePoint ServedDrill::catch_up() {
  (void)pump_->pump();  // an error ends the drill through on_end
  return drill_->now();
}

Result<sim::DrillResult> ServedDrill::finish(std::optional<sim::ExternalCommandResult> command) {
  if (finished_) return Status::FailedPrecondition("the served drill has finished already");
  finished_ = true;
  ended_ = true;
  control_->set_ended();
  // Time stops here: what the world reached is what is judged.
  (void)pump_->pump();
  pump_->stop();
  tool_->poll();
  for (sim::StepRecord& step : tool_->steps()) drill_->record_step(std::move(step));
  drill_->set_served(std::move(command));
  return drill_->finish();
}

void ServedDrill::stop(std::function<void()> on_stopped) {
  pump_->stop();
  std::vector<transport::HttpServer*> servers = {blob_http_.get(), blob_https_.get(), arm_https_.get()};
  for (WorkspaceListeners& w : workspace_listeners_) {
    servers.push_back(w.https.get());
    servers.push_back(w.http.get());
  }
  auto remaining = std::make_shared<std::size_t>(servers.size());
  auto done = [remaining, cb = std::move(on_stopped)] {
    if (--*remaining == 0 && cb) cb();
  };
  for (auto* server : servers) server->stop(done);
}

std::uint64_t ServedDrill::requests_handled() const {
  std::uint64_t n = blob_http_->requests_handled() + blob_https_->requests_handled() + arm_https_->requests_handled();
  for (const WorkspaceListeners& w : workspace_listeners_) n += w.https->requests_handled() + w.http->requests_handled();
  return n;
}

std::vector<Listener> ServedDrill::listeners() const {
  std::vector<Listener> out = {
      {"blob (http, path style /<account>, host style <account>.blob.localhost)", blob_http_->base_url()},
      {"blob (https, same addressing)", blob_https_->base_url()},
      {"ARM (https, Microsoft.Storage and Microsoft.Sql) and the control API (/_drdrill/)", arm_https_->base_url()}};
  for (const WorkspaceListeners& w : workspace_listeners_) {
    out.push_back({"workspace " + w.name + " (https)", w.https->base_url()});
    out.push_back({"workspace " + w.name + " (http)", w.http->base_url()});
  }
  return out;
}

Json ServedDrill::endpoints(const std::filesystem::path& ca_file) const {
  const sim::Scenario& scenario = drill_->scenario();
  sim::World& world = drill_->world();
  const std::string http = blob_http_->base_url();
  const std::string https = blob_https_->base_url();
  const std::string http_port = std::to_string(blob_http_->port());
  const std::string https_port = std::to_string(blob_https_->port());
  const std::string arm_id_prefix = "/subscriptions/" + config_.subscription_id + "/resourceGroups/" + config_.resource_group;

  const auto account_json = [&](const std::string& name) {
    const storage::Account* account = world.storage().find_account(name);
    const std::string key1 = account ? account->config().key1 : "";
    const std::string key2 = account ? account->config().key2 : "";
    const std::string primary = http + "/" + name;
    const std::string secondary = http + "/" + name + "-secondary";
    const std::string primary_https = https + "/" + name;
    const std::string secondary_https = https + "/" + name + "-secondary";
    const sim::StorageAccount* spec = nullptr;
    for (const sim::StorageAccount& a : scenario.topology.storage_accounts) {
      if (a.name == name) spec = &a;
    }
    return Json{
        {"account", name},
        {"key", key1},
        {"key2", key2},
        {"sku", account ? std::string(storage::sku_name(account->redundancy())) : ""},
        {"primary_region", spec ? spec->region : ""},
        {"secondary_region", spec ? world.other_region(spec->region) : ""},
        {"blob_primary", primary},
        {"blob_secondary", secondary},
        {"blob_primary_https", primary_https},
        {"blob_secondary_https", secondary_https},
        {"blob_primary_host_style", "http://" + name + ".blob.localhost:" + http_port},
        {"blob_secondary_host_style", "http://" + name + "-secondary.blob.localhost:" + http_port},
        {"blob_primary_host_style_https", "https://" + name + ".blob.localhost:" + https_port},
        {"blob_secondary_host_style_https", "https://" + name + "-secondary.blob.localhost:" + https_port},
        {"connection_string", connection_string(name, key1, primary, false)},
        {"connection_string_secondary", connection_string(name, key1, secondary, false)},
        {"connection_string_https", connection_string(name, key1, primary_https, true)},
        {"connection_string_secondary_https", connection_string(name, key1, secondary_https, true)},
        {"arm_id", arm_id_prefix + "/providers/Microsoft.Storage/storageAccounts/" + name},
    };
  };
  Json storage = Json::object();
  Json accounts = Json::object();
  for (const sim::StorageAccount& a : scenario.topology.storage_accounts) accounts[a.name] = account_json(a.name);
  if (!scenario.topology.storage_accounts.empty()) storage = accounts[scenario.topology.storage_accounts.front().name];
  storage["accounts"] = std::move(accounts);

  const std::string arm_endpoint = arm_https_->base_url();
  Json arm = {{"endpoint", arm_endpoint}, {"subscription", config_.subscription_id}, {"resource_group", config_.resource_group}};
  if (!scenario.topology.storage_accounts.empty()) {
    arm["storage_account_id"] =
        arm_id_prefix + "/providers/Microsoft.Storage/storageAccounts/" + scenario.topology.storage_accounts.front().name;
  }

  // SQL: the metastore's database (else the first replicated one), its primary and secondary server.
  Json sql = Json::object();
  const sim::SqlTopology& topo = scenario.topology.sql;
  std::string database;
  if (scenario.topology.metastore) database = scenario.topology.metastore->database;
  if (database.empty() && !topo.replication_links.empty()) database = topo.replication_links.front().database;
  if (database.empty() && !topo.failover_groups.empty() && !topo.failover_groups.front().databases.empty()) {
    database = topo.failover_groups.front().databases.front();
  }
  if (!topo.servers.empty()) {
    std::string primary;
    std::string secondary;
    const sim::FailoverGroup* group = database.empty() ? nullptr : topo.failover_group_of(database);
    if (group) {
      primary = group->primary;
      secondary = group->secondary;
    } else if (const sim::ReplicationLink* link = database.empty() ? nullptr : topo.link_of(database)) {
      primary = link->primary;
      secondary = link->secondary;
    } else {
      primary = topo.servers.front().name;
      if (topo.servers.size() > 1) secondary = topo.servers[1].name;
    }
    const sim::SqlServer* primary_spec = topo.server(primary);
    static constexpr std::string_view kSuffix = ".database.windows.net";
    sql = Json{{"primary_server", primary},
               {"secondary_server", secondary},
               {"database", database},
               {"listener_rw", (group ? group->name : primary) + std::string(kSuffix)},
               {"listener_ro", group ? group->name + ".secondary" + std::string(kSuffix)
                                     : (secondary.empty() ? primary : secondary) + std::string(kSuffix)},
               {"admin_user", primary_spec ? primary_spec->admin_user : ""},
               {"admin_password", primary_spec ? primary_spec->admin_password : ""},
               {"primary_server_id", arm_id_prefix + "/providers/Microsoft.Sql/servers/" + primary}};
    if (!secondary.empty()) sql["secondary_server_id"] = arm_id_prefix + "/providers/Microsoft.Sql/servers/" + secondary;
    if (group) sql["failover_group"] = group->name;
    if (scenario.topology.metastore) {
      sql["metastore"] = Json{{"server", scenario.topology.metastore->server}, {"database", scenario.topology.metastore->database}};
    }
    Json servers = Json::array();
    for (const sim::SqlServer& s : topo.servers) {
      servers.push_back(Json{{"name", s.name}, {"region", s.region}, {"fqdn", s.name + std::string(kSuffix)},
                             {"admin_user", s.admin_user}, {"admin_password", s.admin_password}});
    }
    sql["servers"] = std::move(servers);
  }

  Json databricks = Json::object();
  Json workspaces = Json::object();
  for (const WorkspaceListeners& w : workspace_listeners_) {
    const sim::Workspace* spec = scenario.topology.workspace(w.name);
    workspaces[w.name] = Json{{"host", w.https->base_url()}, {"host_http", w.http->base_url()}, {"token", w.token},
                              {"region", spec ? spec->region : ""}};
  }
  const std::string primary_ws = only_workspace_in(scenario, scenario.topology.regions.primary);
  const std::string secondary_ws = only_workspace_in(scenario, scenario.topology.regions.secondary);
  if (!primary_ws.empty()) databricks["primary"] = workspaces[primary_ws];
  if (!secondary_ws.empty()) databricks["secondary"] = workspaces[secondary_ws];
  if (!primary_ws.empty()) databricks["primary"]["workspace"] = primary_ws;
  if (!secondary_ws.empty()) databricks["secondary"]["workspace"] = secondary_ws;
  databricks["workspaces"] = std::move(workspaces);

  Json env = Json::object();
  for (const auto& [name, value] : environment(ca_file)) env[name] = value;

  return {
      {"version", 2},
      {"seed", seed()},
      {"scenario", {{"name", scenario.name}, {"file", config_.scenario_file}}},
      {"storage", std::move(storage)},
      {"arm", std::move(arm)},
      {"sql", std::move(sql)},
      {"databricks", std::move(databricks)},
      {"control", {{"endpoint", arm_endpoint + "/_drdrill"}, {"token", config_.control_token}}},
      {"tls", {{"ca_file", ca_file.string()}}},
      {"time",
       {{"start", format_iso8601(start_time_)},
        {"scale", config_.time_scale},
        {"end", format_iso8601(drill_->end_time())},
        {"max_time_s", to_seconds(drill_->end_time() - drill_->epoch())}}},
      {"env", std::move(env)},
  };
}

std::map<std::string, std::string> ServedDrill::environment(const std::filesystem::path& ca_file) const {
  std::map<std::string, std::string> env;
  const sim::Scenario& scenario = drill_->scenario();
  if (!scenario.topology.storage_accounts.empty()) {
    const std::string& name = scenario.topology.storage_accounts.front().name;
    const storage::Account* account = drill_->world().storage().find_account(name);
    const std::string key = account ? account->config().key1 : "";
    env["AZURE_STORAGE_ACCOUNT"] = name;
    env["AZURE_STORAGE_KEY"] = key;
    env["AZURE_STORAGE_CONNECTION_STRING"] = connection_string(name, key, blob_http_->base_url() + "/" + name, false);
  }
  env["AZURE_SUBSCRIPTION_ID"] = config_.subscription_id;
  env["AZURE_RESOURCE_GROUP"] = config_.resource_group;
  env["DRDRILL_ARM_ENDPOINT"] = arm_https_->base_url();
  const std::string primary_ws = only_workspace_in(scenario, scenario.topology.regions.primary);
  const std::string secondary_ws = only_workspace_in(scenario, scenario.topology.regions.secondary);
  for (const WorkspaceListeners& w : workspace_listeners_) {
    if (w.name == primary_ws) {
      env["DATABRICKS_HOST"] = w.https->base_url();
      env["DATABRICKS_TOKEN"] = w.token;
    }
    if (w.name == secondary_ws) {
      env["DRDRILL_DATABRICKS_SECONDARY_HOST"] = w.https->base_url();
      env["DRDRILL_DATABRICKS_SECONDARY_TOKEN"] = w.token;
    }
  }
  env["NODE_EXTRA_CA_CERTS"] = ca_file.string();
  env["REQUESTS_CA_BUNDLE"] = ca_file.string();
  env["CURL_CA_BUNDLE"] = ca_file.string();
  return env;
}

}  // namespace drdrill::serve
