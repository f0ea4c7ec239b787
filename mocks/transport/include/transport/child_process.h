#pragma once
// ChildProcess: a command of the user's (`drdrill serve --run`) started with posix_spawn in its
// own process group, its stdout and stderr together in a file, stdin from /dev/null, and its exit
// reported on the io_context (SIGCHLD), so the one event-loop thread never blocks on it.
//
// Threads: create and use on the io_context's thread. Destroying a ChildProcess that still runs
// kills its process group (SIGKILL) and reaps it.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace drdrill::transport {

struct ExitStatus {
  std::optional<int> code;    // exited by itself with this status
  std::optional<int> signal;  // killed by this signal
  // "exited 0", "killed by signal 15".
  std::string describe() const;
};

struct ChildProcessOptions {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH
  // Set in the child's environment on top of this process's own.
  std::map<std::string, std::string> env;
  std::filesystem::path output_file;  // created or truncated; stdout and stderr
};

class ChildProcess {
 public:
  // InvalidArgument for an empty argv; Unavailable if the output file cannot be created or the
  // program cannot be started (not found, not executable).
  static Result<std::unique_ptr<ChildProcess>> spawn(boost::asio::io_context& io_context, ChildProcessOptions options,
                                                     std::function<void(const ExitStatus&)> on_exit);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const;
  bool running() const;
  // SIGTERM to its process group now, SIGKILL after `grace` if it has not exited by then.
  void terminate(std::chrono::milliseconds grace);

 private:
  struct Impl;
  explicit ChildProcess(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace drdrill::transport
