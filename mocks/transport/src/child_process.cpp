#include "transport/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

extern char** environ;

namespace drdrill::transport {

namespace net = boost::asio;

std::string ExitStatus::describe() const {
  if (code) return "exited " + std::to_string(*code);
  if (signal) return "killed by signal " + std::to_string(*signal);
  return "still running";
}

struct ChildProcess::Impl : std::enable_shared_from_this<ChildProcess::Impl> {
  explicit Impl(net::io_context& context) : sigchld(context, SIGCHLD), kill_timer(context) {}

  // Reaps the child if it has exited; reports it once.
  void poll() {
    if (pid <= 0 || exited) return;
    int status = 0;
    const pid_t reaped = ::waitpid(pid, &status, WNOHANG);
    if (reaped != pid) return;
    exited = true;
    ExitStatus exit;
    if (WIFEXITED(status)) exit.code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
    boost::system::error_code ignored;
    sigchld.cancel(ignored);
    kill_timer.cancel();
    if (on_exit) on_exit(exit);
  }

  void wait_for_sigchld() {
    sigchld.async_wait([weak = weak_from_this()](const boost::system::error_code& ec, int) {
      if (ec) return;
      auto self = weak.lock();
      if (!self) return;
      self->poll();
      if (!self->exited) self->wait_for_sigchld();
    });
  }

  net::signal_set sigchld;
  net::steady_timer kill_timer;
  pid_t pid = -1;
  bool exited = false;
  std::function<void(const ExitStatus&)> on_exit;
};

ChildProcess::ChildProcess(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

ChildProcess::~ChildProcess() {
  if (impl_->pid > 0 && !impl_->exited) {
    ::kill(-impl_->pid, SIGKILL);
    int status = 0;
    ::waitpid(impl_->pid, &status, 0);
    impl_->exited = true;
  }
  boost::system::error_code ignored;
  impl_->sigchld.cancel(ignored);
  impl_->kill_timer.cancel();
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::spawn(net::io_context& io_context, ChildProcessOptions options,
                                                          std::function<void(const ExitStatus&)> on_exit) {
  if (options.argv.empty()) return Status::InvalidArgument("no command to run");
  auto impl = std::make_shared<Impl>(io_context);  // SIGCHLD is watched before the child exists
  impl->on_exit = std::move(on_exit);

  const int out = ::open(options.output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    return Status::Unavailable("cannot create " + options.output_file.string() + ": " + std::strerror(errno));
  }
  // The environment: ours, with the overrides replacing or adding variables.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('='));
    if (!options.env.contains(name)) env_strings.push_back(entry);
  }
  for (const auto& [name, value] : options.env) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> argv;
  for (std::string& s : options.argv) argv.push_back(s.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so that terminate() reaches what a shell script starts too; signals
  // back to their defaults (the server ignores or catches some).
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGCHLD);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out);
  if (rc != 0) return Status::Unavailable("cannot start " + options.argv[0] + ": " + std::strerror(rc));
  impl->pid = pid;
  impl->wait_for_sigchld();
  std::unique_ptr<ChildProcess> child(new ChildProcess(impl));
  // It may have exited before the signal handler was in place for it: look once on the loop.
  net::post(io_context, [weak = std::weak_ptr<Impl>(impl)] {
    if (auto self = weak.lock()) self->poll();
  });
  return child;
}

int ChildProcess::pid() const { return impl_->pid; }

bool ChildProcess::running() const { return impl_->pid > 0 && !impl_->exited; }

void ChildProcess::terminate(std::chrono::milliseconds grace) {
  if (!running()) return;
  ::kill(-impl_->pid, SIGTERM);
  impl_->kill_timer.expires_after(grace);
  impl_->kill_timer.async_wait([weak = impl_->weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    auto self = weak.lock();
    if (self && !self->exited) ::kill(-self->pid, SIGKILL);
  });
}

}  // namespace drdrill::transport
