#pragma once
// Standard base64 (RFC 4648 section 4, with '=' padding), as the Databricks API carries notebook
// content and secret bytes.
//
// Decoding is strict: characters outside the alphabet, missing or misplaced padding, or non-zero
// bits in the final partial group are refused rather than guessed at, so a client that sends raw
// text where base64 is expected fails loudly instead of importing garbage.

#include <optional>
#include <string>
#include <string_view>

namespace drdrill::databricks {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace drdrill::databricks
