#include "server/reconcile_trigger.h"

#include <optional>
#include <utility>

namespace cocoplane::server {

ReconcileTrigger::ReconcileTrigger(Reconcile reconcile, TriggerOptions options)
    : reconcile_(std::move(reconcile)), options_(options) {
  // Started last, once every member the worker reads is initialised.
  worker_ = std::thread([this] { Work(); });
}

ReconcileTrigger::~ReconcileTrigger() { Stop(); }

void ReconcileTrigger::Request(std::string_view source) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    ++counts_.requests;
    // A set: a thousand requests from one source while a run is in progress
    // still leave one entry and one follow-up run.
    pending_.emplace(source);
  }
  wake_.notify_one();
}

void ReconcileTrigger::WaitIdle() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return stopping_ || (!running_ && pending_.empty()); });
}

void ReconcileTrigger::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    pending_.clear();
  }
  wake_.notify_one();
  idle_.notify_all();
  if (worker_.joinable()) worker_.join();
}

ReconcileTrigger::Counts ReconcileTrigger::counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counts_;
}

void ReconcileTrigger::Work() {
  using Clock = std::chrono::steady_clock;
  std::optional<Clock::time_point> last_start;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
    if (stopping_) return;
    // The spacing wait leaves the pending set in place, so requests that
    // arrive meanwhile are served by this same run.
    auto not_before = last_start ? *last_start + options_.min_interval : Clock::now();
    if (wake_.wait_until(lock, not_before, [this] { return stopping_; })) return;
    last_start = Clock::now();
    // Taking the whole pending set is the coalescing: every request so far is
    // served by this run; any that arrive during it form the next one.
    std::vector<std::string> sources(pending_.begin(), pending_.end());
    pending_.clear();
    running_ = true;
    ++counts_.runs;
    lock.unlock();
    reconcile_(sources);
    lock.lock();
    running_ = false;
    if (pending_.empty()) idle_.notify_all();
  }
}

}  // namespace cocoplane::server
