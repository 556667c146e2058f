// ReconcileTrigger: one worker, one reconcile at a time, requests coalesced.
//
// Every reason to reconcile (the poll timer, a webhook, a drift finding) calls
// Request(source). Request() never waits for a reconcile: it marks a run as
// wanted and returns. A single worker thread runs the reconcile callback; all
// requests that arrive while a run is in progress collapse into exactly one
// follow-up run. A burst of webhooks (argo-cd#9017, the "webhook storm" in
// /work/shared/reference/gitops-anchors.md §4) therefore costs at most the run
// in progress plus one more.
//
// Runs are also spaced: a run starts no sooner than `min_interval` after the
// previous one started (default 2 s); requests arriving in between join it.
// Coalescing alone bounds a storm only while it is shorter than one
// reconcile; the spacing bounds any burst shorter than min_interval to two
// runs too, and caps the fetch rate under a sustained storm. The first
// request after a quiet period still runs at once.
//
// The callback receives the distinct sources that asked for this run, sorted
// (e.g. {"poll", "webhook:github"}), for logs and status. Sources are a small
// fixed vocabulary chosen by the daemon, never request data.
//
// Lifetime: the worker starts in the constructor and stops in Stop() or the
// destructor, which wait for a running reconcile to return and drop any
// pending request. The callback must not call Stop() or WaitIdle() (it would
// wait for itself); it may call Request().
//
// Thread-safety: every method may be called from any thread.
#ifndef COCOPLANE_SERVER_RECONCILE_TRIGGER_H_
#define COCOPLANE_SERVER_RECONCILE_TRIGGER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace cocoplane::server {

struct TriggerOptions {
  // Least time between the starts of two runs; 0 = back to back.
  std::chrono::milliseconds min_interval = std::chrono::seconds(2);
};

class ReconcileTrigger {
 public:
  using Reconcile = std::function<void(const std::vector<std::string>& sources)>;

  explicit ReconcileTrigger(Reconcile reconcile, TriggerOptions options = {});
  ~ReconcileTrigger();
  ReconcileTrigger(const ReconcileTrigger&) = delete;
  ReconcileTrigger& operator=(const ReconcileTrigger&) = delete;

  // Asks for a reconcile. Returns at once; ignored after Stop().
  void Request(std::string_view source);

  // Blocks until no reconcile runs and none is pending.
  void WaitIdle();

  // Lets a running reconcile finish, drops pending requests, joins the
  // worker. Idempotent.
  void Stop();

  struct Counts {
    // Request() calls accepted (before Stop()).
    std::uint64_t requests = 0;
    // Reconcile callbacks started.
    std::uint64_t runs = 0;
  };
  Counts counts() const;

 private:
  void Work();

  const Reconcile reconcile_;
  const TriggerOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  // Sources of the pending run; non-empty means a run is wanted.
  std::set<std::string, std::less<>> pending_;
  bool running_ = false;
  bool stopping_ = false;
  Counts counts_;
  std::thread worker_;
};

}  // namespace cocoplane::server

#endif  // COCOPLANE_SERVER_RECONCILE_TRIGGER_H_
