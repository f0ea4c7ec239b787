#include "core/distribution.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <numbers>

namespace drdrill {

namespace {

std::string number(double x) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

bool all_finite(std::initializer_list<double> values) {
  for (const double v : values) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

Distribution or_die(Result<Distribution> result) {
  if (!result.ok()) {
    std::fprintf(stderr, "drdrill: invalid distribution in code: %s\n", result.status().to_string().c_str());
    std::abort();
  }
  return std::move(result).value();
}

}  // namespace

Result<Distribution> Distribution::make_constant(double value) {
  if (!all_finite({value})) return Status::InvalidArgument("constant(" + number(value) + "): value must be finite");
  return Distribution(Kind::kConstant, value, 0, 0);
}

Result<Distribution> Distribution::make_uniform(double lo, double hi) {
  const Distribution d(Kind::kUniform, lo, hi, 0);
  if (!all_finite({lo, hi})) return Status::InvalidArgument(d.to_string() + ": bounds must be finite");
  if (lo > hi) return Status::InvalidArgument(d.to_string() + ": lo must be <= hi");
  return d;
}

Result<Distribution> Distribution::make_exponential(double mean) {
  const Distribution d(Kind::kExponential, mean, 0, 0);
  if (!all_finite({mean}) || mean <= 0) return Status::InvalidArgument(d.to_string() + ": mean must be finite and > 0");
  return d;
}

Result<Distribution> Distribution::make_lognormal(double median, double p99) {
  const Distribution d(Kind::kLognormal, median, p99, 0);
  if (!all_finite({median, p99})) return Status::InvalidArgument(d.to_string() + ": parameters must be finite");
  if (median <= 0) return Status::InvalidArgument(d.to_string() + ": median must be > 0");
  if (p99 < median) return Status::InvalidArgument(d.to_string() + ": p99 must be >= median");
  return d;
}

Result<Distribution> Distribution::make_triangular(double lo, double mode, double hi) {
  const Distribution d(Kind::kTriangular, lo, mode, hi);
  if (!all_finite({lo, mode, hi})) return Status::InvalidArgument(d.to_string() + ": parameters must be finite");
  if (!(lo <= mode && mode <= hi)) return Status::InvalidArgument(d.to_string() + ": need lo <= mode <= hi");
  return d;
}

Distribution Distribution::constant(double value) { return or_die(make_constant(value)); }
Distribution Distribution::uniform(double lo, double hi) { return or_die(make_uniform(lo, hi)); }
Distribution Distribution::exponential(double mean) { return or_die(make_exponential(mean)); }
Distribution Distribution::lognormal(double median, double p99) { return or_die(make_lognormal(median, p99)); }
Distribution Distribution::triangular(double lo, double mode, double hi) {
  return or_die(make_triangular(lo, mode, hi));
}

Distribution Distribution::scaled(double factor) const {
  if (!std::isfinite(factor) || factor <= 0) {
    std::fprintf(stderr, "drdrill: Distribution::scaled(%s): the factor must be finite and > 0\n", number(factor).c_str());
    std::abort();
  }
  // Every kind is a location-scale family in its parameters, so scaling them scales each sample.
  return Distribution(kind_, a_ * factor, b_ * factor, c_ * factor);
}

double Distribution::sample(RandomStream& rng) const {
  switch (kind_) {
    case Kind::kConstant: return a_;
    case Kind::kUniform: return rng.uniform(a_, b_);
    case Kind::kExponential: return rng.exponential(a_);
    case Kind::kLognormal: return rng.lognormal_median_p99(a_, b_);
    case Kind::kTriangular: return rng.triangular(a_, b_, c_);
  }
  return a_;
}

double Distribution::median() const {
  switch (kind_) {
    case Kind::kConstant: return a_;
    case Kind::kUniform: return (a_ + b_) / 2;
    case Kind::kExponential: return a_ * std::numbers::ln2;
    case Kind::kLognormal: return a_;
    case Kind::kTriangular: {
      const double lo = a_, mode = b_, hi = c_;
      if (mode >= (lo + hi) / 2) return lo + std::sqrt((hi - lo) * (mode - lo) / 2);
      return hi - std::sqrt((hi - lo) * (hi - mode) / 2);
    }
  }
  return a_;
}

std::string Distribution::to_string() const {
  switch (kind_) {
    case Kind::kConstant: return "constant(" + number(a_) + ")";
    case Kind::kUniform: return "uniform(lo=" + number(a_) + ", hi=" + number(b_) + ")";
    case Kind::kExponential: return "exponential(mean=" + number(a_) + ")";
    case Kind::kLognormal: return "lognormal(median=" + number(a_) + ", p99=" + number(b_) + ")";
    case Kind::kTriangular:
      return "triangular(lo=" + number(a_) + ", mode=" + number(b_) + ", hi=" + number(c_) + ")";
  }
  return "unknown";
}

}  // namespace drdrill
