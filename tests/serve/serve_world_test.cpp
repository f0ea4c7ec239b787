// ServedWorld over real sockets on 127.0.0.1: the endpoints it reports, SharedKey requests over HTTP
// and HTTPS, and region outages as a client meets them (reset, 503, hang). Every wait is bounded
// (tests/transport/test_client.h).

#include "serve/served_world.h"

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "../transport/test_client.h"
#include "http/request.h"
#include "storage/shared_key.h"
#include "transport/event_loop.h"

namespace drdrill::serve {
namespace {

namespace net = boost::asio;
using transport::testing::TestClient;
using transport::testing::TlsTestClient;

constexpr TimePoint kStart = kDefaultEpoch + std::chrono::hours(10);

class ServedWorldTest : public ::testing::Test {
 protected:
  void start(ServeConfig config = {}) {
    config.start_time = kStart;
    auto created = ServedWorld::create(loop_.context(), std::move(config));
    ASSERT_TRUE(created.ok()) << created.status().to_string();
    world_ = std::move(created).value();
    ASSERT_TRUE(world_->start().ok());
    loop_.start_thread();
  }

  void TearDown() override {
    if (world_) {
      auto stopped = std::make_shared<std::promise<void>>();
      auto done = stopped->get_future();
      world_->stop([stopped] { stopped->set_value(); });
      EXPECT_EQ(done.wait_for(transport::testing::kWait), std::future_status::ready);  // wall-clock ok: bounded
    }
    loop_.stop();
    loop_.join();
  }

  // The raw bytes of a SharedKey-signed request for `target` (path style).
  std::string signed_request(http::Method method, const std::string& target, std::string body = {}) const {
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
    storage::sign_shared_key(request, world_->config().storage.account, world_->storage().account().signing_keys()[0]);
    std::string wire = std::string(http::to_string(method)) + " " + target + " HTTP/1.1\r\n";
    for (const auto& [name, value] : request.headers) wire += name + ": " + value + "\r\n";
    return wire + "\r\n" + request.body;
  }

  transport::EventLoop loop_;
  std::unique_ptr<ServedWorld> world_;
};

TEST_F(ServedWorldTest, ReportsEveryEndpointInTheEndpointsDocument) {
  ServeConfig config;
  config.storage.account = "lakehouse";
  config.seed = 42;
  config.time_scale = 60;
  start(config);
  const auto doc = world_->endpoints("/tmp/ca.pem");
  const std::string http = "http://127.0.0.1:" + std::to_string(world_->blob_port());
  const std::string https = "https://127.0.0.1:" + std::to_string(world_->blob_https_port());
  const auto& storage = doc["storage"];
  EXPECT_EQ(storage["account"], "lakehouse");
  EXPECT_EQ(storage["key"], world_->config().storage.key1);
  EXPECT_EQ(storage["blob_primary"], http + "/lakehouse");
  EXPECT_EQ(storage["blob_secondary"], http + "/lakehouse-secondary");
  EXPECT_EQ(storage["blob_primary_https"], https + "/lakehouse");
  EXPECT_EQ(storage["blob_secondary_host_style"],
            "http://lakehouse-secondary.blob.localhost:" + std::to_string(world_->blob_port()));
  EXPECT_EQ(storage["connection_string"], "DefaultEndpointsProtocol=http;AccountName=lakehouse;AccountKey=" +
                                              world_->config().storage.key1 + ";BlobEndpoint=" + http + "/lakehouse;");
  EXPECT_EQ(storage["connection_string_secondary"],
            "DefaultEndpointsProtocol=http;AccountName=lakehouse;AccountKey=" + world_->config().storage.key1 +
                ";BlobEndpoint=" + http + "/lakehouse-secondary;");
  EXPECT_EQ(storage["sku"], "Standard_RAGRS");
  EXPECT_EQ(doc["arm"]["endpoint"], "https://127.0.0.1:" + std::to_string(world_->arm_port()));
  EXPECT_EQ(doc["arm"]["subscription"], "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(doc["arm"]["resource_group"], "drdrill");
  EXPECT_EQ(doc["tls"]["ca_file"], "/tmp/ca.pem");
  EXPECT_EQ(doc["time"]["start"], "2026-01-01T10:00:00Z");
  EXPECT_EQ(doc["time"]["scale"], 60.0);
  EXPECT_EQ(doc["seed"], 42u);
}

TEST_F(ServedWorldTest, ServesSignedRequestsOverHttpAndHttpsWithTheRunsCertificateAuthority) {
  start();
  TestClient plain(world_->blob_port());
  ASSERT_FALSE(plain.connect());
  ASSERT_FALSE(plain.write(signed_request(http::Method::kPut, "/drdrill/tables?restype=container")));
  auto created = plain.read_response();
  ASSERT_FALSE(created.ec) << created.ec.message();
  EXPECT_EQ(created.response.result_int(), 201) << created.response.body();

  net::ssl::context tls(net::ssl::context::tls_client);
  tls.set_verify_mode(net::ssl::verify_peer);
  const std::string& ca = world_->certificate_authority().certificate_pem();
  tls.add_certificate_authority(net::buffer(ca.data(), ca.size()));
  TlsTestClient secure(world_->blob_https_port(), tls);
  ASSERT_FALSE(secure.connect("drdrill.blob.localhost"));
  ASSERT_FALSE(secure.write(signed_request(http::Method::kPut, "/drdrill/tables/t1", "rows")));
  auto put = secure.read_response();
  ASSERT_FALSE(put.ec) << put.ec.message();
  EXPECT_EQ(put.response.result_int(), 201) << put.response.body();
}

TEST_F(ServedWorldTest, ServesArmOverHttpsWithABearerTokenAndRefusesRequestsWithout) {
  start();
  net::ssl::context tls(net::ssl::context::tls_client);
  tls.set_verify_mode(net::ssl::verify_peer);
  const std::string& ca = world_->certificate_authority().certificate_pem();
  tls.add_certificate_authority(net::buffer(ca.data(), ca.size()));
  TlsTestClient client(world_->arm_port(), tls);
  ASSERT_FALSE(client.connect("127.0.0.1"));
  const std::string path = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/"
                           "Microsoft.Storage/storageAccounts/drdrill?api-version=2023-05-01&%24expand=geoReplicationStats";
  auto anonymous = client.request(boost::beast::http::verb::get, path);
  ASSERT_FALSE(anonymous.ec) << anonymous.ec.message();
  EXPECT_EQ(anonymous.response.result_int(), 401);
  auto account = client.request(boost::beast::http::verb::get, path, {}, [](auto& request) {
    request.set(boost::beast::http::field::authorization, "Bearer any-token");
  });
  ASSERT_FALSE(account.ec) << account.ec.message();
  EXPECT_EQ(account.response.result_int(), 200) << account.response.body();
  const auto json = nlohmann::json::parse(account.response.body(), nullptr, false);
  ASSERT_FALSE(json.is_discarded());
  EXPECT_EQ(json["properties"]["geoReplicationStats"]["status"], "Live");
  EXPECT_EQ(json["properties"]["primaryEndpoints"]["blob"],
            "https://127.0.0.1:" + std::to_string(world_->blob_https_port()) + "/drdrill/");
}

TEST_F(ServedWorldTest, TheSecondaryServesOnlyWhatReplicationDelivered) {
  start();  // time scale 1, median lag 2 min: nothing arrives during the test
  TestClient client(world_->blob_port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write(signed_request(http::Method::kPut, "/drdrill/lake?restype=container")));
  ASSERT_EQ(client.read_response().response.result_int(), 201);
  ASSERT_FALSE(client.write(signed_request(http::Method::kGet, "/drdrill-secondary/lake?restype=container&comp=list")));
  auto listed = client.read_response();
  EXPECT_EQ(listed.response.result_int(), 404) << listed.response.body();
  EXPECT_EQ(listed.response["x-ms-error-code"], "ContainerNotFound");
}

class ServedWorldOutageTest : public ServedWorldTest {
 protected:
  void start_with_secondary_down(storage::OutageMode mode) {
    ServeConfig config;
    config.storage.outages["westus"] = mode;
    config.hang_limit = std::chrono::milliseconds(200);
    start(config);
  }
  // Sends a signed stats request to the secondary and reads until the server answers or closes.
  std::string secondary_stats(bool* closed) {
    TestClient client(world_->blob_port());
    EXPECT_FALSE(client.connect());
    EXPECT_FALSE(client.write(signed_request(http::Method::kGet, "/drdrill-secondary/?restype=service&comp=stats")));
    return client.read_until_close(closed);
  }
  // The primary, in the other region, still answers.
  int primary_status() {
    TestClient client(world_->blob_port());
    EXPECT_FALSE(client.connect());
    EXPECT_FALSE(client.write(signed_request(http::Method::kGet, "/drdrill/?comp=list")));
    return client.read_response().response.result_int();
  }
};

TEST_F(ServedWorldOutageTest, RefusingRegionResetsTheConnectionUnanswered) {
  start_with_secondary_down(storage::OutageMode::kRefuseConnections);
  bool closed = false;
  EXPECT_EQ(secondary_stats(&closed), "");
  EXPECT_TRUE(closed);
  EXPECT_EQ(primary_status(), 200);
}

TEST_F(ServedWorldOutageTest, BusyRegionAnswers503ServerBusy) {
  start_with_secondary_down(storage::OutageMode::kServerBusy);
  TestClient client(world_->blob_port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write(signed_request(http::Method::kGet, "/drdrill-secondary/?restype=service&comp=stats")));
  auto read = client.read_response();
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.result_int(), 503);
  EXPECT_EQ(read.response["x-ms-error-code"], "ServerBusy");
  EXPECT_EQ(primary_status(), 200);
}

TEST_F(ServedWorldOutageTest, HangingRegionHoldsTheRequestUntilTheHangLimitThenCloses) {
  start_with_secondary_down(storage::OutageMode::kHang);
  bool closed = false;
  EXPECT_EQ(secondary_stats(&closed), "");  // nothing is ever answered
  EXPECT_TRUE(closed) << "the hang limit (200 ms) must close the connection before the client's bound";
  EXPECT_EQ(primary_status(), 200);
}

TEST(ServedWorldConfig, RejectsAnInvalidAccountNameAndEqualRegions) {
  transport::EventLoop loop;
  ServeConfig bad_name;
  bad_name.storage.account = "Not_Valid";
  EXPECT_TRUE(ServedWorld::create(loop.context(), bad_name).status().is_invalid_argument());
  ServeConfig same_regions;
  same_regions.storage.secondary_region = same_regions.storage.primary_region;
  EXPECT_TRUE(ServedWorld::create(loop.context(), same_regions).status().is_invalid_argument());
  ServeConfig no_time;
  no_time.time_scale = 0;
  EXPECT_TRUE(ServedWorld::create(loop.context(), no_time).status().is_invalid_argument());
  ServeConfig bad_lag;
  bad_lag.storage.lag_s_p99 = 1;  // below the median
  EXPECT_TRUE(ServedWorld::create(loop.context(), bad_lag).status().is_invalid_argument());
}

TEST(ServedWorldConfig, DerivesTheKeysFromTheSeedUnlessGiven) {
  transport::EventLoop loop;
  ServeConfig a;
  a.seed = 3;
  ServeConfig b = a;
  auto first = ServedWorld::create(loop.context(), a);
  auto second = ServedWorld::create(loop.context(), b);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first.value()->config().storage.key1, second.value()->config().storage.key1);
  ServeConfig given = a;
  given.storage.key1 = "a2V5";
  auto third = ServedWorld::create(loop.context(), given);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third.value()->config().storage.key1, "a2V5");
}

}  // namespace
}  // namespace drdrill::serve
