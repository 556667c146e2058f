// ReconcileTrigger coalescing and spacing, and the poll timer, without
// sockets. The coalescing tests hold the reconcile on a gate instead of
// sleeping and turn spacing off, so they are exact, not timing-dependent.
#include "server/reconcile_trigger.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "server/poll_timer.h"

namespace cocoplane::server {
namespace {

using std::chrono::milliseconds;

// Back-to-back runs: these tests are about coalescing, not spacing.
constexpr TriggerOptions kNoSpacing{.min_interval = milliseconds(0)};

// A one-shot gate: Wait() blocks until Open(); Reached() blocks until some
// thread is waiting at it.
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    waiting_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  void Reached() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return waiting_; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool waiting_ = false;
  bool open_ = false;
};

// Sources of each run, in run order.
struct Runs {
  void Add(const std::vector<std::string>& sources) {
    std::lock_guard<std::mutex> lock(mutex);
    runs.push_back(sources);
  }
  std::vector<std::vector<std::string>> Taken() {
    std::lock_guard<std::mutex> lock(mutex);
    return runs;
  }
  std::mutex mutex;
  std::vector<std::vector<std::string>> runs;
};

TEST(ReconcileTrigger, OneRequestRunsOnce) {
  Runs runs;
  ReconcileTrigger trigger([&](const std::vector<std::string>& sources) { runs.Add(sources); },
                           kNoSpacing);

  trigger.Request("poll");
  trigger.WaitIdle();

  EXPECT_EQ(runs.Taken(), (std::vector<std::vector<std::string>>{{"poll"}}));
  EXPECT_EQ(trigger.counts().requests, 1u);
  EXPECT_EQ(trigger.counts().runs, 1u);
}

TEST(ReconcileTrigger, RequestsDuringARunCollapseIntoOneFollowUp) {
  Runs runs;
  Gate first_run;
  bool first = true;
  ReconcileTrigger trigger(
      [&](const std::vector<std::string>& sources) {
        runs.Add(sources);
        if (first) {
          first = false;
          first_run.Wait();
        }
      },
      kNoSpacing);

  trigger.Request("poll");
  first_run.Reached();
  // Request() returns while the reconcile is held: it never waits for it.
  for (int i = 0; i < 50; ++i) trigger.Request("webhook:github");
  trigger.Request("drift");
  first_run.Open();
  trigger.WaitIdle();

  EXPECT_EQ(runs.Taken(),
            (std::vector<std::vector<std::string>>{{"poll"}, {"drift", "webhook:github"}}));
  EXPECT_EQ(trigger.counts().requests, 52u);
  EXPECT_EQ(trigger.counts().runs, 2u);
}

TEST(ReconcileTrigger, ARequestFromInsideTheReconcileRunsOnceMore) {
  Runs runs;
  ReconcileTrigger* self = nullptr;
  ReconcileTrigger trigger(
      [&](const std::vector<std::string>& sources) {
        runs.Add(sources);
        // Drift correction asks for another reconcile from within one.
        if (sources == std::vector<std::string>{"drift-check"}) self->Request("drift");
      },
      kNoSpacing);
  self = &trigger;

  trigger.Request("drift-check");
  trigger.WaitIdle();

  EXPECT_EQ(runs.Taken(), (std::vector<std::vector<std::string>>{{"drift-check"}, {"drift"}}));
}

TEST(ReconcileTrigger, RunsAreSpacedAndRequestsInTheGapJoinTheNextRun) {
  Runs runs;
  std::vector<std::chrono::steady_clock::time_point> starts;
  ReconcileTrigger trigger(
      [&](const std::vector<std::string>& sources) {
        starts.push_back(std::chrono::steady_clock::now());
        runs.Add(sources);
      },
      {.min_interval = milliseconds(500)});

  trigger.Request("poll");
  trigger.WaitIdle();
  // The first run is over; these two come within its spacing window.
  trigger.Request("webhook:gitlab");
  trigger.Request("drift");
  trigger.WaitIdle();

  EXPECT_EQ(runs.Taken(),
            (std::vector<std::vector<std::string>>{{"poll"}, {"drift", "webhook:gitlab"}}));
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_GE(starts[1] - starts[0], milliseconds(500));
}

TEST(ReconcileTrigger, DefaultSpacingIsTwoSeconds) {
  EXPECT_EQ(TriggerOptions{}.min_interval, milliseconds(2000));
}

TEST(ReconcileTrigger, RequestsAfterStopAreIgnored) {
  Runs runs;
  ReconcileTrigger trigger([&](const std::vector<std::string>& sources) { runs.Add(sources); },
                           kNoSpacing);

  trigger.Stop();
  trigger.Request("poll");
  trigger.WaitIdle();
  trigger.Stop();

  EXPECT_TRUE(runs.Taken().empty());
  EXPECT_EQ(trigger.counts().requests, 0u);
}

TEST(PollTimer, DelayIsTheIntervalPlusOrMinusTheJitter) {
  const PollOptions defaults;
  EXPECT_EQ(defaults.interval, milliseconds(60000));
  EXPECT_EQ(NextPollDelay(defaults, 0.0), milliseconds(54000));
  EXPECT_EQ(NextPollDelay(defaults, 0.5), milliseconds(60000));
  EXPECT_EQ(NextPollDelay(defaults, 0.75), milliseconds(63000));
  EXPECT_EQ(NextPollDelay(defaults, 0.99), milliseconds(65880));
}

TEST(PollTimer, DelayClampsItsInputs) {
  EXPECT_EQ(NextPollDelay({milliseconds(1000), 0.1}, -3.0), milliseconds(900));
  EXPECT_EQ(NextPollDelay({milliseconds(1000), 0.1}, 7.0), milliseconds(1100));
  EXPECT_EQ(NextPollDelay({milliseconds(1000), 0.0}, 0.0), milliseconds(1000));
  EXPECT_EQ(NextPollDelay({milliseconds(1000), 5.0}, 0.0), milliseconds(1));
  EXPECT_EQ(NextPollDelay({milliseconds(0), 0.1}, 0.5), milliseconds(1));
}

TEST(PollTimer, SystemRandomStaysInTheUnitInterval) {
  UniformRandom random = SystemUniformRandom();
  for (int i = 0; i < 1000; ++i) {
    const double u = random();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
}

TEST(PollTimer, TicksRepeatedlyDrawingJitterEachTime) {
  std::mutex mutex;
  std::condition_variable ticked;
  int ticks = 0;
  int draws = 0;
  PollTimer timer(
      {milliseconds(1), 0.1},
      [&] {
        std::lock_guard<std::mutex> lock(mutex);
        ++draws;
        return 0.5;
      },
      [&] {
        std::lock_guard<std::mutex> lock(mutex);
        ++ticks;
        ticked.notify_all();
      });

  {
    std::unique_lock<std::mutex> lock(mutex);
    ASSERT_TRUE(ticked.wait_for(lock, std::chrono::seconds(30), [&] { return ticks >= 3; }));
  }
  timer.Stop();
  std::lock_guard<std::mutex> lock(mutex);
  // One draw before each wait: every tick had its own.
  EXPECT_GE(draws, ticks);
}

TEST(PollTimer, StopDoesNotWaitOutTheInterval) {
  int ticks = 0;
  PollTimer timer(
      {std::chrono::hours(1), 0.1}, [] { return 0.5; }, [&] { ++ticks; });
  // Would block for an hour (and hit the test timeout) if Stop waited.
  timer.Stop();
  EXPECT_EQ(ticks, 0);
}

}  // namespace
}  // namespace cocoplane::server
