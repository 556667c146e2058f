// TOML fragments are syntax-checked with toml++, depth-checked first.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "model/limits.h"
#include "model/loaders.h"
#include "model_testing.h"

namespace cocoplane::model {
namespace {

using cocoplane::testing::Brief;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(TomlCheckTest, AcceptsValidToml) {
  DiagnosticSink sink;
  EXPECT_TRUE(CheckToml("f.toml",
                        "# brackets in strings and comments do not count: [[[\n"
                        "[image]\n"
                        "name = \"a [b] {c}\"\n"
                        "raw = '''[[[ {{{'''\n"
                        "list = [[1, 2], [3]]\n",
                        sink));
  EXPECT_THAT(Brief(sink), IsEmpty());
}

TEST(TomlCheckTest, ReportsSyntaxErrorsWithPosition) {
  DiagnosticSink sink;
  EXPECT_FALSE(CheckToml("f.toml", "[a]\nx = 1\nx = 2\n", sink));
  // toml++'s own position: where it noticed the redefinition.
  EXPECT_THAT(Brief(sink), ElementsAre("CP1002 f.toml:3:5"));
  EXPECT_EQ(sink.diagnostics()[0].message,
            "Error while parsing key-value pair: cannot redefine existing integer 'x'");
}

TEST(TomlCheckTest, StopsAtTheDepthLimitBeforeParsing) {
  std::string text = "a = " + std::string(10000, '[') + std::string(10000, ']') + "\n";
  DiagnosticSink sink;
  EXPECT_FALSE(CheckToml("deep.toml", text, sink));
  EXPECT_THAT(Brief(sink), ElementsAre("CP1009 deep.toml:1:" + std::to_string(4 + kMaxDepth + 1)));
}

}  // namespace
}  // namespace cocoplane::model
