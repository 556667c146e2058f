// Every example in policy-lang/SPEC.md is executable: ```cpl blocks must
// parse without any diagnostic and already be in canonical format;
// ```cpl-fail blocks must produce at least one diagnostic.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cpl/fmt/format.h"
#include "cpl/parse/parser.h"
#include "testing/matchers.h"

namespace cocoplane::cpl {
namespace {

using ::cocoplane::testing::Describe;

struct Example {
  bool should_fail;
  unsigned line;  // of the opening fence, for messages
  std::string text;
};

std::vector<Example> ExtractExamples(const std::string& markdown) {
  std::vector<Example> out;
  std::istringstream in(markdown);
  std::string line;
  unsigned number = 0;
  Example* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (open) {
      if (line == "```") {
        open = nullptr;
      } else {
        open->text += line + "\n";
      }
    } else if (line == "```cpl" || line == "```cpl-fail") {
      out.push_back({line == "```cpl-fail", number, ""});
      open = &out.back();
    }
  }
  return out;
}

std::vector<Example> SpecExamples() {
  std::ifstream file(std::string(COCOPLANE_SOURCE_DIR) + "/policy-lang/SPEC.md");
  std::stringstream text;
  text << file.rdbuf();
  return ExtractExamples(text.str());
}

TEST(SpecExamplesTest, ExtractsFencedBlocksByTag) {
  auto examples = ExtractExamples("x\n```cpl\nconst a = 1\n```\n```rego\nno\n```\n```cpl-fail\nz\n```\n");
  ASSERT_EQ(examples.size(), 2u);
  EXPECT_FALSE(examples[0].should_fail);
  EXPECT_EQ(examples[0].text, "const a = 1\n");
  EXPECT_EQ(examples[0].line, 2u);
  EXPECT_TRUE(examples[1].should_fail);
}

TEST(SpecExamplesTest, SpecHasExamplesOfBothKinds) {
  auto examples = SpecExamples();
  size_t failing = 0;
  for (const Example& e : examples) failing += e.should_fail;
  EXPECT_GE(examples.size() - failing, 12u);
  EXPECT_GE(failing, 5u);
}

TEST(SpecExamplesTest, EveryCplExampleParsesCleanlyAndIsCanonical) {
  for (const Example& e : SpecExamples()) {
    if (e.should_fail) continue;
    DiagnosticSink sink;
    Ast ast = ParseFile("SPEC.md", e.text, sink);
    EXPECT_TRUE(sink.empty()) << "example at SPEC.md:" << e.line << "\n" << Describe(sink);
    if (sink.empty()) {
      EXPECT_EQ(Format(ast), e.text) << "example at SPEC.md:" << e.line << " is not formatted";
    }
  }
}

TEST(SpecExamplesTest, EveryCplFailExampleIsDiagnosed) {
  for (const Example& e : SpecExamples()) {
    if (!e.should_fail) continue;
    DiagnosticSink sink;
    ParseFile("SPEC.md", e.text, sink);
    EXPECT_FALSE(sink.empty()) << "example at SPEC.md:" << e.line << " parsed without diagnostics";
  }
}

}  // namespace
}  // namespace cocoplane::cpl
