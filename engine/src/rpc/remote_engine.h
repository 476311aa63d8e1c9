// RemoteEngine's implementation: the public Engine and EventLog interfaces
// carried over ClientConnection. Internal to engine/src/rpc.
#pragma once

#include <kj/async-io.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "gridledger/client.h"
#include "rpc/client_connection.h"

namespace gridledger::rpc {

// A client I/O thread: one KJ event loop that hosts any number of
// connections (ClientRuntime's implementation). Calls reach it through
// Post (its inbox); setting a connection up, tearing it down and the
// subscriptions' bookkeeping use kj::Executor::executeSync.
class ClientLoop final : public ClientRuntime {
 public:
  static Result<std::shared_ptr<ClientLoop>> Start();
  ~ClientLoop() noexcept override;

  size_t connections() const override { return connections_.load(); }

  const kj::Executor& executor() const { return *executor_; }
  // Queues `fn` to run on the loop thread and returns at once. For the
  // calls of many threads: kj::Executor::executeSync keeps every waiting
  // thread on one kj::Mutex, whose unlock checks each waiter's condition,
  // so with dozens of callers the loop thread spends its time there. Here
  // each caller waits on its own std::future.
  void Post(std::function<void()> fn);
  kj::AsyncIoContext& io() { return *io_; }  // loop thread only
  void Attached() { ++connections_; }
  void Detached() { --connections_; }

 private:
  ClientLoop() = default;
  void Loop(std::promise<Status>& ready);
  kj::Promise<void> Drain();  // loop thread: runs what Post queued, forever

  std::thread thread_;
  kj::Own<const kj::Executor> executor_;
  kj::AsyncIoContext* io_ = nullptr;                     // loop thread's
  kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> stop_;  // loop thread's
  std::atomic<size_t> connections_{0};
  std::mutex inbox_mu_;
  std::vector<std::function<void()>> inbox_;             // guarded by inbox_mu_
  kj::Own<kj::CrossThreadPromiseFulfiller<void>> wake_;  // guarded; set while the loop waits
};

// One RemoteEngine's connection on a ClientLoop, its own or a shared one:
// the ClientConnection and the tasks it started (subscriptions, AppendAsync)
// live on the loop thread and go with the channel, leaving the loop's other
// connections alone.
class Channel {
 public:
  Channel(ParsedAddress address, ClientOptions options);
  ~Channel() noexcept;
  // Takes the loop (ClientOptions::runtime, or a new one of its own) and
  // sets the connection up on it.
  Status Start();

  // Runs `fn` on the loop thread (through ClientLoop::Post) and waits for
  // its promise, bounded by `timeout` (default: the call timeout). A kj
  // exception (transport failure, timeout) marks the connection broken and
  // becomes kUnavailable.
  template <typename T>
  Result<T> Call(std::function<kj::Promise<Result<T>>(schema::Session::Client&)> fn,
                 std::optional<std::chrono::milliseconds> timeout = std::nullopt);

  // Runs `fn` on the loop thread (it may add tasks) and waits only for `fn`.
  void Post(std::function<void(ClientConnection&, kj::TaskSet&)> fn);

  ClientConnection& connection() { return *connection_; }  // loop thread only
  const ClientOptions& options() const { return options_; }

 private:
  ParsedAddress address_;
  ClientOptions options_;  // without the runtime: loop_ holds it
  std::shared_ptr<ClientLoop> loop_;
  kj::Own<ClientConnection> connection_;  // loop thread's
  kj::Own<kj::TaskSet> tasks_;            // loop thread's
};

class ErrorSink final : public kj::TaskSet::ErrorHandler {
 public:
  void taskFailed(kj::Exception&&) override {}
};

template <typename T>
Result<T> Channel::Call(std::function<kj::Promise<Result<T>>(schema::Session::Client&)> fn,
                        std::optional<std::chrono::milliseconds> bound) {
  auto timeout = bound.value_or(options_.call_timeout);
  std::promise<Result<T>> answer;
  auto answered = answer.get_future();
  loop_->Post([this, &fn, &answer, timeout] {
    ClientConnection& c = *connection_;
    // evalNow: a call that throws while it is being started still answers.
    tasks_->add(
        kj::evalNow([&c] { return c.Session(); })
            .then([&fn](schema::Session::Client session) { return fn(session); })
            .exclusiveJoin(
                c.timer().afterDelay(timeout.count() * kj::MILLISECONDS).then([]() -> Result<T> {
                  return Status::Unavailable("gridledgerd did not answer in time");
                }))
            .catch_([&c](kj::Exception&& e) -> Result<T> {
              if (e.getType() == kj::Exception::Type::FAILED &&
                  kj::StringPtr(e.getDescription()).startsWith("login refused"))
                return Status::PermissionDenied(e.getDescription().cStr());
              if (e.getType() == kj::Exception::Type::FAILED)
                return Status::Internal(std::string("gridledgerd failed the call: ") +
                                        e.getDescription().cStr());
              c.MarkBroken();
              return Status::Unavailable(std::string("gridledgerd unreachable: ") +
                                         e.getDescription().cStr());
            })
            .then([&answer](Result<T> r) { answer.set_value(std::move(r)); }));
  });
  return answered.get();
}

}  // namespace gridledger::rpc
