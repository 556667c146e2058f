// A scratch file name no other test process uses.
//
// ctest runs every test case as its own process and several at once (-j), so
// a fixed name under ::testing::TempDir() is shared by whichever cases run
// together: one overwrites the other's input and both read garbage. The
// process id makes the name private to the running case.
#ifndef COCOPLANE_TESTING_TEMP_PATH_H_
#define COCOPLANE_TESTING_TEMP_PATH_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <string_view>

namespace cocoplane::testing {

inline std::string ProcessTempPath(std::string_view name) {
  return ::testing::TempDir() + "/" + std::to_string(getpid()) + "_" + std::string(name);
}

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTING_TEMP_PATH_H_
