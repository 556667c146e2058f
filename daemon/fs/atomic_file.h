// Crash-safe file writes and small file helpers for the edges.
//
// WriteFileAtomic never lets a reader see a half-written file: it writes a
// temporary file in the same directory, fsyncs it, renames it over the
// destination and fsyncs the directory. After a crash the destination holds
// either the old or the new bytes; a stray temporary (".cocoplane-tmp-*") may
// remain and is ignored and cleaned by the next write to that directory.
#ifndef COCOPLANE_FS_ATOMIC_FILE_H_
#define COCOPLANE_FS_ATOMIC_FILE_H_

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/status.h"

namespace cocoplane::fs {

// Prefix of temporary files; directory listings skip these.
inline constexpr std::string_view kTempPrefix = ".cocoplane-tmp-";

// Whether a write is durable when WriteFileAtomic returns.
enum class Sync {
  // fsync the file and its directory: for state the daemon must find again
  // after a crash (targets, records).
  kDurable,
  // No fsync: readers still see the old or the new bytes, never a mix, but
  // after a power loss the file may hold either or be empty. For output that
  // is rebuilt from Git anyway (`cocoplane build`); two fsyncs per file made
  // a 43,000-file build I/O-bound.
  kNone,
};

// Creates missing parent directories (0755), then writes atomically with
// permissions `mode` (exactly, regardless of umask).
Status WriteFileAtomic(const std::string& path, std::string_view bytes, mode_t mode,
                       Sync sync = Sync::kDurable);

// Reads a whole file. NotFound when it does not exist.
Result<std::string> ReadFile(const std::string& path);

// Removes a file and fsyncs its directory. OK when it did not exist.
Status RemoveFile(const std::string& path);

}  // namespace cocoplane::fs

#endif  // COCOPLANE_FS_ATOMIC_FILE_H_
