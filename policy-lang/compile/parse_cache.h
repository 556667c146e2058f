// ParseCache: what Compile() may keep from one compile to the next, so that
// an incremental rebuild re-reads only the files whose git blob id changed.
//
// It bundles the model's per-file cache (decoded documents, model.h
// LoadCache), the CPL front end's (syntax trees, check.h ParseCache), each
// workload's whole output by a digest of everything it is built from, and
// the initdata annotations (gzip + base64, most of a workload's build time)
// by the digest of the exact initdata bytes they encode, for a workload
// whose inputs changed but whose initdata did not (a new memory size).
// The caller owns it and hands it to every Compile of the same repository, e.g.
// the daemon across reconciles or `plan` across its two sides. Compile
// stays pure: the cache is a value it is given, its output is the same
// bytes with or without one (tests/compile/parse_cache_test.cc), and it
// never reads anything but the Snapshot.
//
// Memory: one repository's worth of decoded documents, syntax trees and
// workload artifacts (entries of paths a snapshot no longer has, and of
// workloads the last compile did not build, are dropped on each compile).
// The workload artifacts are a copy of most of a bundle (about 17 KB per
// workload, 170 MB at 10,000), so a holder of the cache and of the last
// bundle, like the daemon, holds those bytes twice.
// Not thread-safe: one Compile at a time per cache.
#ifndef COCOPLANE_COMPILE_PARSE_CACHE_H_
#define COCOPLANE_COMPILE_PARSE_CACHE_H_

#include <map>
#include <memory>
#include <string>

#include "cpl/check/check.h"
#include "model/model.h"

namespace cocoplane::compile {

// One workload's artifacts, binding and diagnostics
// (compile/workload_artifacts.cc).
struct BuiltWorkload;

struct ParseCache {
  model::LoadCache model;
  cpl::ParseCache cpl;
  // "<hash algorithm>:<hex digest of the initdata TOML>" -> its annotation.
  // The digest names the bytes (SHA-256 or stronger), so a hit is the same
  // annotation recomputed. Holds the last compile's workloads only.
  std::map<std::string, std::string, std::less<>> initdata_annotations;
  // Digest of a workload's inputs -> what they built, for those the last
  // compile built without a diagnostic. The digest covers every value the
  // build reads (the rendered aa.toml and cdh.toml, the agent policy, the
  // fragments, the pool's TEE and runtime class, memory, containers, sealed
  // secrets and the sealing key's digest), so a hit is the same output.
  std::map<std::string, std::shared_ptr<const BuiltWorkload>, std::less<>> workloads;
};

}  // namespace cocoplane::compile

#endif  // COCOPLANE_COMPILE_PARSE_CACHE_H_
