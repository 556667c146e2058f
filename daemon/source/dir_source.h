// DirSource: a Snapshot of a plain directory (a working tree).
//
// Used by `validate`, `build`, `plan` on directories and by tests. Reads every
// regular file below the root except the `.git` directory; records symbolic
// links as links (never follows them); records files larger than
// kMaxSnapshotFileBytes as kOversize without reading them.
#ifndef COCOPLANE_SOURCE_DIR_SOURCE_H_
#define COCOPLANE_SOURCE_DIR_SOURCE_H_

#include <string>

#include "base/snapshot.h"
#include "base/status.h"

namespace cocoplane::source {

// Returns the snapshot of `root`, or an error when `root` is not a readable
// directory or a file in it cannot be read. At most kMaxFiles files.
inline constexpr size_t kMaxFiles = 200000;
Result<Snapshot> ReadDirectory(const std::string& root);

}  // namespace cocoplane::source

#endif  // COCOPLANE_SOURCE_DIR_SOURCE_H_
