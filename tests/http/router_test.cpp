#include "http/router.h"

#include <gtest/gtest.h>

#include <string>

namespace drdrill::http {
namespace {

Request request(Method method, std::string target) {
  Request r;
  r.method = method;
  r.target = std::move(target);
  return r;
}

// A handler that answers with its name, so a test can see which route ran.
RouteHandler named(std::string name) {
  return [name](const Request&, const RouteMatch&) { return Response::text(200, name); };
}

// A handler that reports the captures it was given as "name=value;..." .
Response echo_params(const Request&, const RouteMatch& match) {
  std::string body;
  for (const auto& [name, value] : match.params) body += name + "=" + value + ";";
  return Response::text(200, body);
}

TEST(RouterDispatch, CallsTheRouteForMethodAndLiteralPath) {
  Router router;
  router.add(Method::kGet, "/api/2.0/jobs/get", named("jobs/get"))
      .add(Method::kPost, "/api/2.0/jobs/create", named("jobs/create"));
  EXPECT_EQ(router(request(Method::kGet, "/api/2.0/jobs/get?job_id=7")).body, "jobs/get");
  EXPECT_EQ(router(request(Method::kPost, "/api/2.0/jobs/create")).body, "jobs/create");
}

TEST(RouterDispatch, GivesTheHandlerDecodedParamsParsedQueryAndPattern) {
  Router router;
  RouteMatch seen;
  router.add(Method::kGet, "/{account}/{container}", [&](const Request&, const RouteMatch& m) {
    seen = m;
    seen.pattern = {};  // views into the router and request; compared inside the call below
    EXPECT_EQ(m.pattern, "/{account}/{container}");
    EXPECT_EQ(m.base_path, "");
    return Response::empty(200);
  });
  EXPECT_EQ(router(request(Method::kGet, "/acct/my%20c?restype=container&comp=list&prefix=a%2Fb")).status, 200);
  EXPECT_EQ(seen.params, (RouteParams{{"account", "acct"}, {"container", "my c"}}));
  EXPECT_EQ(seen.query.get("restype"), "container");
  EXPECT_EQ(seen.query.get("prefix"), "a/b");
}

TEST(RouterDispatch, CatchAllCapturesTheBlobNameWithSlashes) {
  Router router;
  router.add(Method::kPut, "/{account}/{container}/{blob...}", echo_params);
  EXPECT_EQ(router(request(Method::kPut, "/acct/c/year%3D2026/part%200.parquet")).body,
            "account=acct;container=c;blob=year=2026/part 0.parquet;");
  EXPECT_EQ(router(request(Method::kPut, "/acct/c/a%2Fb")).body, "account=acct;container=c;blob=a/b;");
  EXPECT_EQ(router(request(Method::kPut, "/acct/c/")).status, 404);
}

TEST(RouterDispatch, IsAHandlerAndCopiesWithItsRoutes) {
  Router router;
  router.add(Method::kGet, "/ping", named("pong"));
  const Handler handler = router;
  router.add(Method::kGet, "/later", named("later"));  // the copy above does not see this
  EXPECT_EQ(handler(request(Method::kGet, "/ping")).body, "pong");
  EXPECT_EQ(handler(request(Method::kGet, "/later")).status, 404);
  EXPECT_EQ(router(request(Method::kGet, "/later")).body, "later");
}

TEST(RouterDispatch, BoundParamsComeBeforeThePathsOwn) {
  Router router;
  router.add(Method::kGet, "/{container}", echo_params);
  EXPECT_EQ(router(request(Method::kGet, "/c"), RouteParams{{"account", "acct"}}).body, "account=acct;container=c;");
}

TEST(RouterPrecedence, LiteralSegmentBeatsParameterWhateverTheRegistrationOrder) {
  Router literal_first;
  literal_first.add(Method::kGet, "/api/2.0/jobs/runs/list", named("literal"))
      .add(Method::kGet, "/api/2.0/jobs/runs/{op}", named("param"));
  Router param_first;
  param_first.add(Method::kGet, "/api/2.0/jobs/runs/{op}", named("param"))
      .add(Method::kGet, "/api/2.0/jobs/runs/list", named("literal"));
  for (const Router* router : {&literal_first, &param_first}) {
    EXPECT_EQ((*router)(request(Method::kGet, "/api/2.0/jobs/runs/list")).body, "literal");
    EXPECT_EQ((*router)(request(Method::kGet, "/api/2.0/jobs/runs/get")).body, "param");
  }
}

TEST(RouterPrecedence, ParameterBeatsCatchAllAndLeftmostDifferenceDecides) {
  Router router;
  router.add(Method::kGet, "/{account}/{container}/{blob...}", named("blob"))
      .add(Method::kGet, "/{account}/{container}/{name}", named("one-segment"))
      .add(Method::kGet, "/{account}/$logs/{blob...}", named("logs"));
  EXPECT_EQ(router(request(Method::kGet, "/a/c/x")).body, "one-segment");
  EXPECT_EQ(router(request(Method::kGet, "/a/c/x/y")).body, "blob");
  // "$logs" is a literal at position 1, so it wins even over a parameter further right.
  EXPECT_EQ(router(request(Method::kGet, "/a/$logs/x")).body, "logs");
  EXPECT_EQ(router(request(Method::kGet, "/a/%24logs/x/y")).body, "logs");
}

TEST(RouterPrecedence, MethodIsChosenBeforePrecedence) {
  // The literal route has no PUT, so a PUT goes to the parameter route rather than to 405.
  Router router;
  router.add(Method::kGet, "/{account}/stats", named("stats"))
      .add(Method::kPut, "/{account}/{container}", named("create-container"));
  EXPECT_EQ(router(request(Method::kPut, "/a/stats")).body, "create-container");
  EXPECT_EQ(router(request(Method::kGet, "/a/stats")).body, "stats");
}

TEST(RouterHead, FallsBackToGetUnlessAHeadRouteMatches) {
  Router router;
  router.add(Method::kGet, "/{c}/{blob...}", named("get-blob")).add(Method::kGet, "/{c}", named("list"));
  router.add(Method::kHead, "/{c}/{blob...}", named("blob-properties"));
  EXPECT_EQ(router(request(Method::kHead, "/c/b")).body, "blob-properties");
  EXPECT_EQ(router(request(Method::kHead, "/c")).body, "list");
}

TEST(RouterErrors, UnmatchedPathIs404WithAPlainTextDefault) {
  Router router;
  router.add(Method::kGet, "/api/2.0/jobs/get", named("jobs/get"));
  const Response r = router(request(Method::kGet, "/api/2.0/jobs/nope?x=1"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.body, "Not Found: no route matches GET /api/2.0/jobs/nope\n");
}

TEST(RouterErrors, WrongMethodIs405ListingEveryAcceptedMethod) {
  Router router;
  router.add(Method::kGet, "/{c}/{blob...}", named("get"))
      .add(Method::kPut, "/{c}/{blob...}", named("put"))
      .add(Method::kDelete, "/{c}/x", named("delete-x"));
  const Response r = router(request(Method::kPost, "/c/x"));
  EXPECT_EQ(r.status, 405);
  // Union over every pattern matching the path; HEAD because GET is served.
  EXPECT_EQ(r.headers.get("Allow"), "GET, HEAD, PUT, DELETE");
  EXPECT_EQ(r.body, "Method Not Allowed: POST is not allowed on /c/x (allowed: GET, HEAD, PUT, DELETE)\n");
  EXPECT_EQ(router(request(Method::kOther, "/c/y")).headers.get("Allow"), "GET, HEAD, PUT");
}

TEST(RouterErrors, ResponderShapesTheBodyAndTheRouterStillSetsAllow) {
  Router router;
  router.add(Method::kPost, "/api/2.1/jobs/run-now", named("run-now"));
  std::vector<RoutingError::Kind> kinds;
  router.set_error_responder([&](const Request& req, const RoutingError& error) {
    kinds.push_back(error.kind);
    const char* code = error.kind == RoutingError::Kind::kNotFound ? "ENDPOINT_NOT_FOUND" : "BAD_REQUEST";
    return Response::json(error.status, std::string(R"({"error_code":")") + code + R"(","message":")" +
                                            std::string(to_string(req.method)) + "\"}");
  });
  const Response missing = router(request(Method::kGet, "/api/2.1/jobs/nope"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(missing.body, R"({"error_code":"ENDPOINT_NOT_FOUND","message":"GET"})");

  const Response wrong_method = router(request(Method::kGet, "/api/2.1/jobs/run-now"));
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.headers.get("Allow"), "POST");
  EXPECT_EQ(kinds, (std::vector{RoutingError::Kind::kNotFound, RoutingError::Kind::kMethodNotAllowed}));
}

TEST(RouterErrors, MalformedPathEscapeIs400ThroughTheResponder) {
  Router router;
  router.add(Method::kGet, "/{c}/{blob...}", named("get"));
  router.set_error_responder([](const Request&, const RoutingError& error) {
    Response r = Response::text(error.status, "<Error><Code>InvalidUri</Code></Error>", "application/xml");
    r.headers.set("x-ms-error-code", "InvalidUri");
    return r;
  });
  const Response r = router(request(Method::kGet, "/c/bad%zzname"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "InvalidUri");
  EXPECT_EQ(router(request(Method::kGet, "/c/trunc%4")).status, 400);
}

TEST(RouterErrors, MalformedQueryIs400OnlyOnceARouteMatched) {
  Router router;
  router.add(Method::kGet, "/api/2.0/jobs/get", named("jobs/get"));
  const Response bad = router(request(Method::kGet, "/api/2.0/jobs/get?job_id=%zz"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("malformed query string"), std::string::npos) << bad.body;
  EXPECT_EQ(router(request(Method::kGet, "/elsewhere?job_id=%zz")).status, 404);
}

TEST(RouterErrors, ResponderMayChooseItsOwnStatus) {
  Router router;
  router.set_error_responder([](const Request&, const RoutingError&) { return Response::text(400, "no"); });
  EXPECT_EQ(router(request(Method::kGet, "/x")).status, 400);
}

TEST(RouterQuery, PlusSignDecodingIsAPerRouterChoice) {
  Router azure;
  azure.add(Method::kGet, "/{c}", [](const Request&, const RouteMatch& m) {
    return Response::text(200, std::string(m.query.get("prefix").value_or("?")));
  });
  Router databricks;
  databricks.set_query_plus_sign(PlusSign::kSpace);
  databricks.add(Method::kGet, "/api/2.1/jobs/list", [](const Request&, const RouteMatch& m) {
    return Response::text(200, std::string(m.query.get("name").value_or("?")));
  });
  EXPECT_EQ(azure(request(Method::kGet, "/c?prefix=a+b%20c")).body, "a+b c");
  EXPECT_EQ(databricks(request(Method::kGet, "/api/2.1/jobs/list?name=nightly+etl%2B1")).body, "nightly etl+1");
}

TEST(RouterMount, HandsTheRestOfThePathToTheMountedRouter) {
  Router account;
  account.add(Method::kGet, "/", echo_params).add(Method::kGet, "/{container}/{blob...}", echo_params);
  Router front;
  front.mount("/{account}", account);
  EXPECT_EQ(front(request(Method::kGet, "/acct/c/d/e")).body, "account=acct;container=c;blob=d/e;");
  // "/acct" and "/acct/" both reach the account router's root.
  EXPECT_EQ(front(request(Method::kGet, "/acct?comp=list")).body, "account=acct;");
  EXPECT_EQ(front(request(Method::kGet, "/acct/?comp=list")).body, "account=acct;");
}

TEST(RouterMount, TellsTheHandlerWhichPartOfThePathTheMountConsumed) {
  Router account;
  account.add(Method::kGet, "/{container}", [](const Request&, const RouteMatch& m) {
    return Response::text(200, std::string(m.base_path) + "|" + std::string(m.pattern));
  });
  account.add(Method::kGet, "/", [](const Request&, const RouteMatch& m) {
    return Response::text(200, std::string(m.base_path));
  });
  Router front;
  front.mount("/{account}", account);
  EXPECT_EQ(front(request(Method::kGet, "/dev%20acct/c")).body, "/dev%20acct|/{container}");
  EXPECT_EQ(front(request(Method::kGet, "/acct")).body, "/acct");
  EXPECT_EQ(front(request(Method::kGet, "/acct/")).body, "/acct");
  EXPECT_EQ(account(request(Method::kGet, "/c")).body, "|/{container}");
}

TEST(RouterMount, ServesAliasesOfOneApiVersionTable) {
  Router jobs;
  jobs.add(Method::kGet, "/jobs/get", echo_params);
  Router api;
  api.mount("/api/{version}", jobs);
  EXPECT_EQ(api(request(Method::kGet, "/api/2.2/jobs/get?job_id=1")).body, "version=2.2;");
  EXPECT_EQ(api(request(Method::kGet, "/api/2.0/jobs/get")).body, "version=2.0;");
}

TEST(RouterMount, OwnRoutesComeFirstThenTheMostSpecificMount) {
  Router special;
  special.add(Method::kGet, "/{rest...}", named("special"));
  Router general;
  general.add(Method::kGet, "/{rest...}", named("general"));
  Router front;
  front.mount("/{account}", general).mount("/health", special).add(Method::kGet, "/health/live", named("route"));
  EXPECT_EQ(front(request(Method::kGet, "/health/live")).body, "route");
  EXPECT_EQ(front(request(Method::kGet, "/health/ready")).body, "special");
  EXPECT_EQ(front(request(Method::kGet, "/acct/x")).body, "general");
}

TEST(RouterMount, MountedRouterAnswersItsOwnErrorsWithTheInheritedResponder) {
  Router account;
  account.add(Method::kPut, "/{container}", named("create"));
  Router front;
  front.set_error_responder([](const Request&, const RoutingError& e) { return Response::text(e.status, "xml"); });
  front.mount("/{account}", account);
  const Response not_allowed = front(request(Method::kPost, "/acct/c"));
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_EQ(not_allowed.body, "xml");
  EXPECT_EQ(not_allowed.headers.get("Allow"), "PUT");
  EXPECT_EQ(front(request(Method::kGet, "/acct/c/d")).body, "xml");
  EXPECT_EQ(front(request(Method::kGet, "/")).status, 404);  // no mount matches the root

  account.set_error_responder([](const Request&, const RoutingError& e) { return Response::text(e.status, "own"); });
  Router front2;
  front2.set_error_responder([](const Request&, const RoutingError& e) { return Response::text(e.status, "xml"); });
  front2.mount("/{account}", account);
  EXPECT_EQ(front2(request(Method::kGet, "/acct/c/d")).body, "own");
}

using RouterRegistrationDeathTest = ::testing::Test;

TEST(RouterRegistrationDeathTest, AbortsOnADuplicateRoute) {
  EXPECT_DEATH(
      {
        Router router;
        router.add(Method::kGet, "/{account}/{container}", named("a"));
        router.add(Method::kGet, "/{a}/{c}", named("b"));
      },
      "duplicates GET '/\\{account\\}/\\{container\\}'");
}

TEST(RouterRegistrationDeathTest, AbortsOnAMalformedPatternOrUnnamedMethod) {
  EXPECT_DEATH(Router().add(Method::kGet, "/{blob...}/x", named("a")), "must be last");
  EXPECT_DEATH(Router().add(Method::kOther, "/x", named("a")), "needs a named method");
  EXPECT_DEATH(Router().mount("/{rest...}", Router()), "ends in");
}

TEST(RouterRegistration, SameShapeForAnotherMethodIsFine) {
  Router router;
  router.add(Method::kGet, "/{account}/{container}", named("get")).add(Method::kPut, "/{a}/{c}", echo_params);
  EXPECT_EQ(router(request(Method::kPut, "/x/y")).body, "a=x;c=y;");
}

}  // namespace
}  // namespace drdrill::http
