// Snapshot: an immutable view of one state of the desired-state repository.
//
// It is the only way the compiler reads the repository. A Source at the edge
// (daemon/source: a directory, or a git commit read from the object database)
// builds it; the compiler never touches the disk. Blob ids are git blob ids
// (sha1 of "blob <size>\0<bytes>") for both kinds of source, so a cache keyed
// by blob id works the same for a working tree and for a commit.
//
// Thread-safety: a Snapshot is immutable after construction and may be read
// from any number of threads.
#ifndef COCOPLANE_BASE_SNAPSHOT_H_
#define COCOPLANE_BASE_SNAPSHOT_H_

#include <cstdint>
#include <map>
#include <string>

namespace cocoplane {

// Files larger than this are not read; the loader reports them (CP1004).
inline constexpr uint64_t kMaxSnapshotFileBytes = 8u << 20;

struct SnapshotFile {
  enum class Type {
    // `bytes` holds the file content.
    kRegular,
    // `bytes` holds the link target, exactly as stored (relative or absolute).
    kSymlink,
    // Larger than kMaxSnapshotFileBytes: `bytes` is empty, `size` is real.
    kOversize,
  };
  Type type = Type::kRegular;
  std::string bytes;
  uint64_t size = 0;
  // 40 hex digits; empty when the source could not compute one.
  std::string blob_id;
};

struct Snapshot {
  // Commit id (40 hex) for a git source; empty for a working directory.
  std::string revision;
  // A label for messages: the directory path or "<repo>@<short-rev>".
  std::string origin;
  // Repository-relative paths ('/'-separated, no leading "./"), sorted.
  std::map<std::string, SnapshotFile> files;

  // Returns the file at `path`, or nullptr.
  const SnapshotFile* Find(const std::string& path) const {
    auto it = files.find(path);
    return it == files.end() ? nullptr : &it->second;
  }
};

}  // namespace cocoplane

#endif  // COCOPLANE_BASE_SNAPSHOT_H_
