// A scratch file name no other test process uses, removed when the process
// that asked for it exits.
//
// ctest runs every test case as its own process and several at once (-j), so
// a fixed name under ::testing::TempDir() is shared by whichever cases run
// together: one overwrites the other's input and both read garbage. Every
// name therefore lives in a directory private to the running process,
// <TempDir>/cocoplane-test-<pid>/, which goes away at exit, so that running
// the suites again and again does not fill /tmp. A child forked by a test
// shares the directory but never removes it: only the process that made it
// does.
#ifndef COCOPLANE_TESTING_TEMP_PATH_H_
#define COCOPLANE_TESTING_TEMP_PATH_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace cocoplane::testing {

namespace temp_path_internal {

struct ProcessDirectory {
  pid_t owner;
  std::string path;
};

// Allocated once and never freed: the exit handler below runs after static
// destructors of objects made before it, so the path must outlive them all.
inline ProcessDirectory* Directory() {
  static ProcessDirectory* directory = [] {
    auto* made = new ProcessDirectory{
        getpid(), ::testing::TempDir() + "/cocoplane-test-" + std::to_string(getpid())};
    std::error_code ignored;
    std::filesystem::create_directories(made->path, ignored);
    std::atexit([] {
      ProcessDirectory* d = Directory();
      if (getpid() != d->owner) return;
      std::error_code ec;
      std::filesystem::remove_all(d->path, ec);
    });
    return made;
  }();
  return directory;
}

}  // namespace temp_path_internal

inline std::string ProcessTempPath(std::string_view name) {
  return temp_path_internal::Directory()->path + "/" + std::string(name);
}

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTING_TEMP_PATH_H_
