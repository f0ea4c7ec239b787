#pragma once
// Seeded randomness for simulated worlds.
//
// One seed per world (Random); every component draws from its own named stream
// (Random::stream("storage.lag")), which depends only on (seed, name). Adding, removing or reordering
// draws in one component therefore never shifts the numbers another component sees, so a change to
// the SQL model does not silently re-roll the storage lag of every recorded seed.
//
// Generator: xoshiro256** (Blackman & Vigna), state filled by SplitMix64. Every distribution is
// computed here from uniform draws, never with std::*_distribution (whose output differs between
// standard libraries). Distributions that need log/exp/cos use <cmath>, so results are bit-identical
// for a given C library; a different libm may differ in the last bit.
//
// Draw counts are fixed per call (documented on each method) so that a stream's position never
// depends on the values it produced.
//
// Parameters are programming inputs here and are checked with assert(); user-supplied parameters
// (scenario files) go through Distribution::make_* (core/distribution.h), which returns a Status.
//
// Not thread-safe: a RandomStream is a small value owned by one component on one thread.

#include <array>
#include <cstdint>
#include <string_view>

namespace drdrill {

// SplitMix64 (Steele, Lea, Flood): advances `state` and returns the next output. Used to expand one
// 64-bit seed into generator state; also handy for deriving per-shard seeds in sweeps.
std::uint64_t splitmix64_next(std::uint64_t& state);

// One stream of pseudo-random numbers (xoshiro256**).
class RandomStream {
 public:
  // From raw generator state (at least one word non-zero). For replay and tests; components get
  // their streams from Random::stream().
  explicit RandomStream(const std::array<std::uint64_t, 4>& state);

  // One draw each.
  std::uint64_t next_u64();
  double uniform01();                    // [0, 1), 53 random bits
  double uniform(double lo, double hi);  // [lo, hi); lo <= hi (lo == hi gives lo)
  bool bernoulli(double p);              // true with probability p (clamped to [0, 1])
  double exponential(double mean);       // mean > 0

  // Inclusive range, no modulo bias. Usually one draw; rejection makes it more with probability
  // below (hi - lo + 1) / 2^64.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);

  // Two draws each (Box-Muller, no cached spare, so the stream position stays predictable).
  double normal(double mean, double stddev);               // stddev >= 0
  double lognormal_median_p99(double median, double p99);  // 0 < median <= p99; P(X <= p99) = 0.99

  // One draw (inverse CDF). lo <= mode <= hi.
  double triangular(double lo, double mode, double hi);

  const std::array<std::uint64_t, 4>& state() const { return state_; }

 private:
  std::array<std::uint64_t, 4> state_;
};

// The root of a world's randomness: one seed, independent named sub-streams.
class Random {
 public:
  explicit Random(std::uint64_t seed) : seed_(seed) {}

  std::uint64_t seed() const { return seed_; }

  // A fresh stream that depends only on (seed, name): calling it twice with the same name gives two
  // streams producing the same numbers, so a component should fetch its stream once and keep it.
  RandomStream stream(std::string_view name) const;

 private:
  std::uint64_t seed_;
};

// The z-score of the 99th percentile of the standard normal: lognormal sigma = ln(p99/median) / this.
inline constexpr double kNormalZ99 = 2.3263478740408408;

}  // namespace drdrill
