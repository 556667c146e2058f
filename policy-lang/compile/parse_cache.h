// ParseCache: what Compile() may keep from one compile to the next, so that
// an incremental rebuild re-reads only the files whose git blob id changed.
//
// It bundles the model's per-file cache (decoded documents, model.h
// LoadCache), the CPL front end's (syntax trees, check.h ParseCache) and
// the initdata annotations (gzip + base64, most of a workload's build time)
// by the digest of the exact initdata bytes they encode. The caller owns it and hands it to every Compile of the same repository, e.g.
// the daemon across reconciles or `plan` across its two sides. Compile
// stays pure: the cache is a value it is given, its output is the same
// bytes with or without one (tests/compile/parse_cache_test.cc), and it
// never reads anything but the Snapshot.
//
// Memory: one repository's worth of decoded documents and syntax trees
// (entries of paths a snapshot no longer has are dropped on each compile).
// Not thread-safe: one Compile at a time per cache.
#ifndef COCOPLANE_COMPILE_PARSE_CACHE_H_
#define COCOPLANE_COMPILE_PARSE_CACHE_H_

#include <map>
#include <string>

#include "cpl/check/check.h"
#include "model/model.h"

namespace cocoplane::compile {

struct ParseCache {
  model::LoadCache model;
  cpl::ParseCache cpl;
  // "<hash algorithm>:<hex digest of the initdata TOML>" -> its annotation.
  // The digest names the bytes (SHA-256 or stronger), so a hit is the same
  // annotation recomputed. Holds the last compile's workloads only.
  std::map<std::string, std::string, std::less<>> initdata_annotations;
};

}  // namespace cocoplane::compile

#endif  // COCOPLANE_COMPILE_PARSE_CACHE_H_
