#pragma once
// A test double of @azure/core-lro's HTTP poller (sdk/core/core-lro/src/http/operation.ts and
// poller/operation.ts, summarised in api-facts 4.2), driven in simulated time, so the LRO tests
// assert what the official clients will do with our responses:
// - the initial response must be 200, 201 or 202;
// - Operation-Location / Azure-AsyncOperation present: poll it, reading body.status (Succeeded,
//   Failed, Canceled terminal; anything else running); after Succeeded, GET the Location (the final
//   result for a POST) if one was given;
// - else Location present: poll it; 202 running, other < 300 succeeded, >= 300 failed; a Location
//   on a poll response replaces the polling URL;
// - else: done at once;
// - pollUntilDone polls once at once, then waits the current interval before each further poll;
//   the interval starts at 2 s (the SDK default) and becomes the Retry-After (seconds) of any
//   running poll response that has one (the initial response's Retry-After is not read).

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/simulated_scheduler.h"
#include "http/request.h"
#include "http/response.h"

namespace drdrill::arm::testing {

struct LroOutcome {
  std::string status;  // "succeeded", "failed", or "rejected" (initial status not accepted)
  std::string mode;    // "OperationLocation", "ResourceLocation", "None"
  TimePoint finished_at{};
  int polls = 0;
  http::Response last;  // the final response (the result, or the failure)
};

// "https://host:port/path?q" -> "/path?q".
inline std::string target_of(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const auto slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

inline std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Polls until the operation ends or `max_polls` polls were made (then status "gave up").
inline LroOutcome poll_like_core_lro(SimulatedScheduler& scheduler,
                                     const std::function<http::Response(const http::Request&)>& send,
                                     const http::Request& template_request, const http::Response& initial,
                                     int max_polls = 100000) {
  LroOutcome out;
  out.last = initial;
  if (initial.status != 200 && initial.status != 201 && initial.status != 202) {
    out.status = "rejected";
    out.finished_at = scheduler.now();
    return out;
  }
  const auto operation_location = initial.headers.get("Operation-Location");
  const auto async_operation = initial.headers.get("Azure-AsyncOperation");
  const auto location = initial.headers.get("Location");
  std::string url;
  if (operation_location || async_operation) {
    out.mode = "OperationLocation";
    url = std::string(operation_location ? *operation_location : *async_operation);
  } else if (location) {
    out.mode = "ResourceLocation";
    url = std::string(*location);
  } else {
    out.mode = "None";
    out.status = "succeeded";
    out.finished_at = scheduler.now();
    return out;
  }
  const std::optional<std::string> resource_location = location ? std::optional<std::string>(std::string(*location)) : std::nullopt;

  Duration interval = 2s;
  auto get = [&](const std::string& absolute) {
    http::Request poll = template_request;
    poll.method = http::Method::kGet;
    poll.target = target_of(absolute);
    poll.body.clear();
    return send(poll);
  };
  for (out.polls = 0; out.polls < max_polls;) {
    if (out.polls > 0 && !scheduler.run_for(interval).ok()) break;
    http::Response response = get(url);
    ++out.polls;
    std::string status;
    if (out.mode == "OperationLocation") {
      const auto body = nlohmann::json::parse(response.body, nullptr, false);
      const std::string s = body.is_object() && body.contains("status") && body["status"].is_string()
                                ? lower(body["status"].get<std::string>())
                                : "";
      if (s.empty()) {
        status = response.status == 202 ? "running" : response.status < 300 ? "succeeded" : "failed";
      } else if (s == "succeeded" || s == "failed" || s == "canceled" || s == "cancelled") {
        status = s == "cancelled" ? "canceled" : s;
      } else {
        status = "running";
      }
      if (status == "succeeded" && resource_location) response = get(*resource_location);
    } else {
      status = response.status == 202 ? "running" : response.status < 300 ? "succeeded" : "failed";
      if (status == "running") {
        if (const auto next = response.headers.get("Location")) url = std::string(*next);
      }
    }
    out.last = response;
    if (status != "running") {
      out.status = status;
      out.finished_at = scheduler.now();
      return out;
    }
    if (const auto retry_after = response.headers.get("Retry-After")) {
      interval = std::chrono::seconds(std::stoi(std::string(*retry_after)));
    }
  }
  out.status = "gave up";
  out.finished_at = scheduler.now();
  return out;
}

}  // namespace drdrill::arm::testing
