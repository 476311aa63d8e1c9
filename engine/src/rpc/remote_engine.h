// RemoteEngine's implementation: the public Engine and EventLog interfaces
// carried over ClientConnection. Internal to engine/src/rpc.
#pragma once

#include <kj/async-io.h>

#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "gridledger/client.h"
#include "rpc/client_connection.h"

namespace gridledger::rpc {

// The client's I/O thread: a KJ event loop that owns the connection; other
// threads hand it work and wait (kj::Executor::executeSync).
class IoThread {
 public:
  IoThread(ParsedAddress address, ClientOptions options);
  ~IoThread() noexcept;
  Status Start();

  // Runs `fn` on the I/O thread and waits for its promise, bounded by the
  // call timeout. A kj exception (transport failure, timeout) marks the
  // connection broken and becomes kUnavailable.
  template <typename T>
  Result<T> Call(std::function<kj::Promise<Result<T>>(schema::Session::Client&)> fn);

  // Queues `fn` on the I/O thread without waiting.
  void Post(std::function<void(ClientConnection&, kj::TaskSet&)> fn);

  ClientConnection& connection() { return *connection_; }
  const ClientOptions& options() const { return options_; }

 private:
  void Loop(std::promise<Status>& ready);

  ParsedAddress address_;
  ClientOptions options_;
  std::thread thread_;
  kj::Own<const kj::Executor> executor_;
  ClientConnection* connection_ = nullptr;               // I/O thread's
  kj::TaskSet* tasks_ = nullptr;                         // I/O thread's
  kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> stop_;  // I/O thread's
};

class ErrorSink final : public kj::TaskSet::ErrorHandler {
 public:
  void taskFailed(kj::Exception&&) override {}
};

template <typename T>
Result<T> IoThread::Call(std::function<kj::Promise<Result<T>>(schema::Session::Client&)> fn) {
  auto timeout = options_.call_timeout;
  try {
    return executor_->executeSync([this, &fn, timeout]() -> kj::Promise<Result<T>> {
      ClientConnection& c = *connection_;
      return c.Session()
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
          });
    });
  } catch (const kj::Exception& e) {
    return Status::Unavailable(std::string("client closed: ") + e.getDescription().cStr());
  }
}

}  // namespace gridledger::rpc
