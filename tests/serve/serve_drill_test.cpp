// ServedDrill over real sockets on 127.0.0.1: the endpoints document, Blob/ARM/workspace requests
// over HTTP and HTTPS, a scheduled fault starting and ending on the wire at a high time scale, the
// control API (auth, validation, faults, timeline, ledger, end), the tool's inferred stages and the
// result. Every wait is bounded (tests/transport/test_client.h); nothing asserts on wall time.

#include "serve/served_drill.h"

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../transport/test_client.h"
#include "serve_test_support.h"
#include "http/request.h"
#include "serve/control_api.h"
#include "sim/scenario_loader.h"
#include "storage/account.h"
#include "storage/replication_link.h"
#include "storage/shared_key.h"
#include "transport/event_loop.h"

namespace drdrill::serve {
namespace {

namespace net = boost::asio;
namespace beast_http = boost::beast::http;
using Json = nlohmann::json;
using transport::testing::TestClient;
using transport::testing::TlsTestClient;

constexpr TimePoint kStart = kDefaultEpoch + std::chrono::hours(10);

// A small two-region world; `faults` is spliced in.
std::string scenario_text(const std::string& faults = "[]", const std::string& run = R"({"max_time": "48h"})") {
  return R"({
  "name": "served-test",
  "seed": 7,
  "run": )" + run + R"(,
  "topology": {
    "storage_accounts": [{"name": "lake", "region": "eastus", "containers": ["data"]}],
    "sql": {
      "servers": [
        {"name": "hms-a", "region": "eastus", "databases": ["hms"]},
        {"name": "hms-b", "region": "westus"}
      ],
      "failover_groups": [{"name": "hms-fog", "primary": "hms-a", "secondary": "hms-b", "databases": ["hms"]}]
    },
    "workspaces": [
      {"name": "primary", "region": "eastus", "notebooks": [{"path": "/Shared/etl"}],
       "clusters": [{"name": "shared", "state": "RUNNING"}],
       "jobs": [{"name": "etl", "notebook": "/Shared/etl", "cluster": "shared"}]},
      {"name": "secondary", "region": "westus", "notebooks": [{"path": "/Shared/etl"}],
       "clusters": [{"name": "shared", "state": "TERMINATED"}],
       "jobs": [{"name": "etl", "notebook": "/Shared/etl", "cluster": "shared", "max_concurrent_runs": 0}]}
    ]
  },
  "faults": )" + faults + R"(,
  "runbook": {"kind": "external", "command": ["true"]}
})";
}

class ServedDrillTest : public ::testing::Test {
 protected:
  void start(const std::string& text = scenario_text(), double time_scale = 1) {
    auto config = testing::served_config(text, "served-test.json", kStart, time_scale);
    ASSERT_TRUE(config.ok()) << config.status().to_string();
    config->hang_limit = std::chrono::milliseconds(200);
    auto created = ServedDrill::create(loop_.context(), std::move(config).value());
    ASSERT_TRUE(created.ok()) << created.status().to_string();
    served_ = std::move(created).value();
    served_->start([this](EndReason reason, const Status&) { ended_.set_value(reason); });
    loop_.start_thread();
  }

  void TearDown() override {
    if (served_) {
      auto stopped = std::make_shared<std::promise<void>>();
      auto done = stopped->get_future();
      loop_.post([this, stopped] { served_->stop([stopped] { stopped->set_value(); }); });
      EXPECT_EQ(done.wait_for(transport::testing::kWait), std::future_status::ready);  // wall-clock ok: bounded
    }
    loop_.stop();
    loop_.join();
  }

  // Runs `fn` on the loop and waits (bounded) for its value.
  template <typename Fn>
  auto on_loop(Fn fn) -> decltype(fn()) {
    auto promise = std::make_shared<std::promise<decltype(fn())>>();
    auto future = promise->get_future();
    loop_.post([promise, fn] { promise->set_value(fn()); });
    EXPECT_EQ(future.wait_for(transport::testing::kWait), std::future_status::ready);  // wall-clock ok: bounded
    return future.get();
  }

  Json endpoints() {
    return on_loop([this] { return served_->endpoints("/tmp/ca.pem"); });
  }

  net::ssl::context tls_context() const {
    net::ssl::context tls(net::ssl::context::tls_client);
    tls.set_verify_mode(net::ssl::verify_peer);
    const std::string& ca = served_->certificate_authority().certificate_pem();
    tls.add_certificate_authority(net::buffer(ca.data(), ca.size()));
    return tls;
  }

  // The raw bytes of a SharedKey-signed Blob request (path style), dated at the drill's start.
  std::string signed_request(http::Method method, const std::string& target, std::string body = {}) {
    const std::string key = on_loop([this] { return served_->drill().world().storage().find_account("lake")->config().key1; });
    http::Request request;
    request.method = method;
    request.target = target;
    request.headers.add("Host", "127.0.0.1");
    request.headers.add("x-ms-version", "2021-06-08");
    request.headers.add("x-ms-date", format_rfc1123(kStart));
    if (method == http::Method::kPut) {
      request.headers.add("Content-Length", std::to_string(body.size()));
      if (target.find('?') == std::string::npos) request.headers.add("x-ms-blob-type", "BlockBlob");
    }
    request.body = std::move(body);
    const auto keys = on_loop([this] { return served_->drill().world().storage().find_account("lake")->signing_keys(); });
    storage::sign_shared_key(request, "lake", keys[0]);
    return testing::wire_bytes(request);
  }

  // A control API call over HTTPS; `token` nullopt sends none.
  TlsTestClient::Read control(beast_http::verb method, const std::string& path, std::string body = {},
                                               std::optional<std::string> token = std::nullopt) {
    auto tls = tls_context();
    TlsTestClient client(served_->arm_port(), tls);
    EXPECT_FALSE(client.connect("127.0.0.1"));
    const std::string bearer = token.value_or(served_->control_token());
    const bool send = token.has_value() ? !token->empty() : true;
    return client.request(method, path, std::move(body), [&](auto& request) {
      if (send) request.set(beast_http::field::authorization, "Bearer " + bearer);
      request.set(beast_http::field::content_type, "application/json");
    });
  }

  transport::EventLoop loop_;
  std::unique_ptr<ServedDrill> served_;
  std::promise<EndReason> ended_;
};

TEST_F(ServedDrillTest, TheEndpointsDocumentNamesEveryServiceAndTheToolsEnvironment) {
  start();
  const Json doc = endpoints();
  const Json& storage = doc["storage"];
  EXPECT_EQ(storage["account"], "lake");
  EXPECT_EQ(storage["sku"], "Standard_RAGRS");
  EXPECT_EQ(storage["primary_region"], "eastus");
  EXPECT_EQ(storage["secondary_region"], "westus");
  const std::string http = storage["blob_primary"].get<std::string>();
  EXPECT_TRUE(http.starts_with("http://127.0.0.1:") && http.ends_with("/lake")) << http;
  EXPECT_EQ(storage["blob_secondary"], http + "-secondary");
  EXPECT_EQ(storage["connection_string"],
            "DefaultEndpointsProtocol=http;AccountName=lake;AccountKey=" + storage["key"].get<std::string>() +
                ";BlobEndpoint=" + http + ";");
  EXPECT_TRUE(storage["accounts"].contains("lake"));
  EXPECT_EQ(doc["arm"]["endpoint"], "https://127.0.0.1:" + std::to_string(served_->arm_port()));
  EXPECT_EQ(doc["arm"]["subscription"], "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(doc["arm"]["resource_group"], "drdrill");

  const Json& sql = doc["sql"];
  EXPECT_EQ(sql["primary_server"], "hms-a");
  EXPECT_EQ(sql["secondary_server"], "hms-b");
  EXPECT_EQ(sql["database"], "hms");
  EXPECT_EQ(sql["failover_group"], "hms-fog");
  EXPECT_EQ(sql["listener_rw"], "hms-fog.database.windows.net");
  EXPECT_EQ(sql["listener_ro"], "hms-fog.secondary.database.windows.net");
  EXPECT_EQ(sql["admin_user"], "sqladmin");
  EXPECT_FALSE(sql["admin_password"].get<std::string>().empty());

  const Json& databricks = doc["databricks"];
  for (const char* side : {"primary", "secondary"}) {
    SCOPED_TRACE(side);
    EXPECT_TRUE(databricks[side]["host"].get<std::string>().starts_with("https://127.0.0.1:"));
    EXPECT_TRUE(databricks[side]["host_http"].get<std::string>().starts_with("http://127.0.0.1:"));
    EXPECT_TRUE(databricks[side]["token"].get<std::string>().starts_with("dapi"));
  }
  EXPECT_NE(databricks["primary"]["host"], databricks["secondary"]["host"]);

  EXPECT_EQ(doc["control"]["endpoint"], doc["arm"]["endpoint"].get<std::string>() + "/_drdrill");
  EXPECT_EQ(doc["control"]["token"], served_->control_token());
  EXPECT_EQ(doc["tls"]["ca_file"], "/tmp/ca.pem");
  EXPECT_EQ(doc["time"]["start"], "2026-01-01T10:00:00Z");
  EXPECT_EQ(doc["time"]["end"], "2026-01-03T10:00:00Z");
  EXPECT_EQ(doc["seed"], 7u);

  const Json& env = doc["env"];
  EXPECT_EQ(env["AZURE_STORAGE_ACCOUNT"], "lake");
  EXPECT_EQ(env["AZURE_STORAGE_KEY"], storage["key"]);
  EXPECT_EQ(env["DATABRICKS_HOST"], databricks["primary"]["host"]);
  EXPECT_EQ(env["DATABRICKS_TOKEN"], databricks["primary"]["token"]);
  EXPECT_EQ(env["NODE_EXTRA_CA_CERTS"], "/tmp/ca.pem");
  EXPECT_EQ(env["REQUESTS_CA_BUNDLE"], "/tmp/ca.pem");
}

TEST_F(ServedDrillTest, ServesBlobOverHttpAndHttpsAndTheSecondaryOnlyWhatReplicationDelivered) {
  start();  // time scale 1, median lag 2 min: nothing arrives during the test
  const std::string http = endpoints()["storage"]["blob_primary"].get<std::string>();
  const std::uint16_t port = static_cast<std::uint16_t>(std::stoi(http.substr(17, http.rfind('/') - 17)));
  TestClient plain(port);
  ASSERT_FALSE(plain.connect());
  ASSERT_FALSE(plain.write(signed_request(http::Method::kPut, "/lake/data/a.txt", "rows")));
  auto put = plain.read_response();
  ASSERT_FALSE(put.ec) << put.ec.message();
  EXPECT_EQ(put.response.result_int(), 201) << put.response.body();
  ASSERT_FALSE(plain.write(signed_request(http::Method::kGet, "/lake-secondary/data/a.txt")));
  auto secondary = plain.read_response();
  EXPECT_EQ(secondary.response.result_int(), 404) << secondary.response.body();
  ASSERT_FALSE(plain.write(signed_request(http::Method::kPut, "/lake-secondary/data/b.txt", "x")));
  EXPECT_EQ(plain.read_response().response.result_int(), 403);

  const std::string https = endpoints()["storage"]["blob_primary_https"].get<std::string>();
  const std::uint16_t https_port = static_cast<std::uint16_t>(std::stoi(https.substr(18, https.rfind('/') - 18)));
  auto tls = tls_context();
  TlsTestClient secure(https_port, tls);
  ASSERT_FALSE(secure.connect("lake.blob.localhost"));
  ASSERT_FALSE(secure.write(signed_request(http::Method::kGet, "/lake/data/a.txt")));
  auto got = secure.read_response();
  ASSERT_FALSE(got.ec) << got.ec.message();
  EXPECT_EQ(got.response.result_int(), 200);
  EXPECT_EQ(got.response.body(), "rows");
}

// A replication link that drops writes without a word: the account acknowledges them, nothing
// records them (the broken world of tests/sim/sim_invariants_test.cpp, served).
class SilentLink final : public storage::ReplicationLink {
 public:
  void replicate(storage::Mutation, TimePoint) override {}
  storage::GeoReplicationStats stats(TimePoint now) const override { return {storage::GeoReplicationStatus::kLive, now}; }
};

TEST_F(ServedDrillTest, AWriteThroughTheServedPathThatBreaksAnInvariantIsCaughtAtOnce) {
  start();
  on_loop([this] {
    served_->drill().world().storage().find_account("lake")->set_replication_link(std::make_unique<SilentLink>());
    return true;
  });
  const std::string http = endpoints()["storage"]["blob_primary"].get<std::string>();
  const std::uint16_t port = static_cast<std::uint16_t>(std::stoi(http.substr(17, http.rfind('/') - 17)));
  TestClient plain(port);
  ASSERT_FALSE(plain.connect());
  ASSERT_FALSE(plain.write(signed_request(http::Method::kGet, "/lake/data?restype=container&comp=list")));
  EXPECT_EQ(plain.read_response().response.result_int(), 200);
  EXPECT_EQ(on_loop([this] { return served_->drill().invariants().violation_counts().size(); }), 0u);

  ASSERT_FALSE(plain.write(signed_request(http::Method::kPut, "/lake/data/lost.txt", "rows")));
  auto put = plain.read_response();
  ASSERT_FALSE(put.ec) << put.ec.message();
  EXPECT_EQ(put.response.result_int(), 201) << put.response.body();
  // Checked after the write itself, not only before the world's next event (the silent link
  // scheduled none).
  const auto counts = on_loop([this] { return served_->drill().invariants().violation_counts(); });
  ASSERT_EQ(counts.count(std::string(sim::kWritesAccounted)), 1u);
  EXPECT_EQ(counts.at(std::string(sim::kWritesAccounted)), 1);

  auto result = on_loop([this] { return served_->finish(std::nullopt); });
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_TRUE(result->findings.contains(sim::Finding::kUnaccountedWrite));
  EXPECT_EQ(result->verdict, sim::Verdict::kFail);
  ASSERT_FALSE(result->violations.empty());
  EXPECT_EQ(result->violations.front().invariant, sim::kWritesAccounted);
  EXPECT_NE(result->violations.front().detail.find("/lake/data/lost.txt"), std::string::npos)
      << result->violations.front().detail;
}

TEST_F(ServedDrillTest, ServesArmForStorageAndSqlWithAnyBearerToken) {
  start();
  auto tls = tls_context();
  TlsTestClient client(served_->arm_port(), tls);
  ASSERT_FALSE(client.connect("127.0.0.1"));
  const std::string prefix = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/";
  auto anonymous = client.request(beast_http::verb::get, prefix + "Microsoft.Storage/storageAccounts/lake?api-version=2023-05-01");
  EXPECT_EQ(anonymous.response.result_int(), 401);
  const auto bearer = [](auto& request) { request.set(beast_http::field::authorization, "Bearer anything"); };
  auto account = client.request(beast_http::verb::get,
                                prefix + "Microsoft.Storage/storageAccounts/lake?api-version=2023-05-01&%24expand=geoReplicationStats",
                                {}, bearer);
  ASSERT_EQ(account.response.result_int(), 200) << account.response.body();
  const Json json = Json::parse(account.response.body(), nullptr, false);
  const std::string blob = endpoints()["storage"]["blob_primary_https"].get<std::string>() + "/";
  EXPECT_EQ(json["properties"]["primaryEndpoints"]["blob"], blob);
  auto group = client.request(beast_http::verb::get,
                              prefix + "Microsoft.Sql/servers/hms-a/failoverGroups/hms-fog?api-version=2021-11-01", {}, bearer);
  EXPECT_EQ(group.response.result_int(), 200) << group.response.body();
}

TEST_F(ServedDrillTest, ServesEachWorkspaceAndInfersTheToolsStagesFromWhatItCalls) {
  start();
  const Json doc = endpoints();
  const std::string host = doc["databricks"]["secondary"]["host_http"].get<std::string>();
  const std::uint16_t port = static_cast<std::uint16_t>(std::stoi(host.substr(host.rfind(':') + 1)));
  const std::string token = doc["databricks"]["secondary"]["token"].get<std::string>();
  TestClient client(port);
  ASSERT_FALSE(client.connect());
  const auto auth = [&](auto& request) { request.set(beast_http::field::authorization, "Bearer " + token); };
  auto listed = client.request(beast_http::verb::get, "/api/2.2/jobs/list", {}, auth);
  ASSERT_EQ(listed.response.result_int(), 200) << listed.response.body();
  const Json jobs = Json::parse(listed.response.body(), nullptr, false);
  ASSERT_EQ(jobs["jobs"].size(), 1u);
  EXPECT_EQ(jobs["jobs"][0]["settings"]["max_concurrent_runs"], 0);
  EXPECT_TRUE(on_loop([this] { return served_->drill().state().is_held("secondary", "etl"); }));

  const Json update = {{"job_id", jobs["jobs"][0]["job_id"]}, {"new_settings", {{"max_concurrent_runs", 1}}}};
  auto updated = client.request(beast_http::verb::post, "/api/2.2/jobs/update", update.dump(), auth);
  ASSERT_EQ(updated.response.result_int(), 200) << updated.response.body();
  EXPECT_FALSE(on_loop([this] { return served_->drill().state().is_held("secondary", "etl"); }));
  EXPECT_EQ(on_loop([this] { return served_->drill().state().active_workspace; }), "secondary");

  auto result = on_loop([this] { return served_->finish(std::nullopt); });
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_TRUE(result->served);
  bool released = false;
  for (const sim::StepRecord& step : result->steps) released = released || step.name == "release_jobs";
  EXPECT_TRUE(released);
  bool recorded = false;
  for (const sim::TimelineEvent& e : result->events) recorded = recorded || (e.actor == "tool" && e.what.find("etl released") != std::string::npos);
  EXPECT_TRUE(recorded);
}

TEST_F(ServedDrillTest, AStorageFailoverRequestedThroughArmIsAStageThatEndsWhenTheFailoverCompletes) {
  std::string text = scenario_text();
  const std::string account = R"("containers": ["data"]})";
  text.replace(text.find(account), account.size(), R"("containers": ["data"], "unplanned_failover_duration": "1h"})");
  start(text, 3600);  // the failover takes 1 s of wall time
  auto tls = tls_context();
  TlsTestClient client(served_->arm_port(), tls);
  ASSERT_FALSE(client.connect("127.0.0.1"));
  const std::string path = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/"
                           "Microsoft.Storage/storageAccounts/lake";
  const auto bearer = [](auto& request) { request.set(beast_http::field::authorization, "Bearer anything"); };
  auto requested = client.request(beast_http::verb::post, path + "/failover?api-version=2023-05-01", {}, bearer);
  ASSERT_EQ(requested.response.result_int(), 202) << requested.response.body();
  std::string location;
  for (int i = 0; i < 500 && location != "westus"; ++i) {  // bounded: 500 x 20 ms
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // wall-clock ok: bounded poll of a real-time server
    auto got = client.request(beast_http::verb::get, path + "?api-version=2023-05-01", {}, bearer);
    location = Json::parse(got.response.body(), nullptr, false).value("properties", Json::object()).value("primaryLocation", "");
  }
  ASSERT_EQ(location, "westus");
  auto result = on_loop([this] { return served_->finish(std::nullopt); });
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  const sim::StepRecord* failover = nullptr;
  for (const sim::StepRecord& step : result->steps) {
    if (step.name == "storage_failover") failover = &step;
  }
  ASSERT_NE(failover, nullptr);
  EXPECT_TRUE(failover->ok) << failover->detail;
  // Closed when the world shows it complete: the modelled hour, plus however far the pump had
  // already advanced when it looked (a matter of wall-clock latency, so not asserted).
  EXPECT_GE(failover->end - failover->start, std::chrono::hours(1));
  bool recorded = false;
  for (const sim::TimelineEvent& e : result->events) recorded = recorded || e.what == "storage failover requested: lake";
  EXPECT_TRUE(recorded);
}

class ServedDrillFaultTest : public ServedDrillTest {
 protected:
  // Reads the secondary's service stats until the server answers or closes the connection.
  std::string secondary_stats(bool* closed) {
    const std::string http = endpoints()["storage"]["blob_primary"].get<std::string>();
    const std::uint16_t port = static_cast<std::uint16_t>(std::stoi(http.substr(17, http.rfind('/') - 17)));
    TestClient client(port);
    EXPECT_FALSE(client.connect());
    EXPECT_FALSE(client.write(signed_request(http::Method::kGet, "/lake-secondary/?restype=service&comp=stats")));
    return client.read_until_close(closed);
  }
  int secondary_status() {
    const std::string http = endpoints()["storage"]["blob_primary"].get<std::string>();
    const std::uint16_t port = static_cast<std::uint16_t>(std::stoi(http.substr(17, http.rfind('/') - 17)));
    TestClient client(port);
    EXPECT_FALSE(client.connect());
    EXPECT_FALSE(client.write(signed_request(http::Method::kGet, "/lake-secondary/?restype=service&comp=stats")));
    auto read = client.read_response();
    return read.ec ? -1 : read.response.result_int();
  }
};

TEST_F(ServedDrillFaultTest, ARefusingRegionResetsTheConnectionUnanswered) {
  start(scenario_text(R"([{"kind": "region_outage", "region": "westus", "mode": "refuse", "start": "0s", "end": "never"}])"));
  bool closed = false;
  EXPECT_EQ(secondary_stats(&closed), "");
  EXPECT_TRUE(closed);
}

TEST_F(ServedDrillFaultTest, AHangingRegionHoldsTheRequestUntilTheHangLimitThenCloses) {
  start(scenario_text(R"([{"kind": "region_outage", "region": "westus", "mode": "hang", "start": "0s", "end": "never"}])"));
  bool closed = false;
  EXPECT_EQ(secondary_stats(&closed), "");
  EXPECT_TRUE(closed) << "the hang limit (200 ms) must close the connection before the client's bound";
}

TEST_F(ServedDrillFaultTest, AScheduledOutageStartsAndEndsOnTheWireAtAHighTimeScale) {
  // x3600: the outage runs from 1 s to 2 s of wall time; the drill ends at 3 s.
  start(scenario_text(R"([{"kind": "region_outage", "region": "westus", "mode": "unavailable", "start": "1h", "duration": "1h"}])",
                      R"({"max_time": "3h"})"),
        3600);
  // Seen in order: up, then 503 while the outage lasts, then up again. Each loop is bounded by the
  // drill's own end, which the pump reaches by itself.
  std::vector<int> seen;
  for (int i = 0; i < 20000 && (seen.empty() || seen.back() != 503); ++i) {
    const int status = secondary_status();
    if (seen.empty() || seen.back() != status) seen.push_back(status);
  }
  for (int i = 0; i < 20000 && seen.back() != 200; ++i) {
    const int status = secondary_status();
    if (seen.back() != status) seen.push_back(status);
  }
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen[seen.size() - 2], 503);
  EXPECT_EQ(seen.back(), 200);
  // The drill reaches its end (3 h simulated, 3 s of wall time) by itself.
  auto ended = ended_.get_future();
  ASSERT_EQ(ended.wait_for(transport::testing::kWait), std::future_status::ready);  // wall-clock ok: bounded
  EXPECT_EQ(ended.get(), EndReason::kMaxTime);
  auto result = on_loop([this] { return served_->finish(std::nullopt); });
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  std::vector<std::pair<double, std::string>> faults;
  for (const sim::TimelineEvent& e : result->events) {
    if (e.actor == "fault") faults.emplace_back(to_seconds(e.at - result->epoch), e.what);
  }
  ASSERT_EQ(faults.size(), 2u);
  EXPECT_EQ(faults[0].first, 3600.0);  // simulated time: exact
  EXPECT_EQ(faults[1].first, 7200.0);
  EXPECT_EQ(result->simulated, std::chrono::hours(3));
}

TEST_F(ServedDrillTest, TheControlApiWantsItsOwnTokenAndValidatesFaultsLikeTheScenarioLoader) {
  start();
  auto none = control(beast_http::verb::get, "/_drdrill/status", {}, std::string());
  EXPECT_EQ(none.response.result_int(), 401);
  EXPECT_EQ(none.response[beast_http::field::www_authenticate], "Bearer realm=\"drdrill\"");
  auto wrong = control(beast_http::verb::get, "/_drdrill/status", {}, std::string("anything"));
  EXPECT_EQ(wrong.response.result_int(), 401);
  EXPECT_EQ(Json::parse(wrong.response.body())["error"]["code"], "Unauthorized");
  auto status = control(beast_http::verb::get, "/_drdrill/status");
  ASSERT_EQ(status.response.result_int(), 200) << status.response.body();
  EXPECT_EQ(Json::parse(status.response.body())["scenario"], "served-test");

  auto bad_mode = control(beast_http::verb::post, "/_drdrill/faults",
                          R"({"kind": "region_outage", "region": "westus", "mode": "sideways", "start": "0s", "end": "never"})");
  ASSERT_EQ(bad_mode.response.result_int(), 400) << bad_mode.response.body();
  const Json error = Json::parse(bad_mode.response.body())["error"];
  EXPECT_EQ(error["code"], "InvalidFault");
  EXPECT_EQ(error["field"], "/mode");
  auto unknown_region = control(beast_http::verb::post, "/_drdrill/faults",
                                R"({"kind": "region_outage", "region": "mars", "start": "0s", "end": "never"})");
  ASSERT_EQ(unknown_region.response.result_int(), 400) << unknown_region.response.body();
  EXPECT_EQ(Json::parse(unknown_region.response.body())["error"]["field"], "/region");
  auto not_json = control(beast_http::verb::post, "/_drdrill/faults", "{");
  EXPECT_EQ(not_json.response.result_int(), 400);
  auto missing = control(beast_http::verb::get, "/_drdrill/nothing");
  EXPECT_EQ(missing.response.result_int(), 404);
}

TEST_F(ServedDrillFaultTest, TheControlApiAddsListsAndRemovesFaultsAtRunTime) {
  start();
  EXPECT_EQ(secondary_status(), 200);
  auto added = control(beast_http::verb::post, "/_drdrill/faults",
                       R"({"kind": "sql_server_outage", "server": "hms-b", "mode": "unavailable", "start": "0s", "end": "never"})");
  ASSERT_EQ(added.response.result_int(), 201) << added.response.body();
  EXPECT_EQ(Json::parse(added.response.body())["index"], 0);
  auto outage = control(beast_http::verb::post, "/_drdrill/faults",
                        R"({"kind": "workspace_outage", "workspace": "secondary", "mode": "refuse", "start": "0s", "end": "never"})");
  ASSERT_EQ(outage.response.result_int(), 201) << outage.response.body();

  auto listed = control(beast_http::verb::get, "/_drdrill/faults");
  ASSERT_EQ(listed.response.result_int(), 200);
  const Json faults = Json::parse(listed.response.body())["faults"];
  ASSERT_EQ(faults.size(), 2u);
  EXPECT_EQ(faults[1]["kind"], "workspace_outage");
  EXPECT_EQ(faults[1]["state"], "active");
  EXPECT_EQ(faults[1]["fault"]["workspace"], "secondary");

  // The secondary workspace now resets connections; removing the fault brings it back.
  const std::string host = endpoints()["databricks"]["secondary"]["host_http"].get<std::string>();
  const std::uint16_t port = static_cast<std::uint16_t>(std::stoi(host.substr(host.rfind(':') + 1)));
  {
    TestClient client(port);
    ASSERT_FALSE(client.connect());
    ASSERT_FALSE(client.write("GET /api/2.2/jobs/list HTTP/1.1\r\nHost: x\r\n\r\n"));
    bool closed = false;
    EXPECT_EQ(client.read_until_close(&closed), "");
    EXPECT_TRUE(closed);
  }
  auto removed = control(beast_http::verb::delete_, "/_drdrill/faults/1");
  ASSERT_EQ(removed.response.result_int(), 200) << removed.response.body();
  {
    TestClient client(port);
    ASSERT_FALSE(client.connect());
    auto answer = client.request(beast_http::verb::get, "/api/2.2/jobs/list");
    ASSERT_FALSE(answer.ec) << answer.ec.message();
    EXPECT_EQ(answer.response.result_int(), 403);  // answered again (and it wants its token)
  }
  EXPECT_EQ(control(beast_http::verb::delete_, "/_drdrill/faults/1").response.result_int(), 404);
  EXPECT_EQ(control(beast_http::verb::delete_, "/_drdrill/faults/9").response.result_int(), 404);

  auto timeline = control(beast_http::verb::get, "/_drdrill/timeline");
  ASSERT_EQ(timeline.response.result_int(), 200);
  const std::string events = timeline.response.body();
  EXPECT_NE(events.find("start workspace_outage"), std::string::npos) << events;
  EXPECT_NE(events.find("removed workspace_outage"), std::string::npos) << events;

  auto ledger = control(beast_http::verb::get, "/_drdrill/ledger");
  ASSERT_EQ(ledger.response.result_int(), 200);
  EXPECT_TRUE(Json::parse(ledger.response.body())["stores"].contains("storage"));

  auto end = control(beast_http::verb::post, "/_drdrill/end");
  EXPECT_EQ(end.response.result_int(), 202);
  auto ended = ended_.get_future();
  ASSERT_EQ(ended.wait_for(transport::testing::kWait), std::future_status::ready);  // wall-clock ok: bounded
  EXPECT_EQ(ended.get(), EndReason::kControlApi);
  EXPECT_EQ(control(beast_http::verb::post, "/_drdrill/faults", R"({"kind": "partition", "start": "0s", "end": "never"})").response.result_int(),
            403);
}

TEST(ServedDrillConfig, RefusesABadTimeScale) {
  transport::EventLoop loop;
  const std::string text = scenario_text();
  auto loaded = sim::load_scenario_text(text);
  ASSERT_TRUE(loaded.ok());
  ServedDrillConfig config;
  config.scenario = *loaded;
  config.scenario_text = text;
  config.time_scale = 0;
  EXPECT_TRUE(ServedDrill::create(loop.context(), config).status().is_invalid_argument());
}

}  // namespace
}  // namespace drdrill::serve
