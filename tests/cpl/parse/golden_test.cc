// The golden corpus in tests/cpl/testdata/, run by one data-driven test.
//
//   ok/<name>.cpl            must parse with no diagnostic at all; its
//                            formatted text must equal <name>.fmt.cpl when
//                            that file exists, else the input itself.
//   fail/fail_<name>.cpl     its diagnostics must be exactly the lines of
//   fail/fail_<name>.expect  fail_<name>.expect, "CPnnnn line:col" each,
//                            in file order.
//
// UPDATE_GOLDEN=1 rewrites every .expect and .fmt.cpl from the current
// output (and deletes a .fmt.cpl that equals its input); review the diff.
// The independent checks that keep the goldens honest are in this file
// (registry coverage) and in fmt/format_test.cc (the formatted text parses
// to the same tree, and formatting is idempotent).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cpl/fmt/format.h"
#include "cpl/parse/parser.h"
#include "testing/matchers.h"

namespace cocoplane::cpl {
namespace {

namespace fs = std::filesystem;
using ::cocoplane::testing::Describe;

fs::path TestData() { return fs::path(COCOPLANE_SOURCE_DIR) / "tests/cpl/testdata"; }

bool UpdateGolden() {
  const char* v = std::getenv("UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Files in `dir` ending in `suffix`, sorted, excluding those ending in
// `exclude`.
std::vector<fs::path> Files(const fs::path& dir, const std::string& suffix,
                            const std::string& exclude = "\x01") {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    auto ends = [&](const std::string& s) {
      return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    if (ends(suffix) && !ends(exclude)) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Expectations(const DiagnosticSink& sink) {
  std::string out;
  for (const Diagnostic& d : sink.diagnostics()) {
    out += std::string(d.id()) + " " + std::to_string(d.location.line) + ":" +
           std::to_string(d.location.column) + "\n";
  }
  return out;
}

TEST(CplGoldenTest, OkCasesParseCleanlyAndFormatAsExpected) {
  auto cases = Files(TestData() / "ok", ".cpl", ".fmt.cpl");
  EXPECT_GE(cases.size(), 25u);
  for (const fs::path& input : cases) {
    SCOPED_TRACE(input.filename().string());
    std::string text = ReadFile(input);
    DiagnosticSink sink;
    Ast ast = ParseFile("ok/" + input.filename().string(), text, sink);
    EXPECT_TRUE(sink.empty()) << Describe(sink);
    if (!sink.empty()) continue;
    std::string formatted = Format(ast);
    fs::path golden = input;
    golden.replace_extension(".fmt.cpl");
    if (UpdateGolden()) {
      if (formatted == text) {
        fs::remove(golden);
      } else {
        WriteFile(golden, formatted);
      }
      continue;
    }
    std::string expected = fs::exists(golden) ? ReadFile(golden) : text;
    EXPECT_EQ(formatted, expected);
  }
}

TEST(CplGoldenTest, FailCasesReportExactlyTheExpectedDiagnostics) {
  auto cases = Files(TestData() / "fail", ".cpl");
  EXPECT_GE(cases.size(), 25u);
  for (const fs::path& input : cases) {
    SCOPED_TRACE(input.filename().string());
    EXPECT_EQ(input.filename().string().rfind("fail_", 0), 0u) << "name must start with fail_";
    DiagnosticSink sink;
    ParseFile("fail/" + input.filename().string(), ReadFile(input), sink);
    sink.Sort();
    EXPECT_FALSE(sink.empty());
    fs::path expect = input;
    expect.replace_extension(".expect");
    if (UpdateGolden()) {
      WriteFile(expect, Expectations(sink));
      continue;
    }
    ASSERT_TRUE(fs::exists(expect)) << "missing " << expect;
    EXPECT_EQ(Expectations(sink), ReadFile(expect)) << Describe(sink);
    for (const Diagnostic& d : sink.diagnostics()) {
      EXPECT_EQ(d.location.file, "fail/" + input.filename().string());
      EXPECT_FALSE(d.message.empty());
    }
  }
}

// Every CP4xxx in the registry has a failing case that pins it.
TEST(CplGoldenTest, EverySyntaxDiagnosticHasAFailingCase) {
  std::set<std::string> covered;
  for (const fs::path& expect : Files(TestData() / "fail", ".expect")) {
    std::istringstream lines(ReadFile(expect));
    std::string id;
    std::string position;
    while (lines >> id >> position) covered.insert(id);
  }
  size_t syntax_kinds = 0;
  for (const DiagKindInfo& info : AllDiagKinds()) {
    if (info.id.substr(0, 3) != "CP4") continue;
    ++syntax_kinds;
    EXPECT_TRUE(covered.count(std::string(info.id)))
        << info.id << " (" << info.name << ") has no case in tests/cpl/testdata/fail/";
  }
  EXPECT_GE(syntax_kinds, 20u);
}

}  // namespace
}  // namespace cocoplane::cpl
