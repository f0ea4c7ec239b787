#pragma once
// Distribution: a probability distribution as a value, as scenario files name them
// ("lognormal(median=30, p99=900)"). Samples are in the distribution's own unit (usually seconds).
//
// Two ways to build one:
// - Distribution::make_*(...) returns Result<Distribution> and rejects bad parameters with
//   InvalidArgument (non-finite numbers, lo > hi, mean <= 0, p99 < median...). Use it for anything a
//   user wrote (scenario files, flags).
// - Distribution::constant/uniform/...(...) is for parameters fixed in code; bad parameters are a
//   programming error and abort with the same message (in every build type: a silently NaN lag
//   model would corrupt a whole sweep).
//
// A Distribution is immutable and cheap to copy. sample() draws from the caller's RandomStream with
// the draw counts documented in core/random.h (constant draws nothing).

#include <string>

#include "core/random.h"
#include "core/result.h"

namespace drdrill {

class Distribution {
 public:
  enum class Kind { kConstant, kUniform, kExponential, kLognormal, kTriangular };

  static Distribution constant(double value);
  static Distribution uniform(double lo, double hi);
  static Distribution exponential(double mean);
  static Distribution lognormal(double median, double p99);
  static Distribution triangular(double lo, double mode, double hi);

  static Result<Distribution> make_constant(double value);
  static Result<Distribution> make_uniform(double lo, double hi);
  static Result<Distribution> make_exponential(double mean);
  static Result<Distribution> make_lognormal(double median, double p99);
  static Result<Distribution> make_triangular(double lo, double mode, double hi);

  double sample(RandomStream& rng) const;

  // The 50th percentile, exact for every kind (for reports and defaults).
  double median() const;

  // The same distribution in another unit: every sample multiplied by `factor` (> 0, finite), e.g.
  // TB per day as bytes per second. Draws the same number of values as this one.
  Distribution scaled(double factor) const;

  // "constant(5)", "uniform(lo=1, hi=2)", "exponential(mean=3)", "lognormal(median=30, p99=900)",
  // "triangular(lo=1, mode=2, hi=5)"; numbers in their shortest round-trip form.
  std::string to_string() const;

  Kind kind() const { return kind_; }

  friend bool operator==(const Distribution&, const Distribution&) = default;

 private:
  // Parameter meaning by kind: constant (a), uniform (a=lo, b=hi), exponential (a=mean),
  // lognormal (a=median, b=p99), triangular (a=lo, b=mode, c=hi).
  Distribution(Kind kind, double a, double b, double c) : kind_(kind), a_(a), b_(b), c_(c) {}

  Kind kind_;
  double a_;
  double b_;
  double c_;
};

}  // namespace drdrill
