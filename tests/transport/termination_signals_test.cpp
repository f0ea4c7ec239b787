// SIGINT/SIGTERM reach the event loop as callbacks instead of killing the process.

#include "transport/termination_signals.h"

#include <csignal>
#include <future>
#include <memory>

#include <gtest/gtest.h>

#include "test_client.h"
#include "transport/event_loop.h"

namespace drdrill::transport {
namespace {

TEST(TerminationSignals, DeliversSigtermAndSigintToTheLoopThreadInsteadOfTerminating) {
  EventLoop loop;
  auto received = std::make_shared<std::promise<int>>();
  auto second = std::make_shared<std::promise<int>>();
  int count = 0;
  TerminationSignals signals(loop.context(), [&, received, second](int signal_number) {
    if (++count == 1) {
      received->set_value(signal_number);
    } else if (count == 2) {
      second->set_value(signal_number);
    }
  });
  loop.start_thread();

  std::raise(SIGTERM);
  auto first_value = received->get_future();
  ASSERT_EQ(first_value.wait_for(testing::kWait), std::future_status::ready);  // wall-clock ok: bounded
  EXPECT_EQ(first_value.get(), SIGTERM);

  std::raise(SIGINT);  // still armed: a second signal is delivered too
  auto second_value = second->get_future();
  ASSERT_EQ(second_value.wait_for(testing::kWait), std::future_status::ready);  // wall-clock ok: bounded
  EXPECT_EQ(second_value.get(), SIGINT);

  loop.stop();
  loop.join();
}

}  // namespace
}  // namespace drdrill::transport
