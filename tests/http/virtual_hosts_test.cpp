#include "http/virtual_hosts.h"

#include <gtest/gtest.h>

#include <string>

#include "http/router.h"

namespace drdrill::http {
namespace {

Request request(Method method, std::string host, std::string target) {
  Request r;
  r.method = method;
  r.target = std::move(target);
  if (!host.empty()) r.headers.add("Host", std::move(host));
  return r;
}

HostHandler named(std::string name) {
  return [name](const Request&, const RouteParams& params) {
    std::string body = name;
    for (const auto& [n, v] : params) body += ";" + n + "=" + v;
    return Response::text(200, body);
  };
}

TEST(VirtualHosts, DispatchesByHostPatternAndPassesTheCapturedLabels) {
  VirtualHosts hosts;
  hosts.add("{account}.blob.localhost", named("blob")).add("{account}.dfs.localhost", named("dfs"));
  EXPECT_EQ(hosts(request(Method::kGet, "acct.blob.localhost:10000", "/")).body, "blob;account=acct");
  EXPECT_EQ(hosts(request(Method::kGet, "Acct.DFS.localhost", "/")).body, "dfs;account=acct");
}

TEST(VirtualHosts, ExactNameBeatsPatternWhateverTheRegistrationOrder) {
  VirtualHosts pattern_first;
  pattern_first.add("{account}.blob.localhost", named("pattern")).add("admin.blob.localhost", named("exact"));
  VirtualHosts exact_first;
  exact_first.add("admin.blob.localhost", named("exact")).add("{account}.blob.localhost", named("pattern"));
  for (const VirtualHosts* hosts : {&pattern_first, &exact_first}) {
    EXPECT_EQ((*hosts)(request(Method::kGet, "admin.blob.localhost", "/")).body, "exact");
    EXPECT_EQ((*hosts)(request(Method::kGet, "acct.blob.localhost", "/")).body, "pattern;account=acct");
  }
}

TEST(VirtualHosts, UnmatchedOrMissingHostGoesToTheFallback) {
  VirtualHosts hosts([](const Request&) { return Response::text(200, "fallback"); });
  hosts.add("{account}.blob.localhost", named("blob"));
  EXPECT_EQ(hosts(request(Method::kGet, "127.0.0.1:10000", "/acct/c")).body, "fallback");
  EXPECT_EQ(hosts(request(Method::kGet, "localhost", "/acct/c")).body, "fallback");
  EXPECT_EQ(hosts(request(Method::kGet, "", "/acct/c")).body, "fallback");
}

TEST(VirtualHosts, WithoutAFallbackAnUnknownHostIs404) {
  VirtualHosts hosts;
  const Response r = hosts(request(Method::kGet, "nobody.example:80", "/"));
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("'nobody.example'"), std::string::npos) << r.body;
}

// --- How the storage model serves both addressing styles on one listener ----------------------

// What the model needs from an account name: Azurite treats "<account>-secondary" as the RA-GRS
// secondary endpoint of <account> in both styles.
struct Account {
  std::string name;
  bool secondary = false;
};
Account parse_account(std::string_view label) {
  constexpr std::string_view kSuffix = "-secondary";
  if (label.size() > kSuffix.size() && label.ends_with(kSuffix)) {
    return {std::string(label.substr(0, label.size() - kSuffix.size())), true};
  }
  return {std::string(label), false};
}

// Reports what a route learned, as the blob model would use it.
Response describe(std::string_view op, const Request& req, const RouteMatch& m) {
  const Account account = parse_account(m.params.at("account"));
  std::string body = std::string(op) + " account=" + account.name + (account.secondary ? " (secondary)" : "");
  if (auto c = m.params.get("container")) body += " container=" + std::string(*c);
  if (auto b = m.params.get("blob")) body += " blob=" + std::string(*b);
  // The List XML ServiceEndpoint: the same base URL the client used.
  body += " endpoint=http://" + std::string(req.headers.get("Host").value_or("")) + std::string(m.base_path) + "/";
  return Response::text(200, body);
}

Response azure_error(const Request&, const RoutingError& error) {
  const char* code = error.kind == RoutingError::Kind::kBadRequest         ? "InvalidUri"
                     : error.kind == RoutingError::Kind::kMethodNotAllowed ? "UnsupportedHttpVerb"
                                                                           : "ResourceNotFound";
  Response r = Response::text(error.status,
                              std::string("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>") + code +
                                  "</Code></Error>",
                              "application/xml");
  r.headers.set("x-ms-error-code", code);
  return r;
}

// One account-relative route table, reached through a host pattern and through a path mount.
Handler storage_front_end() {
  Router account;
  account.set_error_responder(azure_error)
      .add(Method::kGet, "/",
           [](const Request& req, const RouteMatch& m) {
             return describe(m.query.iget("comp") == "stats" ? "stats" : "list-containers", req, m);
           })
      .add(Method::kPut, "/{container}",
           [](const Request& req, const RouteMatch& m) { return describe("create-container", req, m); })
      .add(Method::kGet, "/{container}/{blob...}",
           [](const Request& req, const RouteMatch& m) { return describe("get-blob", req, m); })
      .add(Method::kPut, "/{container}/{blob...}",
           [](const Request& req, const RouteMatch& m) { return describe("put-blob", req, m); });

  Router path_style;
  path_style.set_error_responder(azure_error).mount("/{account}", account);

  VirtualHosts front(path_style);
  front.add("{account}.blob.localhost", account);
  return front;
}

TEST(StorageAddressing, PathStyleAndHostStyleReachTheSameRoutes) {
  const Handler storage = storage_front_end();
  EXPECT_EQ(storage(request(Method::kGet, "127.0.0.1:10000", "/devstoreaccount1/c/dir/file%201.txt")).body,
            "get-blob account=devstoreaccount1 container=c blob=dir/file 1.txt "
            "endpoint=http://127.0.0.1:10000/devstoreaccount1/");
  EXPECT_EQ(storage(request(Method::kGet, "devstoreaccount1.blob.localhost:10000", "/c/dir/file%201.txt")).body,
            "get-blob account=devstoreaccount1 container=c blob=dir/file 1.txt "
            "endpoint=http://devstoreaccount1.blob.localhost:10000/");
}

TEST(StorageAddressing, SecondaryEndpointWorksInBothStyles) {
  const Handler storage = storage_front_end();
  EXPECT_EQ(storage(request(Method::kGet, "127.0.0.1:10000", "/acct-secondary/?restype=service&comp=stats")).body,
            "stats account=acct (secondary) endpoint=http://127.0.0.1:10000/acct-secondary/");
  EXPECT_EQ(storage(request(Method::kGet, "acct-secondary.blob.localhost:10000", "/?restype=service&comp=stats")).body,
            "stats account=acct (secondary) endpoint=http://acct-secondary.blob.localhost:10000/");
  EXPECT_EQ(storage(request(Method::kPut, "acct-secondary.blob.localhost:10000", "/c/b")).body,
            "put-blob account=acct (secondary) container=c blob=b endpoint=http://acct-secondary.blob.localhost:10000/");
}

TEST(StorageAddressing, AccountRootWithAndWithoutTrailingSlash) {
  const Handler storage = storage_front_end();
  EXPECT_EQ(storage(request(Method::kGet, "127.0.0.1:10000", "/acct?comp=list")).body,
            "list-containers account=acct endpoint=http://127.0.0.1:10000/acct/");
  EXPECT_EQ(storage(request(Method::kGet, "127.0.0.1:10000", "/acct/?comp=list")).body,
            "list-containers account=acct endpoint=http://127.0.0.1:10000/acct/");
  EXPECT_EQ(storage(request(Method::kGet, "acct.blob.localhost", "/?comp=list")).body,
            "list-containers account=acct endpoint=http://acct.blob.localhost/");
}

TEST(StorageAddressing, ErrorsAreAzureXmlInBothStyles) {
  const Handler storage = storage_front_end();
  const Response host_405 = storage(request(Method::kDelete, "acct.blob.localhost", "/c/b"));
  EXPECT_EQ(host_405.status, 405);
  EXPECT_EQ(host_405.headers.get("x-ms-error-code"), "UnsupportedHttpVerb");
  EXPECT_EQ(host_405.headers.get("Allow"), "GET, HEAD, PUT");

  const Response path_405 = storage(request(Method::kDelete, "127.0.0.1", "/acct/c/b"));
  EXPECT_EQ(path_405.status, 405);
  EXPECT_EQ(path_405.headers.get("x-ms-error-code"), "UnsupportedHttpVerb");

  const Response root_404 = storage(request(Method::kGet, "127.0.0.1", "/"));  // no account at all
  EXPECT_EQ(root_404.status, 404);
  EXPECT_EQ(root_404.headers.get("x-ms-error-code"), "ResourceNotFound");

  const Response bad_400 = storage(request(Method::kGet, "acct.blob.localhost", "/c/%zz"));
  EXPECT_EQ(bad_400.status, 400);
  EXPECT_EQ(bad_400.headers.get("x-ms-error-code"), "InvalidUri");
}

using VirtualHostsRegistrationDeathTest = ::testing::Test;

TEST(VirtualHostsRegistrationDeathTest, AbortsOnADuplicateOrMalformedPattern) {
  EXPECT_DEATH(VirtualHosts().add("{a}.blob.localhost", named("x")).add("{b}.BLOB.localhost", named("y")),
               "duplicates");
  EXPECT_DEATH(VirtualHosts().add("{account}-secondary.blob.localhost", named("x")), "whole label");
}

}  // namespace
}  // namespace drdrill::http
