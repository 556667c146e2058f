// Release facts for plan tests, spelled as the CPL rules they stand for.
#ifndef COCOPLANE_TESTS_PLAN_RELEASE_FACT_TESTING_H_
#define COCOPLANE_TESTS_PLAN_RELEASE_FACT_TESTING_H_

#include <string>
#include <vector>

#include "compile/bundle.h"

namespace cocoplane::plan::testing {

// release "<resource>" to workload(s) <workloads> when { <conditions> }
inline compile::ReleaseFact Allow(std::string resource, std::vector<std::string> workloads,
                                  std::string conditions = "") {
  return {false, std::move(resource), std::move(workloads), std::move(conditions)};
}

// deny "<resource>" when { <conditions> }
inline compile::ReleaseFact Deny(std::string resource, std::string conditions) {
  return {true, std::move(resource), {}, std::move(conditions)};
}

}  // namespace cocoplane::plan::testing

#endif  // COCOPLANE_TESTS_PLAN_RELEASE_FACT_TESTING_H_
