#pragma once
// What the serve tests share: the configuration an in-process served drill starts from, and the
// raw bytes a client sends for a request it built as an http::Request (signed Blob requests go out
// on a socket exactly as signed).

#include <string>

#include "core/result.h"
#include "core/time.h"
#include "http/request.h"
#include "serve/served_drill.h"
#include "sim/scenario_loader.h"

namespace drdrill::serve::testing {

// A served drill of the scenario `text` (loaded as if from `file`), starting at `start` and running
// `time_scale` simulated seconds per wall second; the loader's error if the scenario is invalid.
inline Result<ServedDrillConfig> served_config(const std::string& text, const std::string& file, TimePoint start,
                                               double time_scale) {
  auto loaded = sim::load_scenario_text(text, file);
  if (!loaded.ok()) return loaded.status();
  ServedDrillConfig config;
  config.scenario = std::move(loaded).value();
  config.scenario_text = text;
  config.scenario_file = file;
  config.start_time = start;
  config.time_scale = time_scale;
  return config;
}

// The HTTP/1.1 request line, headers and body of `request`, as written to the socket.
inline std::string wire_bytes(const http::Request& request) {
  std::string wire = std::string(http::to_string(request.method)) + " " + request.target + " HTTP/1.1\r\n";
  for (const auto& [name, value] : request.headers) wire += name + ": " + value + "\r\n";
  return wire + "\r\n" + request.body;
}

}  // namespace drdrill::serve::testing
