// Helpers for the model tests: inline snapshots and compact diagnostics.
#ifndef COCOPLANE_TESTS_MODEL_MODEL_TESTING_H_
#define COCOPLANE_TESTS_MODEL_MODEL_TESTING_H_

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/snapshot.h"

namespace cocoplane::testing {

// A Snapshot of regular files given inline as {path, bytes}.
inline Snapshot SnapshotOf(std::vector<std::pair<std::string, std::string>> files) {
  Snapshot snapshot;
  snapshot.origin = "inline";
  for (auto& [path, bytes] : files) {
    SnapshotFile file;
    file.size = bytes.size();
    file.bytes = std::move(bytes);
    snapshot.files[path] = std::move(file);
  }
  return snapshot;
}

// "CP1001 file:line:col" for each diagnostic, sorted; line and column are
// always printed (0:0 for whole-file diagnostics).
inline std::vector<std::string> Brief(const DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const auto& d : sink.diagnostics()) {
    out.push_back(std::string(d.id()) + " " + d.location.file + ":" +
                  std::to_string(d.location.line) + ":" + std::to_string(d.location.column));
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string SourceDir() { return COCOPLANE_SOURCE_DIR; }

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTS_MODEL_MODEL_TESTING_H_
