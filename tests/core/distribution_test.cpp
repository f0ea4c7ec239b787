#include "core/distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace drdrill {
namespace {

std::vector<double> samples(const Distribution& d, std::uint64_t seed, int n) {
  RandomStream rng = Random(seed).stream("distribution.test");
  std::vector<double> out(static_cast<std::size_t>(n));
  for (auto& x : out) x = d.sample(rng);
  return out;
}

double mean_of(const std::vector<double>& xs) {
  double sum = 0;
  for (const double x : xs) sum += x;
  return sum / static_cast<double>(xs.size());
}

double fraction_at_most(const std::vector<double>& xs, double limit) {
  return static_cast<double>(std::count_if(xs.begin(), xs.end(), [&](double x) { return x <= limit; })) /
         static_cast<double>(xs.size());
}

TEST(Distribution, ExponentialMeanMatchesItsParameter) {
  // 100k draws: the standard error of the mean is 1% / sqrt(10) ~ 0.3%, so 2% is generous.
  const auto xs = samples(Distribution::exponential(30.0), 1, 100000);
  EXPECT_NEAR(mean_of(xs), 30.0, 0.6);
  EXPECT_GE(*std::min_element(xs.begin(), xs.end()), 0.0);
}

TEST(Distribution, LognormalPutsNinetyNinePercentAtOrBelowP99) {
  const auto d = Distribution::lognormal(30.0, 900.0);
  const auto xs = samples(d, 2, 100000);
  EXPECT_NEAR(fraction_at_most(xs, 900.0), 0.99, 0.005);
  EXPECT_NEAR(fraction_at_most(xs, 30.0), 0.50, 0.01);
  std::vector<double> sorted = xs;
  std::nth_element(sorted.begin(), sorted.begin() + 50000, sorted.end());
  EXPECT_NEAR(sorted[50000], 30.0, 30.0 * 0.03);
  EXPECT_GT(*std::min_element(xs.begin(), xs.end()), 0.0);
}

TEST(Distribution, LognormalWithEqualMedianAndP99IsAConstant) {
  for (const double x : samples(Distribution::lognormal(5.0, 5.0), 3, 100)) EXPECT_DOUBLE_EQ(x, 5.0);
}

TEST(Distribution, UniformStaysInRangeWithTheMidpointAsMean) {
  const auto xs = samples(Distribution::uniform(10.0, 20.0), 4, 100000);
  EXPECT_NEAR(mean_of(xs), 15.0, 0.1);
  EXPECT_GE(*std::min_element(xs.begin(), xs.end()), 10.0);
  EXPECT_LT(*std::max_element(xs.begin(), xs.end()), 20.0);
}

TEST(Distribution, TriangularMeanAndMedianMatchTheFormulas) {
  const auto d = Distribution::triangular(0.0, 1.0, 10.0);
  const auto xs = samples(d, 5, 100000);
  EXPECT_NEAR(mean_of(xs), 11.0 / 3.0, 0.05);
  EXPECT_NEAR(fraction_at_most(xs, d.median()), 0.5, 0.01);
  const auto mirrored = Distribution::triangular(0.0, 9.0, 10.0);
  EXPECT_NEAR(fraction_at_most(samples(mirrored, 6, 100000), mirrored.median()), 0.5, 0.01);
}

TEST(Distribution, ConstantAlwaysReturnsItsValueAndDrawsNothing) {
  RandomStream rng = Random(8).stream("c");
  const auto before = rng.state();
  EXPECT_EQ(Distribution::constant(4.5).sample(rng), 4.5);
  EXPECT_EQ(rng.state(), before);
}

TEST(Distribution, MedianIsExactForEveryKind) {
  EXPECT_DOUBLE_EQ(Distribution::constant(3).median(), 3);
  EXPECT_DOUBLE_EQ(Distribution::uniform(2, 4).median(), 3);
  EXPECT_DOUBLE_EQ(Distribution::exponential(10).median(), 10 * std::log(2.0));
  EXPECT_DOUBLE_EQ(Distribution::lognormal(30, 900).median(), 30);
  EXPECT_DOUBLE_EQ(Distribution::triangular(0, 10, 10).median(), std::sqrt(50.0));
  EXPECT_DOUBLE_EQ(Distribution::triangular(0, 0, 10).median(), 10 - std::sqrt(50.0));
}

TEST(Distribution, ToStringReadsLikeAScenarioFile) {
  EXPECT_EQ(Distribution::constant(5).to_string(), "constant(5)");
  EXPECT_EQ(Distribution::uniform(1, 2.5).to_string(), "uniform(lo=1, hi=2.5)");
  EXPECT_EQ(Distribution::exponential(0.1).to_string(), "exponential(mean=0.1)");
  EXPECT_EQ(Distribution::lognormal(30, 900).to_string(), "lognormal(median=30, p99=900)");
  EXPECT_EQ(Distribution::triangular(1, 2, 5).to_string(), "triangular(lo=1, mode=2, hi=5)");
}

TEST(Distribution, MakeRejectsImpossibleParametersWithInvalidArgument) {
  const auto p99_below_median = Distribution::make_lognormal(30, 10);
  ASSERT_FALSE(p99_below_median.ok());
  EXPECT_TRUE(p99_below_median.status().is_invalid_argument());
  EXPECT_EQ(p99_below_median.status().message(), "lognormal(median=30, p99=10): p99 must be >= median");

  EXPECT_FALSE(Distribution::make_lognormal(0, 10).ok());
  EXPECT_FALSE(Distribution::make_uniform(5, 1).ok());
  EXPECT_FALSE(Distribution::make_exponential(0).ok());
  EXPECT_FALSE(Distribution::make_exponential(-1).ok());
  EXPECT_FALSE(Distribution::make_triangular(0, 11, 10).ok());
  EXPECT_FALSE(Distribution::make_constant(std::nan("")).ok());
  EXPECT_FALSE(Distribution::make_uniform(0, INFINITY).ok());
}

TEST(Distribution, MakeAcceptsValidParametersAndEqualsTheDirectFactory) {
  const auto made = Distribution::make_lognormal(30, 900);
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(*made, Distribution::lognormal(30, 900));
  EXPECT_EQ(made->kind(), Distribution::Kind::kLognormal);
  EXPECT_TRUE(Distribution::make_triangular(1, 1, 1).ok());
  EXPECT_TRUE(Distribution::make_uniform(2, 2).ok());
}

TEST(DistributionDeathTest, DirectFactoryAbortsOnAProgrammingError) {
  EXPECT_DEATH((void)Distribution::lognormal(30, 10), "p99 must be >= median");
}

}  // namespace
}  // namespace drdrill

namespace drdrill {
namespace {

TEST(Distribution, ScaledMultipliesEverySampleAndTheMedianByTheFactor) {
  for (const Distribution& d : {Distribution::constant(2), Distribution::uniform(1, 3), Distribution::exponential(4),
                                Distribution::lognormal(5, 20), Distribution::triangular(1, 2, 6)}) {
    const Distribution tenfold = d.scaled(10);
    RandomStream a = Random(9).stream("x");
    RandomStream b = Random(9).stream("x");
    for (int i = 0; i < 100; ++i) EXPECT_NEAR(tenfold.sample(b), 10 * d.sample(a), 1e-9 * 10 * d.median()) << d.to_string();
    EXPECT_DOUBLE_EQ(tenfold.median(), 10 * d.median()) << d.to_string();
  }
}

}  // namespace
}  // namespace drdrill
