#include "app/command_worker.h"

namespace gridledger::kiosk {

CommandWorker::CommandWorker() : thread_([this] { Loop(); }) {}

CommandWorker::~CommandWorker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void CommandWorker::Post(Job job) {
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
}

int CommandWorker::RunCompletions() {
  std::deque<std::function<void()>> done;
  {
    std::lock_guard lock(mu_);
    done.swap(done_);
  }
  for (auto& f : done)
    if (f) f();
  return static_cast<int>(done.size());
}

void CommandWorker::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [this] { return jobs_.empty() && running_ == 0; });
}

bool CommandWorker::HasCompletions() const {
  std::lock_guard lock(mu_);
  return !done_.empty();
}

void CommandWorker::SetWakeup(std::function<void()> wake) {
  std::lock_guard lock(mu_);
  wake_ = std::move(wake);
}

void CommandWorker::Wake() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    wake = wake_;
  }
  if (wake) wake();
}

bool CommandWorker::Busy() const {
  std::lock_guard lock(mu_);
  return !jobs_.empty() || running_ > 0;
}

void CommandWorker::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stop_ and drained
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    ++running_;
    lock.unlock();
    std::function<void()> completion = job();
    lock.lock();
    done_.push_back(std::move(completion));
    --running_;
    if (jobs_.empty() && running_ == 0) idle_cv_.notify_all();
    if (wake_) {
      std::function<void()> wake = wake_;
      lock.unlock();
      wake();
      lock.lock();
    }
  }
}

}  // namespace gridledger::kiosk
