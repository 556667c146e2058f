#include "drift/dir_watcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "testing/temp_path.h"

namespace cocoplane::drift {
namespace {

// Waits until `pred` holds; the bound only keeps a broken build from hanging.
template <typename Pred>
bool WaitFor(Pred pred) {
  for (int i = 0; i < 500 && !pred(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return pred();
}

TEST(DirWatcherTest, CallsBackOnChangeAndCoalescesBursts) {
  std::string dir = cocoplane::testing::ProcessTempPath("watcher");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::atomic<int> calls{0};
  DirWatcher watcher([&] { ++calls; }, 200);
  ASSERT_TRUE(watcher.Start().ok());
  ASSERT_TRUE(watcher.Watch({dir}).ok());
  std::ofstream(dir + "/one.toml") << "x";
  EXPECT_TRUE(WaitFor([&] { return calls.load() >= 1; }));
  int before = calls.load();
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) std::ofstream(dir + "/f" + std::to_string(i)) << i;
  auto burst_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  EXPECT_TRUE(WaitFor([&] { return calls.load() > before; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // At most one callback per debounce window while the burst lasts (+2 for
  // the windows at its edges), not one per file.
  EXPECT_LE(calls.load() - before, burst_ms / 200 + 2) << "burst took " << burst_ms << " ms";
  watcher.Stop();
}

}  // namespace
}  // namespace cocoplane::drift
