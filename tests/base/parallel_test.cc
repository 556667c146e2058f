#include "base/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace cocoplane {
namespace {

TEST(ParallelForTest, RunsEveryIndexExactlyOnceForAnyThreadCount) {
  for (unsigned threads : {0u, 1u, 2u, 3u, 16u, 64u}) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{1000}}) {
      std::vector<std::atomic<int>> runs(n);
      ParallelFor(n, threads, [&](size_t i) { runs[i].fetch_add(1); });
      for (size_t i = 0; i < n; ++i) {
        ASSERT_EQ(runs[i].load(), 1)
            << "index " << i << " of " << n << ", " << threads << " threads";
      }
    }
  }
}

TEST(ParallelForTest, OneThreadRunsInOrderOnTheCallingThread) {
  std::vector<size_t> order;
  std::thread::id caller = std::this_thread::get_id();
  bool elsewhere = false;
  ParallelFor(50, 1, [&](size_t i) {
    order.push_back(i);
    elsewhere = elsewhere || std::this_thread::get_id() != caller;
  });
  ASSERT_EQ(order.size(), 50u);
  for (size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i);
  EXPECT_FALSE(elsewhere);
}

TEST(ParallelForTest, UsesSeveralThreadsWhenAsked) {
  // Each item waits (up to 10 s) for the other to start: run one after the
  // other, the items would see a single thread.
  std::mutex mu;
  std::set<std::thread::id> seen;
  std::atomic<int> arrived{0};
  ParallelFor(2, 2, [&](size_t) {
    {
      std::lock_guard<std::mutex> lock(mu);
      seen.insert(std::this_thread::get_id());
    }
    arrived.fetch_add(1);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (arrived.load() < 2 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
  });
  EXPECT_EQ(seen.size(), 2u);
}

TEST(ParallelForTest, EffectiveThreadsIsAtLeastOneAndCapped) {
  EXPECT_GE(EffectiveThreads(0), 1u);
  EXPECT_EQ(EffectiveThreads(1), 1u);
  EXPECT_EQ(EffectiveThreads(1000), kMaxThreads);
}

}  // namespace
}  // namespace cocoplane
