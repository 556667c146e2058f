// The limits the loaders enforce on every desired-state file.
//
// A desired-state repository is untrusted input for the daemon: anyone who
// can push to it can try to make the loader use unbounded time, memory or
// stack. Every limit below has a diagnostic (CP10xx) and a test that crosses
// it; README.md in this folder lists them for users.
#ifndef COCOPLANE_MODEL_LIMITS_H_
#define COCOPLANE_MODEL_LIMITS_H_

#include <cstddef>

#include "base/snapshot.h"

namespace cocoplane::model {

// Bytes per file. The Snapshot does not read larger files at all; the loader
// reports them as CP1004.
inline constexpr size_t kMaxFileBytes = kMaxSnapshotFileBytes;

// Nested mappings/sequences (or JSON objects/arrays, TOML arrays/tables) per
// document: CP1009. Real documents need fewer than 10; 64 leaves room while
// keeping valijson's recursive validator, toml++'s recursive parser and our
// own recursive walks far from the stack limit, under ASan or on a small
// thread stack.
inline constexpr size_t kMaxDepth = 64;

// Nodes per document after YAML alias expansion: CP1010. This is what stops
// a "billion laughs" alias bomb: expansion stops at the first alias that
// would cross the budget, so memory stays bounded by it.
inline constexpr size_t kMaxNodes = 100000;

// Bytes per string value (and per mapping key): CP1015. Schema patterns run
// through std::regex, whose backtracking recurses once per character; a
// multi-megabyte name would overflow the stack. No field needs more.
inline constexpr size_t kMaxStringBytes = 4096;

// Symbolic links followed inside the repository before giving up (a loop).
inline constexpr int kMaxSymlinkHops = 8;

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_LIMITS_H_
