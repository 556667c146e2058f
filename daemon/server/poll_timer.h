// PollTimer: asks for a reconcile every interval, with random jitter.
//
// Git has no push channel a webhook cannot miss, so the daemon also polls.
// Each wait is `interval × (1 ± jitter)`, drawn anew, so that many daemons
// started together do not fetch the same remote in lockstep (Flux jitters its
// intervals by ±5 %, Argo CD adds up to 60 s to 120 s; see
// /work/shared/reference/gitops-anchors.md §3). Default: 60 s ± 10 %.
//
// The randomness is injected (`UniformRandom`) so that tests pin it; the
// daemon passes SystemUniformRandom().
//
// Lifetime: the timer thread starts in the constructor and stops in Stop() or
// the destructor, which return promptly (they do not wait out the interval)
// once a tick in progress has returned. `on_tick` runs on the timer thread
// and must be quick and not throw: ReconcileTrigger::Request is the intended
// callee.
//
// Thread-safety: Stop() may be called from any thread; the random source is
// only called from the timer thread.
#ifndef COCOPLANE_SERVER_POLL_TIMER_H_
#define COCOPLANE_SERVER_POLL_TIMER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace cocoplane::server {

// Returns a number in [0, 1); values outside are clamped.
using UniformRandom = std::function<double()>;

// A UniformRandom backed by a std::mt19937_64 seeded from std::random_device.
UniformRandom SystemUniformRandom();

struct PollOptions {
  std::chrono::milliseconds interval = std::chrono::seconds(60);
  // Fraction of the interval, in [0, 1]; 0.1 = ±10 %.
  double jitter = 0.10;
};

// The wait before the next poll for one random draw `uniform` in [0, 1):
// 0 gives interval × (1 − jitter), 0.5 the interval, →1 interval × (1 + jitter).
// Never less than 1 ms. Pure.
std::chrono::milliseconds NextPollDelay(const PollOptions& options, double uniform);

class PollTimer {
 public:
  PollTimer(PollOptions options, UniformRandom random, std::function<void()> on_tick);
  ~PollTimer();
  PollTimer(const PollTimer&) = delete;
  PollTimer& operator=(const PollTimer&) = delete;

  // Idempotent.
  void Stop();

 private:
  void Run();

  const PollOptions options_;
  UniformRandom random_;
  const std::function<void()> on_tick_;
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cocoplane::server

#endif  // COCOPLANE_SERVER_POLL_TIMER_H_
