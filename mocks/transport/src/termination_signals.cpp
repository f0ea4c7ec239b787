#include "transport/termination_signals.h"

#include <csignal>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

namespace drdrill::transport {

namespace net = boost::asio;

struct TerminationSignals::Impl : std::enable_shared_from_this<TerminationSignals::Impl> {
  Impl(net::io_context& context, std::function<void(int)> fn) : signals(context, SIGINT, SIGTERM), on_signal(std::move(fn)) {}

  void wait() {
    signals.async_wait([weak = weak_from_this()](const boost::system::error_code& ec, int signal_number) {
      if (ec) return;  // cancelled: the owner is gone
      const auto self = weak.lock();
      if (!self) return;
      self->wait();  // armed again first, so a signal arriving during the callback is not lost
      self->on_signal(signal_number);
    });
  }

  net::signal_set signals;
  std::function<void(int)> on_signal;
};

TerminationSignals::TerminationSignals(net::io_context& io_context, std::function<void(int)> on_signal)
    : impl_(std::make_shared<Impl>(io_context, std::move(on_signal))) {
  impl_->wait();
}

TerminationSignals::~TerminationSignals() {
  boost::system::error_code ignored;
  impl_->signals.cancel(ignored);
  impl_->signals.clear(ignored);
}

}  // namespace drdrill::transport
