#pragma once
// TerminationSignals: SIGINT and SIGTERM delivered as callbacks on an io_context, so a real-time
// server can shut down gracefully (stop accepting, finish what is in flight) instead of dying.
//
// While an instance exists the two signals no longer terminate the process: each one that arrives
// runs `on_signal(signal_number)` on the io_context's thread (a second Ctrl-C runs it again, so a
// caller can escalate). Destroying the instance restores the default behaviour.
//
// Asio's signal_set underneath: one per process is the sane use.

#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace drdrill::transport {

class TerminationSignals {
 public:
  TerminationSignals(boost::asio::io_context& io_context, std::function<void(int signal_number)> on_signal);
  ~TerminationSignals();

  TerminationSignals(const TerminationSignals&) = delete;
  TerminationSignals& operator=(const TerminationSignals&) = delete;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with the pending wait, which holds it weakly
};

}  // namespace drdrill::transport
