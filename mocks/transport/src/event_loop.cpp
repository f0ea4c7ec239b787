#include "transport/event_loop.h"

#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace drdrill::transport {

namespace net = boost::asio;

struct EventLoop::Impl {
  // One thread: handlers and scheduled callbacks of everything on this loop never overlap.
  net::io_context context{1};
  // Keeps run() going while no I/O is pending (servers between connections, empty scheduler).
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work{context.get_executor()};
  std::thread thread;  // wall-clock ok: the real-time transport owns the one loop thread
};

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}

EventLoop::~EventLoop() {
  stop();
  join();
}

net::io_context& EventLoop::context() { return impl_->context; }

void EventLoop::run() { impl_->context.run(); }

void EventLoop::start_thread() {
  if (impl_->thread.joinable()) return;
  impl_->thread = std::thread([this] { impl_->context.run(); });  // wall-clock ok: the loop thread
}

void EventLoop::stop() {
  impl_->work.reset();
  impl_->context.stop();
}

void EventLoop::join() {
  if (impl_->thread.joinable() && impl_->thread.get_id() != std::this_thread::get_id()) {  // wall-clock ok
    impl_->thread.join();
  }
}

void EventLoop::post(std::function<void()> fn) { net::post(impl_->context, std::move(fn)); }

}  // namespace drdrill::transport
