#include "core/random.h"

#include <cassert>
#include <cmath>
#include <numbers>

namespace drdrill {

namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// FNV-1a over the name's bytes: portable (byte order does not matter) and stable across releases.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

std::uint64_t splitmix64_next(std::uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

RandomStream::RandomStream(const std::array<std::uint64_t, 4>& state) : state_(state) {
  assert((state_[0] | state_[1] | state_[2] | state_[3]) != 0 && "xoshiro state must not be all zero");
}

std::uint64_t RandomStream::next_u64() {
  auto& s = state_;
  const std::uint64_t result = rotl(s[1] * 5, 7) * 9;
  const std::uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double RandomStream::uniform01() {
  // The top 53 bits fill a double's mantissa exactly: every value is a multiple of 2^-53 in [0, 1).
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double RandomStream::uniform(double lo, double hi) {
  assert(lo <= hi);
  const double x = lo + (hi - lo) * uniform01();
  // lo + (hi - lo) * u can round up to hi for u close to 1; keep the interval half-open.
  return (x < hi || lo == hi) ? x : std::nextafter(hi, lo);
}

bool RandomStream::bernoulli(double p) { return uniform01() < p; }

double RandomStream::exponential(double mean) {
  assert(mean > 0);
  // 1 - u lies in (0, 1], so the log is finite.
  return -mean * std::log1p(-uniform01());
}

std::int64_t RandomStream::uniform_int(std::int64_t lo, std::int64_t hi) {
  assert(lo <= hi);
  const std::uint64_t range = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
  if (range == 0) return static_cast<std::int64_t>(next_u64());  // the full 64-bit range
  // Reject the lowest (2^64 mod range) values so every residue is equally likely.
  const std::uint64_t threshold = (0 - range) % range;
  std::uint64_t x = next_u64();
  while (x < threshold) x = next_u64();
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + x % range);
}

double RandomStream::normal(double mean, double stddev) {
  assert(stddev >= 0);
  const double u1 = 1.0 - uniform01();  // (0, 1]: log is finite
  const double u2 = uniform01();
  const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  return mean + stddev * z;
}

double RandomStream::lognormal_median_p99(double median, double p99) {
  assert(median > 0 && p99 >= median);
  const double sigma = std::log(p99 / median) / kNormalZ99;
  return std::exp(std::log(median) + normal(0.0, sigma));
}

double RandomStream::triangular(double lo, double mode, double hi) {
  assert(lo <= mode && mode <= hi);
  const double u = uniform01();
  const double width = hi - lo;
  if (width == 0) return lo;
  const double mode_fraction = (mode - lo) / width;  // the CDF at the mode
  if (u < mode_fraction) return lo + std::sqrt(u * width * (mode - lo));
  return hi - std::sqrt((1.0 - u) * width * (hi - mode));
}

RandomStream Random::stream(std::string_view name) const {
  // Mix the seed first so that nearby seeds (1, 2, 3 in a sweep) do not give related keys, then
  // fold in the name; SplitMix64 expands the key into the four state words.
  std::uint64_t seed_state = seed_;
  std::uint64_t key = splitmix64_next(seed_state) ^ fnv1a(name);
  std::array<std::uint64_t, 4> state{};
  for (auto& word : state) word = splitmix64_next(key);
  // SplitMix64 is a bijection on its counter, so four consecutive outputs are never all zero.
  return RandomStream(state);
}

}  // namespace drdrill
