// ParallelFor: runs fn(0) ... fn(n - 1) on up to `threads` threads.
//
// The compiler's phases that do the same independent work for each of many
// items (parse one file, build one workload's artifacts) use it, each item
// writing only to its own slot of a result vector that the caller then
// merges in index order. So the output does not depend on the thread count
// or on scheduling: determinism stays the caller's merge order, never the
// order in which items finish.
//
// `threads` 0 means std::thread::hardware_concurrency(); 1 (or n < 2) runs
// every item on the calling thread, in order. Threads are started per call
// and joined before it returns; `fn` must not throw.
#ifndef COCOPLANE_BASE_PARALLEL_H_
#define COCOPLANE_BASE_PARALLEL_H_

#include <cstddef>
#include <functional>

namespace cocoplane {

// The number of threads ParallelFor will use for `threads` (0: the
// hardware's count, at least 1; capped at kMaxThreads).
unsigned EffectiveThreads(unsigned threads);
inline constexpr unsigned kMaxThreads = 16;

void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t)>& fn);

// Runs `beside` on a second thread while the calling thread runs `here`,
// and returns when both are done; with EffectiveThreads(threads) < 2, runs
// `here` then `beside` on the calling thread. The two must not write to
// the same data; neither may throw.
void RunBeside(unsigned threads, const std::function<void()>& here,
               const std::function<void()>& beside);

}  // namespace cocoplane

#endif  // COCOPLANE_BASE_PARALLEL_H_
