// Every diagnostic of the registry (base/diagnostic_kinds.def and the
// per-area files in base/diagnostics/*.def) has a failing case somewhere in
// tests/, and no ID sits in the registry unused.
//
// What counts as a failing case, read from the tree at test time:
// - a line of an expectation file: tests/cpl/testdata/fail/*.expect
//   ("CP4001 2:14"), tests/cpl/testdata/check/*/expect.txt and
//   tests/model/corpus/*/expect.txt ("CP5040 policies/rules.cpl:3:3");
// - a positioned assertion in a test source: a Brief()-style string
//   "CPnnnn file:line:col" (e.g. the generated corpus cases and
//   ElementsAre(...) checks), or "CPnnnn" followed by a file, a line and a
//   column argument (HasDiagnostic(sink, "CPnnnn", file, line, col) and the
//   tables built the same way).
// Diagnostics about a whole file (an oversized file, a symbolic link) have
// no line and column, and those about the whole repository or run (no
// Cluster document, CP1011) not even a file; their assertions say so with
// "file:0:0" and ":0:0" (HasDiagnostic(sink, id, "", 0, 0)).
//
// The areas this test guards strictly are the ones whose inputs the
// repository holds: files and syntax (CP1xxx), the model (CP2xxx), cross
// checks (CP3xxx), the CPL front end (CP4xxx) and checker (CP5xxx). The
// other areas (build CP6xxx, daemon configuration CP7xxx, policy test
// suites CP8xxx) may also be covered by a test that names the ID as a
// string literal or as DiagKind::kName: kOwnedElsewhere lists where.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace cocoplane {
namespace {

namespace fs = std::filesystem;

fs::path Root() { return fs::path(COCOPLANE_SOURCE_DIR); }

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// IDs of other areas and the test file that triggers each (path relative
// to the repository root). Keep sorted by ID.
const std::map<std::string, std::string> kOwnedElsewhere = {
    {"CP6002", "tests/compile/compile_change_test.cc"},
    {"CP6003", "tests/compile/compile_change_test.cc"},
    {"CP6004", "tests/compile/compile_change_test.cc"},
    {"CP6005", "tests/compile/compile_change_test.cc"},
    {"CP6006", "tests/compile/compile_change_test.cc"},
    {"CP6007", "tests/cpl/check/build_test.cc"},
    {"CP7001", "tests/config/config_test.cc"},
    {"CP7002", "tests/config/config_test.cc"},
    {"CP7003", "tests/config/config_test.cc"},
    {"CP7004", "tests/config/config_test.cc"},
    {"CP7005", "tests/config/config_test.cc"},
    {"CP8001", "tests/cpl/testing/load_test.cc"},
    {"CP8002", "tests/cpl/testing/load_test.cc"},
    {"CP8003", "tests/cpl/testing/load_test.cc"},
    {"CP8004", "tests/cpl/testing/load_test.cc"},
    {"CP8005", "tests/cpl/testing/load_test.cc"},
    {"CP8006", "tests/cpl/testing/load_test.cc"},
    {"CP8007", "tests/cpl/testing/load_test.cc"},
    {"CP8008", "tests/cpl/testing/load_test.cc"},
    {"CP8009", "tests/cpl/testing/load_test.cc"},
    {"CP8010", "tests/cpl/testing/load_test.cc"},
    {"CP8011", "tests/cpl/testing/load_test.cc"},
    {"CP8012", "tests/cpl/testing/load_test.cc"},
    {"CP8020", "tests/cpl/testing/runner_test.cc"},
    {"CP8021", "tests/cpl/testing/runner_test.cc"},
    {"CP8022", "tests/cpl/testing/runner_test.cc"},
};

bool StrictArea(std::string_view id) { return id < "CP6000"; }

// Where each ID has a positioned failing case: ID -> the files that hold one.
std::map<std::string, std::set<std::string>> PositionedCases() {
  std::map<std::string, std::set<std::string>> found;
  auto note = [&](const std::string& id, const fs::path& file) {
    found[id].insert(fs::relative(file, Root()).generic_string());
  };
  // Expectation files: the ID starts the line, a position follows.
  static const std::regex kExpectLine(R"(^(CP\d{4}) (\S*:)?\d+:\d+\s*$)");
  // Test sources; a computed column ends the literal with `" +`.
  static const std::regex kBrief(R"re("(CP\d{4}) [^"\s]*:\d+:(\d+"|"\s*\+))re");
  static const std::regex kArguments(R"re("(CP\d{4})",\s*[^,()\n]+,\s*\d+,\s*\d+\s*[,)}])re");
  for (const auto& entry : fs::recursive_directory_iterator(Root() / "tests")) {
    if (!entry.is_regular_file()) continue;
    const fs::path& path = entry.path();
    std::string name = path.filename().string();
    if (name == "registry_coverage_test.cc") continue;
    if (name == "expect.txt" || path.extension() == ".expect") {
      std::istringstream lines(Read(path));
      for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (std::regex_match(line, m, kExpectLine)) note(m[1], path);
      }
    } else if (path.extension() == ".cc" || path.extension() == ".h") {
      std::string text = Read(path);
      for (const std::regex* re : {&kBrief, &kArguments}) {
        for (std::sregex_iterator it(text.begin(), text.end(), *re), end; it != end; ++it) {
          note((*it)[1], path);
        }
      }
    }
  }
  return found;
}

TEST(RegistryCoverageTest, EveryDiagnosticOfTheRepositoryAreasHasAPositionedFailingCase) {
  std::map<std::string, std::set<std::string>> cases = PositionedCases();
  size_t strict = 0;
  for (const DiagKindInfo& info : AllDiagKinds()) {
    if (!StrictArea(info.id)) continue;
    ++strict;
    EXPECT_TRUE(cases.count(std::string(info.id)))
        << info.id << " (" << info.name << ") has no failing case that pins its position: add one "
        << "to a corpus (tests/model/corpus, tests/cpl/testdata) or remove the ID if nothing can "
        << "trigger it";
  }
  EXPECT_GE(strict, 100u);
}

TEST(RegistryCoverageTest, EveryDiagnosticOfTheOtherAreasIsTriggeredByTheListedTest) {
  for (const DiagKindInfo& info : AllDiagKinds()) {
    if (StrictArea(info.id)) continue;
    std::string id(info.id);
    auto listed = kOwnedElsewhere.find(id);
    if (listed == kOwnedElsewhere.end()) {
      ADD_FAILURE() << id << " (" << info.name << ") is not listed in kOwnedElsewhere: name the "
                    << "test that triggers it, or remove the ID if nothing can trigger it";
      continue;
    }
    fs::path file = Root() / listed->second;
    ASSERT_TRUE(fs::exists(file)) << listed->second << " (listed for " << id << ") does not exist";
    std::string text = Read(file);
    bool named = text.find("\"" + id) != std::string::npos ||
                 text.find("DiagKind::k" + std::string(info.name)) != std::string::npos;
    EXPECT_TRUE(named) << listed->second << " never names " << id << " (" << info.name << ")";
  }
}

TEST(RegistryCoverageTest, TheListOfOtherAreasHasNoStaleEntries) {
  std::set<std::string> registered;
  for (const DiagKindInfo& info : AllDiagKinds()) registered.insert(std::string(info.id));
  for (const auto& [id, file] : kOwnedElsewhere) {
    EXPECT_TRUE(registered.count(id)) << id << " is listed but not registered";
    EXPECT_FALSE(StrictArea(id)) << id << " belongs to a strictly checked area; give it a positioned case";
  }
}

TEST(RegistryCoverageTest, RecognisesTheFormsOfAPositionedCase) {
  std::map<std::string, std::set<std::string>> cases = PositionedCases();
  // One of each form, from files this test knows: an expect.txt line, a
  // fail/*.expect line, a Brief() string and HasDiagnostic arguments.
  EXPECT_TRUE(cases["CP5040"].count("tests/cpl/testdata/check/5040-contradiction/expect.txt"));
  EXPECT_TRUE(cases["CP4116"].count("tests/cpl/testdata/fail/fail_chained_comparison.expect"));
  EXPECT_TRUE(cases["CP1010"].count("tests/model/corpus_test.cc")) << "the alias bomb";
  EXPECT_TRUE(cases["CP2016"].count("tests/model/model_test.cc")) << "HasDiagnostic(...)";
}

}  // namespace
}  // namespace cocoplane
