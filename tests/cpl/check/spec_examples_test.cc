// Every ```cpl example of policy-lang/SPEC.md compiles: each block is
// checked, together with the model's YAML, against
// testdata/check/_spec_model/ (the workloads, pools, KBS resources and
// reference values the examples name), with §9.1 (the shared consts)
// present as policies/common.cpl so that imports resolve. No example may
// produce an error; warnings are allowed (e.g. resources an example leaves
// unreleased). The examples are read from SPEC.md at test time, as the
// front end's parse test does, so the document cannot drift from the
// checker. (tests/cpl/parse/spec_examples_test.cc checks that every block
// parses, is canonically formatted, and that ```cpl-fail blocks fail.)
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "cpl/check/check_testing.h"
#include "testing/matchers.h"

namespace cocoplane::cpl {
namespace {

using namespace cocoplane::cpl::testing;  // NOLINT: test helpers
using ::cocoplane::testing::Describe;

struct Example {
  // "9.2", from the "### 9.2 ..." heading above the block.
  std::string section;
  unsigned line = 0;
  std::string text;
};

std::vector<Example> CplExamples() {
  std::istringstream in(ReadFile(std::filesystem::path(COCOPLANE_SOURCE_DIR) / "policy-lang/SPEC.md"));
  std::vector<Example> out;
  std::string section;
  Example* open = nullptr;
  unsigned number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (open != nullptr) {
      if (line == "```") {
        open = nullptr;
      } else {
        open->text += line + "\n";
      }
      continue;
    }
    if (line.starts_with("### ")) section = line.substr(4, line.find(' ', 4) - 4);
    if (line == "```cpl") {
      out.push_back({section, number, ""});
      open = &out.back();
    }
  }
  return out;
}

const Example* SharedConsts(const std::vector<Example>& examples) {
  for (const Example& e : examples) {
    if (e.section == "9.1") return &e;
  }
  return nullptr;
}

Compiled CheckExample(const Example& e, const std::string& common) {
  Snapshot snapshot;
  AddDirectory(CheckData() / "_spec_model", snapshot);
  std::vector<std::pair<std::string, std::string>> files = {{"policies/common.cpl", common}};
  if (e.section != "9.1") files.push_back({"policies/example.cpl", e.text});
  for (auto& [path, text] : files) {
    SnapshotFile file;
    file.bytes = text;
    file.size = text.size();
    snapshot.files[path] = std::move(file);
  }
  return Compile(snapshot);
}

TEST(CheckSpecExamplesTest, TheSpecHasExamplesForEveryDeclarationAndUse) {
  std::set<std::string> sections;
  for (const Example& e : CplExamples()) sections.insert(e.section);
  for (const char* s : {"4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "9.1", "9.2", "9.3", "9.4", "9.5", "9.6", "9.7"}) {
    EXPECT_TRUE(sections.count(s)) << "no ```cpl example in SPEC.md §" << s;
  }
}

TEST(CheckSpecExamplesTest, EveryExampleChecksAgainstTheModelWithoutErrors) {
  std::vector<Example> examples = CplExamples();
  const Example* common = SharedConsts(examples);
  ASSERT_NE(common, nullptr) << "SPEC.md §9.1 (the shared consts) is missing";
  for (const Example& e : examples) {
    SCOPED_TRACE("SPEC.md:" + std::to_string(e.line) + " (§" + e.section + ")");
    Compiled c = CheckExample(e, common->text);
    EXPECT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  }
}

// The examples lower to what the text says they mean; a sample of the
// constructs the spec promises (the full semantics are check_test.cc's).
TEST(CheckSpecExamplesTest, TheAlternativesExampleLowersEvidenceTestsAndNegation) {
  std::vector<Example> examples = CplExamples();
  const Example* common = SharedConsts(examples);
  ASSERT_NE(common, nullptr);
  for (const Example& e : examples) {
    if (e.section != "9.4") continue;
    Compiled c = CheckExample(e, common->text);
    ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
    ASSERT_EQ(c.policy.releases.size(), 2u) << "one IR rule per `any` alternative";
    std::string dump = DumpPolicy(c.policy);
    EXPECT_NE(dump.find("snp.policy_debug_allowed == false"), std::string::npos) << dump;
    EXPECT_NE(dump.find("tdx.td_attributes.debug == false"), std::string::npos) << dump;
    EXPECT_NE(dump.find("not (init_data_claims.\"aa.toml\".token_configs.kbs.url matches \"^http://\")"),
              std::string::npos)
        << dump;
    return;
  }
  FAIL() << "no §9.4 example";
}

}  // namespace
}  // namespace cocoplane::cpl
