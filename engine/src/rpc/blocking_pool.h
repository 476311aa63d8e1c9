// A fixed pool of threads for the engine's blocking calls, so that the RPC
// event loop never waits on an fsync or a RocksDB read. Results come back
// to the event loop through a cross-thread promise.
//
// Why threads and not EventLog::AppendAsync: every Engine command is a
// read-decide-append-retry sequence that blocks until its group is durable;
// N concurrent calls on N pool threads land in one commit group exactly as
// N in-process threads do, so group commit survives the network. The pool
// bounds how many commands run at once; further calls wait in its queue.
#pragma once

#include <kj/async.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace gridledger::rpc {

class BlockingPool {
 public:
  explicit BlockingPool(size_t threads);
  // Runs every queued task, then joins.
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Runs `fn` on a pool thread. The returned promise belongs to the calling
  // thread's event loop and resolves there with fn's value. Dropping the
  // promise does not stop `fn`; its value is then discarded.
  // REQUIRES: called on a thread with a KJ event loop; fn must not throw.
  template <typename T>
  kj::Promise<T> Run(std::function<T()> fn) {
    auto paf = kj::newPromiseAndCrossThreadFulfiller<T>();
    auto fulfiller =
        std::make_shared<kj::Own<kj::CrossThreadPromiseFulfiller<T>>>(kj::mv(paf.fulfiller));
    Post([fn = std::move(fn), fulfiller]() mutable { (*fulfiller)->fulfill(fn()); });
    return kj::mv(paf.promise);
  }

  // Tasks queued or running right now.
  size_t Pending() const;

 private:
  void Post(std::function<void()> task);
  void Work();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace gridledger::rpc
