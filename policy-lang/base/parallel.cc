#include "base/parallel.h"

#include <algorithm>
#include <atomic>
#include <locale>
#include <thread>
#include <vector>

namespace cocoplane {
namespace {

// libstdc++ fills std::ctype<char>::narrow's table lazily, one character
// at its first use, without a lock, so std::regex compiling on two threads
// at once (valijson's `pattern`, the schema's propertyNames) writes it from
// both. Each writes the same byte, but it is a data race all the same, and
// ThreadSanitizer reports it; the table is filled before any thread starts.
void FillLocaleTables() {
  static const bool filled = [] {
    const auto& ctype = std::use_facet<std::ctype<char>>(std::locale());
    for (int c = 1; c < 256; ++c) ctype.narrow(static_cast<char>(c), '\0');
    return true;
  }();
  (void)filled;
}

}  // namespace

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
  FillLocaleTables();
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

void RunBeside(unsigned threads, const std::function<void()>& here,
               const std::function<void()>& beside) {
  if (EffectiveThreads(threads) < 2) {
    here();
    beside();
    return;
  }
  FillLocaleTables();
  std::thread second(beside);
  here();
  second.join();
}

}  // namespace cocoplane
