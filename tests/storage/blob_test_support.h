#pragma once
// Shared by the blob service tests: a world with the development account under a manual clock,
// and requests signed the way @azure/storage-blob signs them.

#include <string>
#include <utility>

#include "core/clock.h"
#include "http/request.h"
#include "http/response.h"
#include "storage/blob_service.h"
#include "storage/shared_key.h"
#include "storage/storage_state.h"

namespace drdrill::storage::testing {

inline constexpr std::string_view kAccount = "devstoreaccount1";

// The request and the response as text, for byte-exact comparisons: status line, headers in order,
// blank line, body.
inline std::string dump(const http::Response& r) {
  std::string out = std::to_string(r.status) + "\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\n";
  out += "\n" + r.body;
  return out;
}

class BlobWorld {
 public:
  explicit BlobWorld(Redundancy redundancy = Redundancy::kRaGrs) {
    auto config = AccountConfig::devstoreaccount1();
    config.redundancy = redundancy;
    account_ = state_.add_account(config).value();
  }

  StorageState& state() { return state_; }
  Account& account() { return *account_; }
  ManualClock& clock() { return clock_; }
  BlobService& service() { return service_; }

  // A path-style request to 127.0.0.1:10000 with the headers the JS SDK always sends.
  http::Request request(http::Method method, std::string target, std::string body = {}) const {
    http::Request r;
    r.method = method;
    r.target = std::move(target);
    r.headers.add("Host", "127.0.0.1:10000");
    r.headers.add("x-ms-version", "2025-11-05");
    r.headers.add("x-ms-date", format_rfc1123(clock_.now()));
    if (!body.empty() || method == http::Method::kPut) r.headers.add("Content-Length", std::to_string(body.size()));
    r.body = std::move(body);
    return r;
  }

  // Signs with key1 (or key2) and sends.
  http::Response send(http::Request r, int key_index = 0) {
    sign_shared_key(r, kAccount, account_->signing_keys()[static_cast<std::size_t>(key_index)]);
    return service_.handle(r);
  }
  http::Response send_unsigned(const http::Request& r) { return service_.handle(r); }

  // Conveniences for arranging state through the API.
  http::Response create_container(std::string_view name) {
    return send(request(http::Method::kPut, "/devstoreaccount1/" + std::string(name) + "?restype=container"));
  }
  http::Response put_blob(std::string_view container, std::string_view blob, std::string body) {
    auto r = request(http::Method::kPut, "/devstoreaccount1/" + std::string(container) + "/" + std::string(blob),
                     std::move(body));
    r.headers.add("x-ms-blob-type", "BlockBlob");
    return send(std::move(r));
  }

 private:
  StorageState state_;
  Account* account_ = nullptr;
  ManualClock clock_{kDefaultEpoch};
  BlobService service_{state_, clock_};
};

}  // namespace drdrill::storage::testing
