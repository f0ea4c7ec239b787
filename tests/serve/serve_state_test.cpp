// `drdrill serve --state-dir`: the served state survives the server being killed (SIGKILL, no
// clean shutdown) and restarted. The test runs the real drdrill executable as a child on
// 127.0.0.1 with free ports, writes through the served endpoints (Blob over HTTP; the Hive
// metastore through a workspace's SQL Statement Execution API, which reaches the metastore's SQL
// database), kills it, checks the WAL files, restarts it on the same directory and reads the data
// back through the endpoints. Every wait is bounded; nothing asserts on wall time.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../transport/test_client.h"
#include "serve_test_support.h"
#include "http/request.h"
#include "storage/crypto.h"
#include "storage/shared_key.h"
#include "storage/storage_time.h"

extern char** environ;

namespace drdrill::serve {
namespace {

namespace fs = std::filesystem;
namespace beast_http = boost::beast::http;
using Json = nlohmann::json;
using transport::testing::TestClient;

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A `drdrill serve` child with its output in a file; killed (SIGKILL) if the test leaves it running.
class ServeProcess {
 public:
  ServeProcess(std::vector<std::string> args, fs::path log) : log_(std::move(log)) {
    std::vector<std::string> argv = {DRDRILL_EXECUTABLE, "serve"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> raw;
    for (std::string& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (posix_spawn(&pid_, raw[0], &actions, nullptr, raw.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~ServeProcess() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      (void)wait_exit();
    }
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  bool started() const { return pid_ > 0; }
  // Whether it has exited (does not wait).
  bool exited() {
    int status = 0;
    if (!status_ && ::waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
    return status_.has_value();
  }
  void signal(int number) const { ::kill(pid_, number); }

  // The exit status once it has exited (bounded: about 60 s), else nullopt.
  std::optional<int> wait_exit() {
    for (int i = 0; i < 3000 && !exited(); ++i) {  // bounded: 3000 x 20 ms
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // wall-clock ok: bounded wait for a child
    }
    return status_;
  }

  std::string output() const { return read_file(log_); }

 private:
  pid_t pid_ = -1;
  fs::path log_;
  std::optional<int> status_;
};

// Waits (bounded: about 60 s) for the server's endpoints file, or for the server to exit.
std::optional<Json> wait_for_endpoints(const fs::path& file, ServeProcess& server) {
  for (int i = 0; i < 3000 && !server.exited(); ++i) {  // bounded: 3000 x 20 ms
    if (fs::exists(file)) {
      const Json doc = Json::parse(read_file(file), nullptr, false);
      if (!doc.is_discarded()) return doc;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // wall-clock ok: bounded wait for a child
  }
  return std::nullopt;
}

std::uint16_t port_of(const std::string& url) {
  const auto colon = url.rfind(':');
  return static_cast<std::uint16_t>(std::stoi(url.substr(colon + 1)));
}

// Talks to one served world through its endpoints file, as a user's tool would.
class Client {
 public:
  explicit Client(Json endpoints) : ep_(std::move(endpoints)) {}

  // A SharedKey-signed Blob request to the first account's primary endpoint (path style).
  TestClient::Read blob(http::Method method, const std::string& path, std::string body = {},
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
    const std::string account = ep_["storage"]["account"].get<std::string>();
    const std::string base = ep_["storage"]["blob_primary"].get<std::string>();  // http://127.0.0.1:PORT/account
    const std::string authority = base.substr(7, base.find('/', 7) - 7);
    http::Request request;
    request.method = method;
    request.target = "/" + account + path;
    request.headers.add("Host", authority);
    request.headers.add("x-ms-version", "2021-06-08");
    // Simulated time runs a little ahead of time.start at the test's time scale: well within
    // SharedKey's allowed clock skew.
    request.headers.add("x-ms-date", format_rfc1123(*storage::parse_sas_time(ep_["time"]["start"].get<std::string>())));
    for (auto& [name, value] : headers) request.headers.add(name, value);
    if (method == http::Method::kPut) request.headers.add("Content-Length", std::to_string(body.size()));
    request.body = std::move(body);
    const auto key = storage::base64_decode(ep_["storage"]["key"].get<std::string>());
    storage::sign_shared_key(request, account, key.value_or(""));
    TestClient client(port_of(authority));
    if (auto ec = client.connect()) return TestClient::Read{ec, {}};
    if (auto ec = client.write(testing::wire_bytes(request))) return TestClient::Read{ec, {}};
    return client.read_response(method == http::Method::kHead);
  }

  // A call to the primary workspace's REST API (plain HTTP) with its token.
  Json workspace(beast_http::verb method, const std::string& target, const Json& body = nullptr) {
    const Json& ws = ep_["databricks"]["primary"];
    TestClient client(port_of(ws["host_http"].get<std::string>()));
    if (client.connect()) return nullptr;
    auto read = client.request(method, target, body.is_null() ? std::string() : body.dump(), [&](auto& request) {
      request.set(beast_http::field::authorization, "Bearer " + ws["token"].get<std::string>());
      request.set(beast_http::field::content_type, "application/json");
    });
    if (read.ec) return nullptr;
    return Json::parse(read.response.body(), nullptr, false);
  }

  // Runs a SQL statement on the primary workspace's running cluster and polls (bounded) until it
  // finishes; the final statement document.
  Json sql(const std::string& statement) {
    const Json clusters = workspace(beast_http::verb::get, "/api/2.1/clusters/list");
    std::string cluster_id;
    for (const Json& c : clusters.value("clusters", Json::array())) {
      if (c.value("state", "") == "RUNNING") cluster_id = c.value("cluster_id", "");
    }
    if (cluster_id.empty()) return Json{{"error", "no running cluster: " + clusters.dump()}};
    Json s = workspace(beast_http::verb::post, "/api/2.0/sql/statements",
                       Json{{"warehouse_id", cluster_id}, {"statement", statement}, {"wait_timeout", "0s"}});
    const std::string id = s.is_object() ? s.value("statement_id", "") : "";
    for (int i = 0; i < 1000 && !id.empty(); ++i) {  // bounded: 1000 x 20 ms
      const std::string state = s["status"].value("state", "");
      if (state == "SUCCEEDED" || state == "FAILED" || state == "CANCELED" || state == "CLOSED") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // wall-clock ok: bounded poll of a real-time server
      s = workspace(beast_http::verb::get, "/api/2.0/sql/statements/" + id);
      if (!s.is_object() || !s.contains("status")) break;
    }
    return s;
  }

 private:
  Json ep_;
};

class ServeStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("drdrill-serve-state-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // `drdrill serve [scenario] --state-dir <dir>/state ...`, run number `n`.
  std::unique_ptr<ServeProcess> serve(int n, std::vector<std::string> extra = {}) {
    const fs::path out = dir_ / ("out" + std::to_string(n));
    std::vector<std::string> args = std::move(extra);
    const std::vector<std::string> common = {"--state-dir",  (dir_ / "state").string(), "--endpoints-file",
                                             endpoints(n).string(), "--out", out.string(), "--time-scale", "10"};
    args.insert(args.end(), common.begin(), common.end());
    return std::make_unique<ServeProcess>(args, dir_ / ("serve" + std::to_string(n) + ".log"));
  }
  fs::path endpoints(int n) const { return dir_ / ("endpoints" + std::to_string(n) + ".json"); }

  fs::path dir_;
};

// The SQLite header's read/write format versions (bytes 18 and 19) are 2 in WAL mode.
bool in_wal_mode(const fs::path& db) {
  const std::string header = read_file(db).substr(0, 20);
  return header.size() == 20 && header[18] == 2 && header[19] == 2;
}

TEST_F(ServeStateTest, BlobsAndTheMetastoreSurviveSigkillAndRestart) {
  auto first = serve(1);
  ASSERT_TRUE(first->started());
  auto ep = wait_for_endpoints(endpoints(1), *first);
  ASSERT_TRUE(ep) << first->output();
  Client one(*ep);

  auto container = one.blob(http::Method::kPut, "/kept?restype=container", {}, {{"x-ms-meta-owner", "drill"}});
  ASSERT_FALSE(container.ec) << container.ec.message();
  ASSERT_EQ(container.response.result_int(), 201) << container.response.body();
  auto put = one.blob(http::Method::kPut, "/kept/a.txt", "written before the kill",
                      {{"x-ms-blob-type", "BlockBlob"}, {"x-ms-meta-stage", "before"}, {"Content-Type", "text/plain"}});
  ASSERT_EQ(put.response.result_int(), 201) << put.response.body();
  auto doomed = one.blob(http::Method::kPut, "/kept/deleted.txt", "x", {{"x-ms-blob-type", "BlockBlob"}});
  ASSERT_EQ(doomed.response.result_int(), 201) << doomed.response.body();
  ASSERT_EQ(one.blob(http::Method::kDelete, "/kept/deleted.txt").response.result_int(), 202);
  const Json created = one.sql("CREATE DATABASE kept_db");
  ASSERT_EQ(created["status"].value("state", ""), "SUCCEEDED") << created.dump();

  // No clean shutdown: the process dies between requests, with its WAL files un-checkpointed.
  first->signal(SIGKILL);
  const auto killed = first->wait_exit();
  ASSERT_TRUE(killed);
  EXPECT_TRUE(WIFSIGNALED(*killed) && WTERMSIG(*killed) == SIGKILL);
  const fs::path state = dir_ / "state";
  EXPECT_TRUE(fs::exists(state / "drdrill-state.json"));
  for (const fs::path& db : {state / "sql" / "hms-eastus" / "hms.db", state / "blob.db"}) {
    SCOPED_TRACE(db.string());
    EXPECT_TRUE(fs::exists(db.string() + "-wal"));
    EXPECT_TRUE(in_wal_mode(db));
  }
  EXPECT_TRUE(fs::exists(state / "sql" / "hms-westus" / "hms.db"));  // the geo-secondary

  auto second = serve(2);
  ASSERT_TRUE(second->started());
  ep = wait_for_endpoints(endpoints(2), *second);
  ASSERT_TRUE(ep) << second->output();
  Client two(*ep);
  EXPECT_NE(second->output().find("resumed from an earlier run's state"), std::string::npos) << second->output();

  auto got = two.blob(http::Method::kGet, "/kept/a.txt");
  ASSERT_FALSE(got.ec) << got.ec.message();
  EXPECT_EQ(got.response.result_int(), 200) << got.response.body();
  EXPECT_EQ(got.response.body(), "written before the kill");
  EXPECT_EQ(got.response["x-ms-meta-stage"], "before");
  EXPECT_EQ(got.response[beast_http::field::content_type], "text/plain");
  EXPECT_EQ(two.blob(http::Method::kGet, "/kept/deleted.txt").response.result_int(), 404);
  auto props = two.blob(http::Method::kGet, "/kept?restype=container");
  EXPECT_EQ(props.response.result_int(), 200);
  EXPECT_EQ(props.response["x-ms-meta-owner"], "drill");
  // Writes go on after a restart, on top of what was kept.
  EXPECT_EQ(two.blob(http::Method::kPut, "/kept/b.txt", "after", {{"x-ms-blob-type", "BlockBlob"}}).response.result_int(), 201);

  // The metastore kept the database (a schema that does not exist fails the same statement).
  const Json kept = two.sql("SHOW TABLES IN kept_db");
  EXPECT_EQ(kept["status"].value("state", ""), "SUCCEEDED") << kept.dump();
  const Json missing = two.sql("SHOW TABLES IN never_created");
  EXPECT_EQ(missing["status"].value("state", ""), "FAILED") << missing.dump();
  // The deployment is idempotent against the kept metastore: creating it again is refused as a duplicate.
  const Json again = two.sql("CREATE DATABASE kept_db");
  EXPECT_EQ(again["status"].value("state", ""), "FAILED") << again.dump();

  second->signal(SIGTERM);
  const auto ended = second->wait_exit();
  ASSERT_TRUE(ended);
  EXPECT_TRUE(WIFEXITED(*ended)) << second->output();
  const Json report = Json::parse(read_file(dir_ / "out2" / "report.json"), nullptr, false);
  ASSERT_TRUE(report.is_object()) << second->output();
  EXPECT_EQ(report["state"]["resumed"], true);
  EXPECT_EQ(report["state"]["dir"], state.string());
}

TEST_F(ServeStateTest, ADirectoryOfAnotherScenarioIsRefusedWithExit2NamingTheManifest) {
  auto first = serve(1);
  ASSERT_TRUE(first->started());
  ASSERT_TRUE(wait_for_endpoints(endpoints(1), *first)) << first->output();
  first->signal(SIGKILL);
  ASSERT_TRUE(first->wait_exit());

  // The same default world under another account name is another topology.
  auto renamed = serve(2, {"--account", "otherlake"});
  const auto refused = renamed->wait_exit();
  ASSERT_TRUE(refused);
  ASSERT_TRUE(WIFEXITED(*refused));
  EXPECT_EQ(WEXITSTATUS(*refused), 2) << renamed->output();
  const std::string manifest = (dir_ / "state" / "drdrill-state.json").string();
  EXPECT_NE(renamed->output().find(manifest + ": this state directory belongs to scenario 'serve-default' with another topology"),
            std::string::npos)
      << renamed->output();
  EXPECT_FALSE(fs::exists(endpoints(2)));

  // The same world under another scenario name.
  Json scenario = Json::parse(read_file(DRDRILL_DEFAULT_SCENARIO), nullptr, false);
  ASSERT_TRUE(scenario.is_object());
  scenario["name"] = "other";
  const fs::path other = dir_ / "other.json";
  std::ofstream(other) << scenario.dump();
  auto another = serve(3, {other.string()});
  const auto refused_too = another->wait_exit();
  ASSERT_TRUE(refused_too);
  ASSERT_TRUE(WIFEXITED(*refused_too));
  EXPECT_EQ(WEXITSTATUS(*refused_too), 2) << another->output();
  EXPECT_NE(another->output().find(manifest + ": this state directory belongs to scenario 'serve-default', not 'other'"),
            std::string::npos)
      << another->output();
}

TEST_F(ServeStateTest, ADirectoryWithOtherFilesAndNoManifestIsRefused) {
  fs::create_directories(dir_ / "state");
  std::ofstream(dir_ / "state" / "notes.txt") << "mine";
  auto server = serve(1);
  const auto refused = server->wait_exit();
  ASSERT_TRUE(refused);
  ASSERT_TRUE(WIFEXITED(*refused));
  EXPECT_EQ(WEXITSTATUS(*refused), 2) << server->output();
  EXPECT_NE(server->output().find("not a drdrill state directory"), std::string::npos) << server->output();
  EXPECT_EQ(read_file(dir_ / "state" / "notes.txt"), "mine");
}

}  // namespace
}  // namespace drdrill::serve
