#include "server/poll_timer.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <utility>

namespace cocoplane::server {

UniformRandom SystemUniformRandom() {
  // Jitter only spreads load; it needs no cryptographic strength, just a
  // different seed per process.
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

std::chrono::milliseconds NextPollDelay(const PollOptions& options, double uniform) {
  const double jitter = std::clamp(options.jitter, 0.0, 1.0);
  const double u = std::clamp(uniform, 0.0, 1.0);
  const double factor = 1.0 + jitter * (2.0 * u - 1.0);
  const double millis = static_cast<double>(options.interval.count()) * factor;
  return std::chrono::milliseconds(std::max<long long>(1, std::llround(millis)));
}

PollTimer::PollTimer(PollOptions options, UniformRandom random, std::function<void()> on_tick)
    : options_(options), random_(std::move(random)), on_tick_(std::move(on_tick)) {
  thread_ = std::thread([this] { Run(); });
}

PollTimer::~PollTimer() { Stop(); }

void PollTimer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PollTimer::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    const auto delay = NextPollDelay(options_, random_());
    // wait_for returns early only when Stop() sets stopping_, so a spurious
    // wake-up cannot shorten the interval into an extra poll.
    if (stop_signal_.wait_for(lock, delay, [this] { return stopping_; })) return;
    lock.unlock();
    on_tick_();
    lock.lock();
  }
}

}  // namespace cocoplane::server
