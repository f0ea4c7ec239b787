// HTTPS with certificates from LocalCertificateAuthority, verified the way official clients do:
// against the CA file, with host-name checks for 127.0.0.1 and localhost.

#include "transport/local_certificate_authority.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_client.h"
#include "transport/event_loop.h"
#include "transport/http_server.h"

namespace drdrill::transport {
namespace {

namespace beast_http = boost::beast::http;
namespace net = boost::asio;
using testing::TlsTestClient;
using beast_http::verb;

// Unique per process and test: ctest runs tests of this file in parallel processes.
std::filesystem::path temp_file(const std::string& name) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string prefix = std::to_string(getpid()) + "-" + (test ? test->name() : "global") + "-";
  return std::filesystem::path(::testing::TempDir()) / (prefix + name);
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ca = LocalCertificateAuthority::create();
    ASSERT_TRUE(ca.ok()) << ca.status().to_string();
    ca_ = std::make_unique<LocalCertificateAuthority>(std::move(ca).value());
    ca_file_ = temp_file("drdrill-tls-test-ca.pem");
    ASSERT_TRUE(ca_->write_certificate_pem(ca_file_).ok());
  }

  void start(std::vector<std::string> extra_names = {}) {
    auto identity = ca_->issue_server_identity(extra_names);
    ASSERT_TRUE(identity.ok()) << identity.status().to_string();
    HttpServerOptions options;
    options.tls = std::move(identity).value();
    server_ = std::make_unique<HttpServer>(
        loop_.context(),
        [](const http::Request& r) {
          return http::Response::text(200, std::string(r.secure ? "secure " : "plain ") + r.target);
        },
        std::move(options));
    ASSERT_TRUE(server_->start().ok());
    loop_.start_thread();
  }

  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(testing::stop_and_wait(*server_));
    }
    loop_.stop();
    loop_.join();
    std::error_code ignored;
    std::filesystem::remove(ca_file_, ignored);
  }

  // A client context that trusts only the CA in `ca_file` and verifies the peer.
  static std::unique_ptr<net::ssl::context> client_context(const std::filesystem::path& ca_file) {
    auto context = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
    context->set_verify_mode(net::ssl::verify_peer);
    context->load_verify_file(ca_file.string());
    return context;
  }

  std::unique_ptr<LocalCertificateAuthority> ca_;
  std::filesystem::path ca_file_;
  EventLoop loop_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(TlsTest, ServesHttpsVerifiedAgainstTheCaFileForLocalhostAndTheLoopbackAddress) {
  start();
  EXPECT_EQ(server_->base_url(), "https://127.0.0.1:" + std::to_string(server_->port()));
  auto context = client_context(ca_file_);
  for (const std::string name : {"localhost", "127.0.0.1"}) {
    TlsTestClient client(server_->port(), *context);
    const auto ec = client.connect(name);
    ASSERT_FALSE(ec) << name << ": " << ec.message();
    auto first = client.request(verb::get, "/one");
    ASSERT_FALSE(first.ec) << first.ec.message();
    EXPECT_EQ(first.response.body(), "secure /one");
    auto head = client.request(verb::head, "/two");  // HEAD then GET over TLS keeps the stream in step
    ASSERT_FALSE(head.ec) << head.ec.message();
    EXPECT_EQ(head.response[beast_http::field::content_length], "11");
    auto second = client.request(verb::get, "/two");
    ASSERT_FALSE(second.ec) << second.ec.message();
    EXPECT_EQ(second.response.body(), "secure /two");
  }
  EXPECT_EQ(server_->connections_accepted(), 2u);
}

TEST_F(TlsTest, CoversTheExtraNamesAndWildcardsItWasAskedFor) {
  start({"*.blob.localhost", "acct.dfs.localhost"});
  auto context = client_context(ca_file_);
  for (const std::string name : {"acct.blob.localhost", "acct-secondary.blob.localhost", "acct.dfs.localhost"}) {
    TlsTestClient client(server_->port(), *context);
    EXPECT_FALSE(client.connect(name)) << name;
  }
  TlsTestClient two_labels_deep(server_->port(), *context);
  EXPECT_TRUE(two_labels_deep.connect("a.b.blob.localhost"));  // a wildcard covers one label only
}

TEST_F(TlsTest, AClientRefusesANameTheCertificateDoesNotCover) {
  start();
  auto context = client_context(ca_file_);
  TlsTestClient client(server_->port(), *context);
  EXPECT_TRUE(client.connect("example.com"));
}

TEST_F(TlsTest, AClientTrustingAnotherCaRefusesTheServer) {
  start();
  auto other = LocalCertificateAuthority::create("another CA");
  ASSERT_TRUE(other.ok());
  const auto other_file = temp_file("drdrill-tls-test-other-ca.pem");
  ASSERT_TRUE(other->write_certificate_pem(other_file).ok());
  auto context = client_context(other_file);
  std::filesystem::remove(other_file);
  TlsTestClient client(server_->port(), *context);
  EXPECT_TRUE(client.connect("localhost"));
}

TEST_F(TlsTest, SurvivesAPlainHttpClientOnTheHttpsPort) {
  start();
  testing::TestClient plain(server_->port());
  ASSERT_FALSE(plain.connect());
  ASSERT_FALSE(plain.write("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_TRUE(plain.server_closed());
  auto context = client_context(ca_file_);
  TlsTestClient client(server_->port(), *context);
  ASSERT_FALSE(client.connect("localhost"));
  EXPECT_EQ(client.request(verb::get, "/after").response.body(), "secure /after");
}

TEST(LocalCertificateAuthority, RefusesNamesThatAreNotDnsNames) {
  auto ca = LocalCertificateAuthority::create();
  ASSERT_TRUE(ca.ok());
  for (const std::string bad : {"", "a,DNS:evil.com", "a..b", "*.", "a b", "*.*.x"}) {
    EXPECT_TRUE(ca->issue_server_identity({bad}).status().is_invalid_argument()) << bad;
  }
  EXPECT_TRUE(ca->issue_server_identity({"*.blob.localhost", "acct-1.localhost"}).ok());
}

TEST(LocalCertificateAuthority, WritesAPemCertificateAFileClientCanLoad) {
  auto ca = LocalCertificateAuthority::create();
  ASSERT_TRUE(ca.ok());
  EXPECT_THAT(ca->certificate_pem(), ::testing::StartsWith("-----BEGIN CERTIFICATE-----\n"));
  const auto file = temp_file("drdrill-ca-write-test.pem");
  ASSERT_TRUE(ca->write_certificate_pem(file).ok());
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), ca->certificate_pem());
  std::filesystem::remove(file);
  EXPECT_FALSE(ca->write_certificate_pem("/nonexistent-dir/ca.pem").ok());
}

// curl is what people reach for first; check it accepts the CA file. Skipped without curl.
TEST_F(TlsTest, CurlTrustsTheServerThroughCacert) {
  if (std::system("command -v curl >/dev/null 2>&1") != 0) GTEST_SKIP() << "curl is not installed";
  start();
  for (const std::string host : {"localhost", "127.0.0.1"}) {
    const auto out = temp_file("drdrill-curl-" + host + ".out");
    const std::string command = "curl -sS --max-time 10 --cacert '" + ca_file_.string() + "' -o '" + out.string() +
                                "' https://" + host + ":" + std::to_string(server_->port()) + "/from-curl";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    std::ifstream in(out);
    std::stringstream body;
    body << in.rdbuf();
    EXPECT_EQ(body.str(), "secure /from-curl") << host;
    std::filesystem::remove(out);
  }
  // Without the CA curl must refuse: proves the check above was a real verification.
  const std::string untrusted = "curl -sS --max-time 10 -o /dev/null https://localhost:" +
                                std::to_string(server_->port()) + "/ 2>/dev/null";
  EXPECT_NE(std::system(untrusted.c_str()), 0);
}

// Runs a shell command and returns its standard output; `status` gets the exit status.
std::string run_command(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    *status = -1;
    return out;
  }
  char chunk[4096];
  std::size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0) out.append(chunk, n);
  *status = pclose(pipe);
  return out;
}

bool installed(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

// The Azure ARM SDKs run on Node and need HTTPS: NODE_EXTRA_CA_CERTS is how they will trust us.
TEST_F(TlsTest, NodeTrustsTheServerThroughNodeExtraCaCerts) {
  if (!installed("node")) GTEST_SKIP() << "node is not installed";
  start();
  const std::string script =
      "const h=require('https');const r=h.get(process.argv[1],{timeout:10000},s=>{let b='';"
      "s.on('data',d=>b+=d);s.on('end',()=>{process.stdout.write(b);process.exit(0)})});"
      "r.on('error',e=>{console.error(e.message);process.exit(1)});r.on('timeout',()=>process.exit(2));";
  for (const std::string host : {"localhost", "127.0.0.1"}) {
    const std::string url = "https://" + host + ":" + std::to_string(server_->port()) + "/from-node";
    int status = 0;
    const std::string body = run_command("NODE_EXTRA_CA_CERTS='" + ca_file_.string() + "' timeout 20 node -e \"" +
                                             script + "\" " + url, &status);
    EXPECT_EQ(status, 0) << host;
    EXPECT_EQ(body, "secure /from-node") << host;
  }
}

// Python's requests / azure-identity trust a CA bundle; recent Pythons verify with
// VERIFY_X509_STRICT, which needs the CA's key usage, key identifiers and critical constraints.
TEST_F(TlsTest, PythonTrustsTheServerWithStrictX509Verification) {
  if (!installed("python3")) GTEST_SKIP() << "python3 is not installed";
  start();
  const std::string script =
      "import ssl,sys,urllib.request\n"
      "c=ssl.create_default_context(cafile=sys.argv[1])\n"
      "c.verify_flags|=ssl.VERIFY_X509_STRICT\n"
      "sys.stdout.write(urllib.request.urlopen(sys.argv[2],context=c,timeout=10).read().decode())\n";
  for (const std::string host : {"localhost", "127.0.0.1"}) {
    const std::string url = "https://" + host + ":" + std::to_string(server_->port()) + "/from-python";
    int status = 0;
    const std::string body =
        run_command("timeout 20 python3 -c \"$(printf '" + script + "')\" '" + ca_file_.string() + "' " + url, &status);
    EXPECT_EQ(status, 0) << host;
    EXPECT_EQ(body, "secure /from-python") << host;
  }
}

}  // namespace
}  // namespace drdrill::transport
