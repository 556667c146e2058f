// DirTarget: a Target backed by a directory tree on the local disk.
//
// Two shapes of it are what real components read:
//   * node        — a directory standing for a node's root file system; the
//                   manifest target "node:<pool>:/abs/path" maps to
//                   <root>/abs/path. Files are written 0644.
//   * kbs-storage — Trustee KBS LocalFs storage (`dir_path`), the manifest
//                   target "kbs:<namespace>/<key>" maps to <root>/<namespace>/<key>
//                   where '/' inside a key is already spelled "\x2F"
//                   (trustee.md §5). Resource values are written 0600.
// Every write is atomic (fs/atomic_file.h). The target never decides what it
// owns from file names: the reconciler's record says which addresses are
// cocoplane's; List() only reports what is present.
#ifndef COCOPLANE_TARGETS_DIR_TARGET_H_
#define COCOPLANE_TARGETS_DIR_TARGET_H_

#include <memory>
#include <string>

#include "targets/target.h"

namespace cocoplane::targets {

// A node target for pool `pool`, rooted at `root`.
std::unique_ptr<Target> NewNodeTarget(std::string pool, std::string root);

// A KBS LocalFs storage target rooted at `dir_path`.
std::unique_ptr<Target> NewKbsStorageTarget(std::string dir_path);

}  // namespace cocoplane::targets

#endif  // COCOPLANE_TARGETS_DIR_TARGET_H_
