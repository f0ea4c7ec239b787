#pragma once
// EventLoop: an Asio io_context and the one thread that runs it.
//
// Real-time drdrill runs every server and the RealTimeScheduler on one EventLoop, so handlers and
// scheduled callbacks never run concurrently (no locks in service models). The loop keeps running
// while idle until stop().

#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace drdrill::transport {

class EventLoop {
 public:
  EventLoop();
  // Stops the loop and joins its thread if one was started.
  ~EventLoop();

  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  boost::asio::io_context& context();

  // Runs the loop on the calling thread until stop() (from a handler, a signal, another thread).
  void run();
  // Runs the loop on a new thread until stop(); for tests and embedding.
  void start_thread();
  // Makes run() return / the thread finish once the current handler is done. Any thread.
  void stop();
  // Waits for the thread started by start_thread() (after stop()).
  void join();

  // Runs `fn` on the loop's thread. Any thread.
  void post(std::function<void()> fn);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace drdrill::transport
