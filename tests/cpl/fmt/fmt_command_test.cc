// `cocoplane fmt`, run in-process through RunCli on files in a temporary
// directory: rewriting, --check, directories, and the exit codes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cpl/fmt/format.h"

namespace cocoplane::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kUgly[] = "const   a=[1 ,2]\n";
constexpr char kPretty[] = "const a = [1, 2]\n";

class FmtCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cocoplane-fmt-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  void Write(const std::string& name, const std::string& text) const {
    fs::create_directories(fs::path(Path(name)).parent_path());
    std::ofstream(Path(name), std::ios::binary) << text;
  }

  std::string Read(const std::string& name) const {
    std::ifstream in(Path(name), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  int Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"cocoplane", "fmt"});
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    out_.str("");
    err_.str("");
    return RunCli(static_cast<int>(argv.size()), argv.data(), CliIo{out_, err_, false});
  }

  fs::path dir_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(FmtCommandTest, RewritesFilesInPlaceAndLeavesFormattedOnesAlone) {
  Write("a.cpl", kUgly);
  Write("b.cpl", kPretty);
  EXPECT_EQ(Run({Path("a.cpl"), Path("b.cpl")}), kExitOk);
  EXPECT_EQ(Read("a.cpl"), kPretty);
  EXPECT_EQ(Read("b.cpl"), kPretty);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), "");
  EXPECT_FALSE(fs::exists(Path("a.cpl.cocoplane-fmt.tmp")));
}

TEST_F(FmtCommandTest, CheckListsFilesThatWouldChangeAndWritesNothing) {
  Write("a.cpl", kUgly);
  Write("b.cpl", kPretty);
  EXPECT_EQ(Run({"--check", Path("a.cpl"), Path("b.cpl")}), kExitFound);
  EXPECT_EQ(out_.str(), Path("a.cpl") + "\n");
  EXPECT_EQ(Read("a.cpl"), kUgly);
}

TEST_F(FmtCommandTest, CheckExitsZeroWhenEverythingIsFormatted) {
  Write("b.cpl", kPretty);
  EXPECT_EQ(Run({"--check", Path("b.cpl")}), kExitOk);
  EXPECT_EQ(out_.str(), "");
}

TEST_F(FmtCommandTest, ExpandsDirectoriesToTheirCplFilesInOrder) {
  Write("policies/z.cpl", kUgly);
  Write("policies/sub/a.cpl", kUgly);
  Write("policies/readme.md", kUgly);
  EXPECT_EQ(Run({"--check", Path("policies")}), kExitFound);
  EXPECT_EQ(out_.str(), Path("policies") + "/sub/a.cpl\n" + Path("policies") + "/z.cpl\n");
  EXPECT_EQ(Run({Path("policies")}), kExitOk);
  EXPECT_EQ(Read("policies/z.cpl"), kPretty);
  EXPECT_EQ(Read("policies/readme.md"), kUgly);
}

TEST_F(FmtCommandTest, ParseErrorsExitTwoWithRenderedDiagnosticsAndKeepTheFile) {
  Write("bad.cpl", "const a 1\n");
  Write("a.cpl", kUgly);
  EXPECT_EQ(Run({Path("bad.cpl"), Path("a.cpl")}), kExitError);
  EXPECT_NE(err_.str().find(Path("bad.cpl") + ":1:9: error[CP4101]"), std::string::npos)
      << err_.str();
  EXPECT_NE(err_.str().find(" 1 | const a 1"), std::string::npos) << err_.str();
  EXPECT_EQ(Read("bad.cpl"), "const a 1\n");
  // Other files are still formatted.
  EXPECT_EQ(Read("a.cpl"), kPretty);
}

TEST_F(FmtCommandTest, AMissingFileIsAnIoError) {
  EXPECT_EQ(Run({Path("nope.cpl")}), kExitError);
  EXPECT_NE(err_.str().find("cannot read"), std::string::npos);
}

TEST_F(FmtCommandTest, WarningsArePrintedButDoNotFail) {
  Write("w.cpl", "## detached\n\nconst a = 1\n");
  EXPECT_EQ(Run({"--check", Path("w.cpl")}), kExitOk);
  EXPECT_NE(err_.str().find("warning[CP4111]"), std::string::npos) << err_.str();
}

TEST_F(FmtCommandTest, RequiresAtLeastOnePath) {
  EXPECT_EQ(Run({}), kExitError);
}

// Every golden input that parses — the syntax corpus's ok cases, the
// checker's cases, the fuzz seeds and examples/repo's policies — is copied
// here and formatted with `cocoplane fmt`; a second run must find nothing
// to change (`--check` exits 0) and leave every byte as the first wrote it.
TEST_F(FmtCommandTest, IsIdempotentOnEveryGoldenInput) {
  fs::path root(COCOPLANE_SOURCE_DIR);
  size_t copied = 0;
  for (const char* tree : {"tests/cpl/testdata/ok", "tests/cpl/testdata/check", "tests/fuzz/corpus", "examples"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / tree)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".cpl") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      // Inputs with syntax errors are not the formatter's (it refuses them).
      DiagnosticSink sink;
      if (!cpl::FormatSource(entry.path().string(), text.str(), sink)) continue;
      Write("golden/" + std::to_string(copied++) + ".cpl", text.str());
    }
  }
  ASSERT_GE(copied, 100u);
  ASSERT_EQ(Run({Path("golden")}), kExitOk) << err_.str();
  std::vector<std::string> once;
  for (size_t i = 0; i < copied; ++i) once.push_back(Read("golden/" + std::to_string(i) + ".cpl"));
  EXPECT_EQ(Run({"--check", Path("golden")}), kExitOk) << out_.str();
  EXPECT_EQ(out_.str(), "");
  ASSERT_EQ(Run({Path("golden")}), kExitOk) << err_.str();
  for (size_t i = 0; i < copied; ++i) {
    EXPECT_EQ(Read("golden/" + std::to_string(i) + ".cpl"), once[i]) << "golden/" << i << ".cpl";
  }
}

}  // namespace
}  // namespace cocoplane::cli
