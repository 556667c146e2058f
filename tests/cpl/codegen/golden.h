// Golden-file comparison for the codegen tests. Goldens live in
// tests/cpl/codegen/testdata/; run a test with UPDATE_GOLDEN=1 to rewrite
// them, then review the diff. Every golden test also runs the structural
// checker (rego_check.h), so a golden is never the only check.
#ifndef COCOPLANE_TESTS_CPL_CODEGEN_GOLDEN_H_
#define COCOPLANE_TESTS_CPL_CODEGEN_GOLDEN_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace cocoplane::cpl::testing {

inline void ExpectGolden(const std::string& name, const std::string& actual) {
  std::string path = std::string(COCOPLANE_SOURCE_DIR) + "/tests/cpl/codegen/testdata/" + name;
  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << path << " missing; run with UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), actual) << name << " differs; run with UPDATE_GOLDEN=1 and review the diff";
}

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_TESTS_CPL_CODEGEN_GOLDEN_H_
