#include "base/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace cocoplane {

unsigned EffectiveThreads(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  return std::min(threads, kMaxThreads);
}

void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t)>& fn) {
  size_t workers = std::min<size_t>(EffectiveThreads(threads), n);
  if (workers < 2) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  // Items are claimed one at a time: their costs vary (a 3-line workload
  // next to a 300-line one), so fixed slices would leave threads idle.
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace cocoplane
