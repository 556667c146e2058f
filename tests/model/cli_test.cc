// `cocoplane validate` as users run it: the real binary, its exit codes and
// both output formats.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "testing/shell.h"
#include "testing/temp_path.h"

namespace {

namespace fs = std::filesystem;

using Outcome = cocoplane::testing::ShellResult;

// Runs the binary with `args` (already shell-quoted where needed) and
// returns its exit code and standard output; standard error is discarded.
Outcome Validate(const std::string& args) {
  return cocoplane::testing::RunShell(std::string(COCOPLANE_BINARY) + " validate " + args +
                                      " 2>/dev/null");
}

std::string Examples() { return std::string(COCOPLANE_SOURCE_DIR) + "/examples/repo"; }

// A copy of examples/repo with one broken workload added, in a directory of
// its own per test (CTest runs tests in parallel processes).
fs::path BrokenRepo() {
  std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  fs::path dir = fs::path(cocoplane::testing::ProcessTempPath("cocoplane_cli_broken_" + test));
  fs::remove_all(dir);
  fs::copy(Examples(), dir, fs::copy_options::recursive);
  std::ofstream(dir / "workloads/broken.yaml") << "apiVersion: cocoplane.io/v1alpha1\n"
                                                  "kind: Workload\n"
                                                  "metadata:\n"
                                                  "  name: broken\n"
                                                  "spec:\n"
                                                  "  namespace: default\n"
                                                  "  podSelector:\n"
                                                  "    matchLabels: {app: broken}\n"
                                                  "  nodePool: snpp\n";
  return dir;
}

TEST(ValidateCliTest, TheExamplesRepositoryIsValid) {
  Outcome run = Validate(Examples());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(run.out, "0 errors, 0 warnings\n");
}

TEST(ValidateCliTest, TheExamplesRepositoryAsJsonIsAnEmptyList) {
  Outcome run = Validate("--output json " + Examples());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(nlohmann::json::parse(run.out), nlohmann::json::array());
}

TEST(ValidateCliTest, ErrorsExitOneWithFileLineColumnInText) {
  fs::path dir = BrokenRepo();
  Outcome run = Validate(dir.string());
  EXPECT_EQ(run.exit_code, 1);
  std::string expected =
      dir.string() + "/workloads/broken.yaml:9:13: error[CP3004]: no NodePool named \"snpp\"";
  EXPECT_NE(run.out.find(expected), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("did you mean \"snp\"?"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1 error, 0 warnings"), std::string::npos) << run.out;
  fs::remove_all(dir);
}

TEST(ValidateCliTest, ErrorsExitOneWithParsableJson) {
  fs::path dir = BrokenRepo();
  Outcome run = Validate("-o json " + dir.string());
  EXPECT_EQ(run.exit_code, 1);
  nlohmann::json diagnostics = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_FALSE(diagnostics.is_discarded()) << run.out;
  ASSERT_EQ(diagnostics.size(), 1u) << run.out;
  EXPECT_EQ(diagnostics[0]["id"], "CP3004");
  EXPECT_EQ(diagnostics[0]["severity"], "error");
  EXPECT_EQ(diagnostics[0]["file"], "workloads/broken.yaml");
  EXPECT_EQ(diagnostics[0]["line"], 9);
  EXPECT_EQ(diagnostics[0]["column"], 13);
  fs::remove_all(dir);
}

// The documents and the policies are checked in one run: a model mistake
// and a policy mistake are both reported, in file order.
TEST(ValidateCliTest, ReportsModelAndPolicyErrorsInOneRun) {
  fs::path dir = BrokenRepo();
  std::ofstream(dir / "policies/zz-broken.cpl")
      << "release \"default/enckey/*\" to workload sealed-secert-demo\n";
  Outcome run = Validate("-o json " + dir.string());
  EXPECT_EQ(run.exit_code, 1);
  nlohmann::json diagnostics = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_FALSE(diagnostics.is_discarded()) << run.out;
  ASSERT_EQ(diagnostics.size(), 2u) << run.out;
  EXPECT_EQ(diagnostics[0]["id"], "CP5005");
  EXPECT_EQ(diagnostics[0]["file"], "policies/zz-broken.cpl");
  EXPECT_EQ(diagnostics[0]["line"], 1);
  EXPECT_EQ(diagnostics[0]["column"], 40);
  EXPECT_NE(diagnostics[0]["hint"].get<std::string>().find("sealed-secret-demo"), std::string::npos)
      << run.out;
  EXPECT_EQ(diagnostics[1]["id"], "CP3004");
  EXPECT_EQ(diagnostics[1]["file"], "workloads/broken.yaml");
  fs::remove_all(dir);
}

TEST(ValidateCliTest, AMissingDirectoryExitsTwo) {
  Outcome run = Validate(std::string(COCOPLANE_SOURCE_DIR) + "/no/such/dir");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
}

TEST(ValidateCliTest, ABadFlagExitsTwo) {
  EXPECT_EQ(Validate("--output yaml " + Examples()).exit_code, 2);
}

}  // namespace
