#pragma once
// "Did you mean" suggestions for misspelt keys, enum values and names. Internal to drdrill::sim.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drdrill::sim {

// The candidate closest to `word` by edit distance (case-insensitive), if it is close enough to be a
// plausible typo: at most a third of the word's length (and at least 1), or the same letters in
// another case. Ties go to the earliest candidate, so suggestions are stable.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean \"x\"?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "\"a\", \"b\", \"c\"" (at most `limit` shown, then ", ...").
std::string quote_list(const std::vector<std::string>& items, std::size_t limit = 20);

}  // namespace drdrill::sim
