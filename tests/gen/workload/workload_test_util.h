// Helpers shared by the workload generator tests: independent checks that do
// not go through the code under test (toml++ parsing, coreutils digests).
#ifndef COCOPLANE_TESTS_GEN_WORKLOAD_WORKLOAD_TEST_UTIL_H_
#define COCOPLANE_TESTS_GEN_WORKLOAD_WORKLOAD_TEST_UTIL_H_

#include <stdio.h>
#include <stdlib.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "testing/shell.h"

namespace cocoplane::gen::workload::testing {

// Parses with toml++ (an independent TOML 1.0 parser); nullopt on error.
inline std::optional<toml::table> ParseToml(std::string_view text) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
}

// A file under /tmp holding `bytes`, removed when the object goes away.
class TempFile {
 public:
  explicit TempFile(std::string_view bytes) {
    char path[] = "/tmp/cocoplane-workload-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return;
    path_ = path;
    ok_ = write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    close(fd);
  }
  ~TempFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

// Runs `command` through the shell and returns what it printed on stdout.
inline std::string RunCommand(const std::string& command) {
  return cocoplane::testing::RunShell(command).out;
}

// Runs `<tool> <file>` (sha256sum & co.) over `bytes` and returns the hex
// digest it prints: an implementation independent of crypto::Digest.
inline std::string CoreutilsDigest(const std::string& tool, std::string_view bytes) {
  TempFile file(bytes);
  if (!file.ok()) return "cannot write temp file";
  std::string output = RunCommand(tool + " " + file.path());
  return output.substr(0, output.find(' '));
}

inline std::string ReadTestData(const std::string& name) {
  std::ifstream in(std::string(COCOPLANE_SOURCE_DIR) + "/tests/gen/workload/testdata/" + name,
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace cocoplane::gen::workload::testing

#endif  // COCOPLANE_TESTS_GEN_WORKLOAD_WORKLOAD_TEST_UTIL_H_
