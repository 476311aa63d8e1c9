// The crash tests' child: crash_writer (crash_writer_main.cc) started on a
// data directory with its stdout on a pipe; the parent collects the
// acknowledgement lines it prints and SIGKILLs it at a chosen moment.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace gridledger::testing {

// One acknowledged append as the child reported it.
struct Ack {
  std::string stream;
  uint64_t first = 0;
  uint64_t last = 0;
  size_t batch = 0;
};

// The child writer, its stdout pipe and what it has acknowledged so far.
class Child {
 public:
  // Starts crash_writer on `dir`. ok() is false (with a test failure) when
  // it could not be started.
  Child(const std::string& dir, int threads, const char* mode = nullptr) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      ADD_FAILURE() << "pipe2 failed";
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::string threads_arg = std::to_string(threads);
    std::vector<char*> argv = {const_cast<char*>(GL_CRASH_WRITER), const_cast<char*>(dir.c_str()),
                               threads_arg.data(), const_cast<char*>(mode), nullptr};
    int rc = ::posix_spawn(&pid_, GL_CRASH_WRITER, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    read_fd_ = fds[0];
    if (rc != 0) {
      ADD_FAILURE() << "posix_spawn " << GL_CRASH_WRITER << ": " << std::strerror(rc);
      pid_ = -1;
    }
  }

  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (read_fd_ >= 0) ::close(read_fd_);
  }

  bool ok() const { return pid_ > 0; }

  // Collects acknowledgements until `delay` has passed, then SIGKILLs the
  // child, drains what it wrote before dying and reaps it. Returns false
  // (with a test failure) when the child exited by itself.
  // Kills the child `delay` after it started or, with `after_first_ack`,
  // `delay` after it acknowledged its first append (waiting up to 60 s for
  // that, so that a slow machine still kills mid-append).
  bool KillAfter(std::chrono::milliseconds delay, bool after_first_ack = false) {
    if (after_first_ack) {
      auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (acks_.empty()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            limit - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
          ADD_FAILURE() << "crash_writer acknowledged nothing within 60 s";
          break;
        }
        pollfd p{read_fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) > 0 && !ReadSome()) {
          int status = 0;
          ::waitpid(pid_, &status, 0);
          pid_ = -1;
          ADD_FAILURE() << "crash_writer exited by itself (status " << status << ")";
          return false;
        }
      }
    }
    auto deadline = std::chrono::steady_clock::now() + delay;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{read_fd_, POLLIN, 0};
      int n = ::poll(&p, 1, static_cast<int>(left.count()));
      if (n > 0 && !ReadSome()) {
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        ADD_FAILURE() << "crash_writer exited by itself (status " << status << ")";
        return false;
      }
    }
    ::kill(pid_, SIGKILL);
    while (ReadSome()) {
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
    return true;
  }

  std::vector<Ack>& acks() { return acks_; }

 private:
  // Reads once from the pipe and parses complete lines; false at EOF.
  bool ReadSome() {
    char buffer[8192];
    ssize_t n = ::read(read_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) return true;
    if (n <= 0) return false;
    pending_.append(buffer, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::istringstream line(pending_.substr(start, nl - start));
      Ack ack;
      line >> ack.stream >> ack.first >> ack.last >> ack.batch;
      EXPECT_FALSE(line.fail()) << "unreadable line from crash_writer";
      acks_.push_back(ack);
    }
    pending_.erase(0, start);  // an incomplete last line is not an ack yet
    return true;
  }

  pid_t pid_ = -1;
  int read_fd_ = -1;
  std::string pending_;
  std::vector<Ack> acks_;
};

}  // namespace gridledger::testing
