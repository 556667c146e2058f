// The checker's golden cases: tests/cpl/testdata/check/<case>/ is a small
// desired-state repository (YAML documents and .cpl files) laid over
// _base/ (a valid shop: Cluster, TrusteeProfile, two NodePools, two
// Workloads, two KbsResources, ReferenceValues and policies/base.cpl; a
// case file with the same path replaces the base file; a .nobase file
// skips the base).
//
// expect.txt lists the exact diagnostics, model and checker alike, as
// "CPnnnn path:line:col" in sink order ("#" starts a comment). A case whose
// expect.txt is empty must compile cleanly; its IR must pass ir::Verify and,
// if the case has an ir.txt, match that dump (the independent checks of the
// same lowering are the inline tests in check_test.cc).
//
//   UPDATE_GOLDEN=1 ctest -R CheckGolden    rewrites expect.txt and ir.txt
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "cpl/check/check_testing.h"
#include "cpl/ir/verify.h"
#include "testing/matchers.h"

namespace cocoplane::cpl {
namespace {

namespace fs = std::filesystem;
using namespace cocoplane::cpl::testing;  // NOLINT: test helpers

constexpr const char* kExpectHeader = "# Expected diagnostics, one per line: CPnnnn path:line:col\n";

std::vector<std::string> ReadExpect(const fs::path& file) {
  std::vector<std::string> lines;
  std::istringstream in(ReadFile(file));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(CheckData())) {
    std::string name = entry.path().filename().string();
    if (entry.is_directory() && !name.starts_with("_")) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

class CheckGoldenTest : public ::testing::TestWithParam<std::string> {};

// The diagnostics match expect.txt; a case without errors lowers to an IR
// that passes ir::Verify and, if it has an ir.txt, matches that dump.
TEST_P(CheckGoldenTest, ReportsTheExpectedDiagnosticsAndLowersCleanCases) {
  fs::path dir = CheckData() / GetParam();
  Compiled c = Compile(CaseSnapshot(dir));
  std::vector<std::string> actual = Brief(c.sink);
  if (UpdateGolden()) {
    std::string text = kExpectHeader;
    for (const std::string& line : actual) text += line + "\n";
    WriteFile(dir / "expect.txt", text);
  } else {
    ASSERT_TRUE(fs::exists(dir / "expect.txt")) << dir;
    EXPECT_EQ(actual, ReadExpect(dir / "expect.txt")) << ::cocoplane::testing::Describe(c.sink);
  }
  for (const Diagnostic& d : c.sink.diagnostics()) {
    if (!d.id().starts_with("CP5")) continue;
    EXPECT_FALSE(d.message.empty()) << d.id();
    EXPECT_FALSE(d.hint.empty()) << d.id() << " " << d.message;
    EXPECT_TRUE(d.location.has_position()) << d.id() << " " << d.message;
  }
  if (c.sink.has_errors()) return;
  FillBindings(c.policy);
  EXPECT_OK(ir::Verify(c.policy));
  std::string dump = DumpPolicy(c.policy);
  if (UpdateGolden() && GetParam().starts_with("ok-")) WriteFile(dir / "ir.txt", dump);
  if (fs::exists(dir / "ir.txt")) {
    EXPECT_EQ(dump, ReadFile(dir / "ir.txt"));
  }
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, CheckGoldenTest, ::testing::ValuesIn(CaseNames()), TestName);

TEST(CheckGoldenCorpusTest, HasThirtyCasesAndOkCasesAreClean) {
  std::vector<std::string> names = CaseNames();
  EXPECT_GE(names.size(), 30u);
  for (const std::string& name : names) {
    if (!name.starts_with("ok-")) continue;
    EXPECT_TRUE(ReadExpect(CheckData() / name / "expect.txt").empty()) << name << " must expect nothing";
  }
}

// Every CP5xxx of the registry has a case that triggers it.
TEST(CheckGoldenCorpusTest, EveryCheckerDiagnosticHasAFailingCase) {
  std::set<std::string> covered;
  for (const std::string& name : CaseNames()) {
    for (const std::string& line : ReadExpect(CheckData() / name / "expect.txt")) {
      covered.insert(line.substr(0, line.find(' ')));
    }
  }
  size_t kinds = 0;
  for (const DiagKindInfo& info : AllDiagKinds()) {
    if (!info.id.starts_with("CP5")) continue;
    ++kinds;
    EXPECT_TRUE(covered.count(std::string(info.id)))
        << info.id << " (" << info.name << ") has no case in tests/cpl/testdata/check/";
  }
  EXPECT_GE(kinds, 30u);
}

}  // namespace
}  // namespace cocoplane::cpl
