// Injected per-operation errors: filters, windows, rates drawn from a seeded stream, and that an
// injected failure writes nothing.

#include "storage/error_injection.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "blob_test_support.h"

namespace drdrill::storage {
namespace {

using http::Method;
using testing::BlobWorld;

TEST(ErrorInjection, AMatchingRuleFailsTheRequestAndNothingIsWritten) {
  BlobWorld w;
  ASSERT_EQ(w.create_container("data").status, 201);
  ErrorRule rule;
  rule.operation = BlobOperation::kPutBlob;
  w.state().errors().add(rule);
  const auto r = w.put_blob("data", "a.txt", "x");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.headers.get("x-ms-error-code"), "ServerBusy");
  EXPECT_EQ(w.account().primary().find_blob("data", "a.txt"), nullptr);
  // Other operations are untouched.
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1/data?restype=container")).status, 200);
  EXPECT_EQ(w.state().errors().injected(), 1u);
}

TEST(ErrorInjection, RulesApplyOnlyInTheirWindowAccountAndEndpoint) {
  BlobWorld w;
  ASSERT_EQ(w.create_container("data").status, 201);
  ErrorRule rule;
  rule.account = "devstoreaccount1";
  rule.secondary = false;
  rule.start = kDefaultEpoch + 10min;
  rule.end = kDefaultEpoch + 20min;
  rule.error = errors::internal_error();
  w.state().errors().add(rule);
  EXPECT_EQ(w.put_blob("data", "a", "x").status, 201);
  w.clock().set(kDefaultEpoch + 10min);
  EXPECT_EQ(w.put_blob("data", "a", "x").status, 500);
  EXPECT_EQ(w.send(w.request(Method::kGet, "/devstoreaccount1-secondary/data?restype=container")).status, 200);
  w.clock().set(kDefaultEpoch + 20min);
  EXPECT_EQ(w.put_blob("data", "a", "x").status, 201);
}

TEST(ErrorInjection, ARateFailsAboutThatShareAndTheSameSeedFailsTheSameRequests) {
  const auto failures = [](std::uint64_t seed) {
    ErrorInjector injector(Random(seed).stream("storage.errors"));
    ErrorRule rule;
    rule.rate = 0.25;
    injector.add(rule);
    std::vector<bool> failed;
    for (int i = 0; i < 4000; ++i) {
      failed.push_back(injector.draw("acct", false, BlobOperation::kGetBlob, kDefaultEpoch).has_value());
    }
    return failed;
  };
  const auto a = failures(5);
  EXPECT_EQ(a, failures(5));
  EXPECT_NE(a, failures(6));
  const auto count = std::count(a.begin(), a.end(), true);
  EXPECT_NEAR(count / 4000.0, 0.25, 0.03);
}

}  // namespace
}  // namespace drdrill::storage
