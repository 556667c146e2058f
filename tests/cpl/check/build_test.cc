// What a checked policy can still get wrong at build time: a value the
// checker lets through that an artifact generator refuses is reported as
// CP6007 at the document the artifact belongs to, and nothing is built.
#include <gtest/gtest.h>

#include "compile/compiler.h"
#include "cpl/check/check_testing.h"
#include "testing/matchers.h"

namespace cocoplane::cpl {
namespace {

using namespace cocoplane::cpl::testing;  // NOLINT: test helpers
using ::cocoplane::testing::Describe;
using ::cocoplane::testing::HasDiagnostic;

TEST(CheckBuildTest, TheBaseRepositoryBuilds) {
  DiagnosticSink sink;
  EXPECT_TRUE(compile::Compile(BaseWith({}), {}, sink).has_value()) << Describe(sink);
  EXPECT_FALSE(sink.has_errors()) << Describe(sink);
}

// A kernel parameter is any CPL string, but the Kata drop-in holds one line
// of text (kata_dropin.cc): a tab written as an escape reaches the
// generator, which refuses it.
TEST(CheckBuildTest, AKernelParameterTheDropInCannotHoldIsAnArtifactError) {
  DiagnosticSink sink;
  std::optional<compile::Compilation> built = compile::Compile(
      BaseWith({{"policies/pools.cpl", "pool snp-pool {\n  kernel_params [\"agent.log=info\\tdebug\"]\n}\n"}}), {},
      sink);
  EXPECT_FALSE(built.has_value());
  EXPECT_TRUE(HasDiagnostic(sink, "CP6007", "pools/pools.yaml", 1, 1)) << Describe(sink);
}

}  // namespace
}  // namespace cocoplane::cpl
