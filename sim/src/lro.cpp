#include "sim/lro.h"

#include <charconv>
#include <optional>
#include <utility>

#include "core/ascii_case.h"
#include "core/delay.h"
#include "sim/requests.h"

namespace drdrill::sim {
namespace {

// "https://management.azure.com/subscriptions/...?x" -> "/subscriptions/...?x".
std::string target_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const auto slash = url.find('/', scheme + 3);
  return slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
}

std::optional<int> retry_after_s(const http::Response& response) {
  const auto value = response.headers.get("Retry-After");
  if (!value) return std::nullopt;
  int seconds = 0;
  const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
  if (ec != std::errc() || end != value->data() + value->size() || seconds < 0) return std::nullopt;
  return seconds;
}

}  // namespace

Task<LroOutcome> poll_lro(Scheduler& scheduler, const http::Handler& arm, http::Response initial, Duration max_wait) {
  LroOutcome out;
  out.last = initial;
  if (initial.status != 200 && initial.status != 201 && initial.status != 202) {
    out.state = LroOutcome::State::kRefused;
    out.error = describe_error(initial);
    co_return out;
  }
  const auto async_operation = initial.headers.get("Azure-AsyncOperation");
  const auto location = initial.headers.get("Location");
  if (!async_operation && !location) co_return out;
  const bool status_mode = async_operation.has_value();
  std::string url = target_of(status_mode ? *async_operation : *location);
  const std::optional<std::string> final_url =
      location ? std::optional<std::string>(target_of(*location)) : std::nullopt;

  const TimePoint deadline = scheduler.now() + max_wait;
  Duration interval = std::chrono::seconds(2);
  while (true) {
    if (out.polls > 0) {
      if (scheduler.now() + interval > deadline) {
        out.state = LroOutcome::State::kGaveUp;
        out.error = "gave up after " + format_duration(max_wait) + " (" + std::to_string(out.polls) + " polls)";
        co_return out;
      }
      co_await delay_for(scheduler, interval, "runbook.lro.poll");
    }
    http::Response response = arm(arm_request(http::Method::kGet, url));
    ++out.polls;
    std::string state;
    if (status_mode) {
      const auto body = json_body(response);
      const std::string s = body && body->is_object() && body->contains("status") && (*body)["status"].is_string()
                                ? ascii_lower((*body)["status"].get<std::string>())
                                : "";
      if (s.empty()) {
        state = response.status == 202 ? "running" : response.status < 300 ? "succeeded" : "failed";
      } else if (s == "succeeded" || s == "failed" || s == "canceled" || s == "cancelled") {
        state = s == "succeeded" ? "succeeded" : "failed";
      } else {
        state = "running";
      }
      if (state == "failed" && body && body->contains("error")) {
        const Json& e = (*body)["error"];
        out.error = e.value("code", "Failed") + ": " + e.value("message", "");
      }
      if (state == "succeeded" && final_url) response = arm(arm_request(http::Method::kGet, *final_url));
    } else {
      state = response.status == 202 ? "running" : response.status < 300 ? "succeeded" : "failed";
      if (state == "running") {
        if (const auto next = response.headers.get("Location")) url = target_of(*next);
      }
      if (state == "failed") out.error = describe_error(response);
    }
    out.last = std::move(response);
    if (state == "succeeded") co_return out;
    if (state == "failed") {
      out.state = LroOutcome::State::kFailed;
      if (out.error.empty()) out.error = describe_error(out.last);
      co_return out;
    }
    if (const auto seconds = retry_after_s(out.last)) interval = std::chrono::seconds(*seconds);
  }
}

}  // namespace drdrill::sim
