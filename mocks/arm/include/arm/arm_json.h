#pragma once
// JSON as ARM writes it: members in the order the service sends them (so byte-exact tests read like
// the REST reference), compact, UTF-8.
//
// nlohmann::ordered_json keeps insertion order; these helpers serialise without throwing (invalid
// UTF-8 in a name a client sent is replaced rather than aborting the request) and build responses.

#include <string>

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "http/response.h"

namespace drdrill::arm {

using Json = nlohmann::ordered_json;

// Compact serialisation; invalid UTF-8 is replaced by U+FFFD instead of throwing.
std::string dump_json(const Json& value);

// A response with "Content-Type: application/json; charset=utf-8" (what ARM sends) and the body.
http::Response json_response(int status, const Json& body);

// "2026-01-01T00:40:00Z", "2026-01-01T00:40:00.250000Z": the ISO 8601 UTC form ARM uses for times.
std::string format_arm_time(TimePoint t);

}  // namespace drdrill::arm
