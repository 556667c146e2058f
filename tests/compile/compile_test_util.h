// Helpers for compiler tests: snapshots from examples/repo and from inline
// files, a test sealing key, and coreutils as an independent hash oracle.
#ifndef COCOPLANE_TESTS_COMPILE_COMPILE_TEST_UTIL_H_
#define COCOPLANE_TESTS_COMPILE_COMPILE_TEST_UTIL_H_

#include <fstream>
#include <map>
#include <string>

#include "base/snapshot.h"
#include "compile/compiler.h"
#include "crypto/digest.h"
#include "crypto/es256.h"
#include "source/dir_source.h"
#include "testing/shell.h"
#include "testing/temp_path.h"

namespace cocoplane::compile::testing {

inline Snapshot ExampleRepo() {
  auto snap = source::ReadDirectory(std::string(COCOPLANE_SOURCE_DIR) + "/examples/repo");
  return snap.ok() ? *snap : Snapshot{};
}

// A fixed P-256 key for tests (scalar = sha256 of a label).
inline CompileOptions TestOptions() {
  CompileOptions o;
  auto key = crypto::Es256PrivateKeyFromScalar(
      crypto::Digest(crypto::HashAlgorithm::kSha256, "cocoplane compile test key"));
  o.sealing_key_pem = crypto::Es256PrivateKeyToPem(*key);
  return o;
}

// Runs `tool` (sha256sum, sha384sum, ...) over `bytes`; returns the hex.
inline std::string Coreutils(const std::string& tool, const std::string& bytes) {
  std::string path = cocoplane::testing::ProcessTempPath("coreutils_input");
  std::ofstream(path, std::ios::binary) << bytes;
  std::string out = cocoplane::testing::RunShell(tool + " " + path).out;
  return out.substr(0, out.find(' '));
}

// Replaces the first occurrence of `from` by `to` in file `path`.
inline bool Edit(Snapshot& snap, const std::string& path, const std::string& from,
                 const std::string& to) {
  auto it = snap.files.find(path);
  if (it == snap.files.end()) return false;
  size_t at = it->second.bytes.find(from);
  if (at == std::string::npos) return false;
  it->second.bytes.replace(at, from.size(), to);
  it->second.blob_id.clear();
  return true;
}

}  // namespace cocoplane::compile::testing

#endif  // COCOPLANE_TESTS_COMPILE_COMPILE_TEST_UTIL_H_
