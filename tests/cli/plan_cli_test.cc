// `cocoplane plan --base REV --head REV` on a Git repository built with
// libgit2 (no git CLI, no checkout), as a pull-request job runs it:
//
//   c0  examples/repo plus a database password (file source) and token (env
//       source) and a rule releasing the password to encrypted-volume
//   c1  add a workload: payments-api
//   c2  widen a release rule: the password also to payments-api, and on TDX
//   c3  change payments-api's memory
//
// For each pair: the exit code (0 none, 1 changes, 2 errors), the semantic
// summary lines, the JSON validated against schemas/output/plan.schema.json
// (valijson), and that the canary secret values appear in no format.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>
#include <vector>

#include "cli/cli.h"
#include "cli/libgit2_repo.h"
#include "testing/temp_path.h"

namespace cocoplane::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using testing::Files;
using ::testing::HasSubstr;
using testing::Libgit2Repo;

constexpr char kFileCanary[] = "CANARY-file-7f3a9c2e51d04b8f";
constexpr char kEnvCanary[] = "CANARY-env-c81e4d09a2b7f365";
constexpr char kEnvName[] = "COCOPLANE_PLAN_TEST_DB_TOKEN";

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// examples/repo without its tests/ (plan does not read them).
Files ExampleFiles() {
  Files files;
  fs::path root = fs::path(COCOPLANE_SOURCE_DIR) / "examples/repo";
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string rel = fs::relative(e.path(), root).generic_string();
    if (e.is_regular_file() && !rel.starts_with("tests/")) files[rel] = Read(e.path());
  }
  return files;
}

std::string DbResources(const std::string& secret_file) {
  return "apiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\nmetadata:\n  name: db-password\n"
         "spec:\n  path: default/db/password\n  kind: credential\n  source:\n    file: " +
         secret_file +
         "\n---\napiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\nmetadata:\n"
         "  name: db-token\nspec:\n  path: default/db/token\n  kind: credential\n  source:\n"
         "    env: " +
         kEnvName + "\n";
}

constexpr char kDbRule[] =
    "## The payments database password.\n"
    "release \"default/db/password\" to workload encrypted-volume when {\n"
    "  tee == snp\n"
    "  ear.status == affirming\n"
    "}\n";

constexpr char kDbRuleWidened[] =
    "## The payments database password.\n"
    "release \"default/db/password\" to workloads [encrypted-volume, payments-api] when {\n"
    "  tee in [snp, tdx]\n"
    "  ear.status == affirming\n"
    "}\n";

std::string PaymentsApi(int memory_mib) {
  return "apiVersion: cocoplane.io/v1alpha1\nkind: Workload\nmetadata:\n  name: payments-api\n"
         "spec:\n  namespace: payments\n  podSelector:\n    matchLabels:\n      app: payments-api\n"
         "  nodePool: snp\n  memoryMiB: " +
         std::to_string(memory_mib) +
         "\n  containers:\n    - api\n  imagePolicy: org-images\n  secrets:\n    - db-password\n"
         "  agentPolicy: strict_service\n";
}

struct PlanRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

PlanRun Plan(const std::vector<std::string>& args) {
  std::vector<const char*> argv = {"cocoplane", "plan"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  PlanRun run;
  run.exit_code = RunCli(static_cast<int>(argv.size()), argv.data(), CliIo{out, err, false});
  run.out = out.str();
  run.err = err.str();
  return run;
}

// The summary lines of the JSON output.
std::vector<std::string> SummaryOf(const std::string& json) {
  return nlohmann::json::parse(json)["summary"]["lines"].get<std::vector<std::string>>();
}

// "" when `json` is valid against plan.schema.json, else the errors.
std::string SchemaErrors(const std::string& json) {
  nlohmann::json schema_doc = nlohmann::json::parse(
      Read(fs::path(COCOPLANE_SOURCE_DIR) / "schemas/output/plan.schema.json"));
  valijson::Schema schema;
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
  parser.populateSchema(schema_adapter, schema);
  nlohmann::json doc = nlohmann::json::parse(json);
  valijson::adapters::NlohmannJsonAdapter doc_adapter(doc);
  valijson::Validator validator;
  valijson::ValidationResults results;
  if (validator.validate(schema, doc_adapter, &results)) return "";
  std::string out;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) out += e.description + "\n";
  return out;
}

class PlanCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::path(cocoplane::testing::ProcessTempPath("cocoplane_plan_cli_test")));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    // The values exist where apply would read them; plan must not.
    std::ofstream(*dir_ / "db-password.txt") << kFileCanary;
    setenv(kEnvName, kEnvCanary, 1);
    Libgit2Repo git((*dir_ / "repo.git").string());
    Files files = ExampleFiles();
    files["resources/db.yaml"] = DbResources((*dir_ / "db-password.txt").string());
    files["policies/db.cpl"] = kDbRule;
    commits_ = new std::vector<std::string>;
    commits_->push_back(git.Commit(files, "base"));
    files["workloads/payments-api.yaml"] = PaymentsApi(4096);
    commits_->push_back(git.Commit(files, "add a workload"));
    files["policies/db.cpl"] = kDbRuleWidened;
    commits_->push_back(git.Commit(files, "widen a release rule"));
    files["workloads/payments-api.yaml"] = PaymentsApi(8192);
    commits_->push_back(git.Commit(files, "change a workload's memory"));
    files["policies/db.cpl"] = "release \"default/db/password\" to workload nobody\n";
    commits_->push_back(git.Commit(files, "does not compile"));
  }
  static void TearDownTestSuite() {
    delete commits_;
    delete dir_;
  }

  // Plans between commits `base` and `head` in every format; checks what
  // holds for every plan (same exit code, valid JSON, no secret) and
  // returns the JSON run.
  static PlanRun PlanBetween(int base, int head) {
    std::vector<std::string> args = {"--repo", (*dir_ / "repo.git").string(),
                                     "--base", (*commits_)[base],
                                     "--head", (*commits_)[head]};
    PlanRun text = Plan(args);
    args.insert(args.end(), {"--output", "json"});
    PlanRun json = Plan(args);
    args.back() = "markdown";
    PlanRun markdown = Plan(args);
    EXPECT_EQ(text.exit_code, json.exit_code) << text.err;
    EXPECT_EQ(markdown.exit_code, json.exit_code) << markdown.err;
    for (const PlanRun* run : {&text, &json, &markdown}) {
      for (const std::string& output : {run->out, run->err}) {
        EXPECT_THAT(output, ::testing::Not(HasSubstr(kFileCanary)));
        EXPECT_THAT(output, ::testing::Not(HasSubstr(kEnvCanary)));
      }
    }
    if (json.exit_code < 2) {
      EXPECT_EQ(SchemaErrors(json.out), "") << json.out;
    }
    return json;
  }

  static fs::path* dir_;
  static std::vector<std::string>* commits_;
};

fs::path* PlanCliTest::dir_ = nullptr;
std::vector<std::string>* PlanCliTest::commits_ = nullptr;

TEST_F(PlanCliTest, TheCommitsWereWritten) {
  for (const auto& c : *commits_) EXPECT_EQ(c.size(), 40u) << Libgit2Repo::LastError();
}

TEST_F(PlanCliTest, NoChangeExitsZero) {
  PlanRun run = PlanBetween(3, 3);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(SummaryOf(run.out).empty());
  EXPECT_TRUE(nlohmann::json::parse(run.out)["changes"].empty());
}

TEST_F(PlanCliTest, AddingAWorkload) {
  PlanRun run = PlanBetween(0, 1);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  std::vector<std::string> lines = SummaryOf(run.out);
  ASSERT_EQ(lines.size(), 1u) << run.out;
  EXPECT_THAT(lines[0], ::testing::StartsWith("workload payments-api: new (initdata digest "));
  auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["base_revision"], (*commits_)[0]);
  EXPECT_EQ(doc["head_revision"], (*commits_)[1]);
  for (const auto& c : doc["changes"]) {
    EXPECT_EQ(c["type"], "added") << c["path"];
    EXPECT_EQ(c["owner"], "workload/payments-api") << c["path"];
  }
}

TEST_F(PlanCliTest, WideningAReleaseRule) {
  PlanRun run = PlanBetween(1, 2);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_THAT(SummaryOf(run.out),
              ElementsAre("release changed: default/db/password to workload encrypted-volume: "
                          "when tee == snp and ear.status == affirming -> "
                          "when tee in [snp, tdx] and ear.status == affirming",
                          "release gained: default/db/password to workload payments-api "
                          "when tee in [snp, tdx] and ear.status == affirming"));
  // The resource policy, and the operator manifests that carry it.
  auto doc = nlohmann::json::parse(run.out);
  ASSERT_EQ(doc["changes"].size(), 2u) << run.out;
  EXPECT_EQ(doc["changes"][0]["path"], "trustee/resource-policy.rego");
  EXPECT_EQ(doc["changes"][0]["step"], 2);
  EXPECT_EQ(doc["changes"][1]["path"], "trustee/manifests.yaml");
  EXPECT_EQ(doc["changes"][1]["step"], 3);
}

TEST_F(PlanCliTest, ChangingAWorkloadsMemory) {
  PlanRun run = PlanBetween(2, 3);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  // Memory is not measured (initdata keeps its digest); the pod patch
  // carries it.
  EXPECT_THAT(SummaryOf(run.out),
              ElementsAre("workload payments-api: pod patch changes: re-apply it to roll out "
                          "its pods"));
  auto doc = nlohmann::json::parse(run.out);
  EXPECT_FALSE(doc["changes"].empty());
  for (const auto& c : doc["changes"]) EXPECT_EQ(c["owner"], "workload/payments-api");
  EXPECT_THAT(run.out, HasSubstr("8192"));
}

TEST_F(PlanCliTest, TheWholeBranchAtOnce) {
  PlanRun run = PlanBetween(0, 3);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  std::vector<std::string> lines = SummaryOf(run.out);
  ASSERT_EQ(lines.size(), 3u) << run.out;
  EXPECT_THAT(lines[0], ::testing::StartsWith("workload payments-api: new"));
  EXPECT_THAT(lines[1], ::testing::StartsWith("release changed: default/db/password"));
  EXPECT_THAT(lines[2], ::testing::StartsWith("release gained: default/db/password"));
}

TEST_F(PlanCliTest, TextAndMarkdownCarryTheSummary) {
  std::vector<std::string> args = {
      "--repo", (*dir_ / "repo.git").string(), "--base", (*commits_)[1], "--head", (*commits_)[2]};
  PlanRun text = Plan(args);
  EXPECT_THAT(text.out, HasSubstr("\nSummary\n  * release changed: default/db/password"));
  EXPECT_THAT(text.out, HasSubstr("\n  * release gained: default/db/password to workload "
                                  "payments-api when tee in [snp, tdx]"));
  args.insert(args.end(), {"--output", "markdown"});
  PlanRun md = Plan(args);
  EXPECT_THAT(md.out, HasSubstr("### Summary\n\n- release changed: default/db/password"));
  EXPECT_THAT(md.out, HasSubstr("<details><summary><code>trustee/resource-policy.rego</code>"));
}

TEST_F(PlanCliTest, ACommitThatDoesNotCompileIsAnError) {
  PlanRun run = PlanBetween(3, 4);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("policies/db.cpl:1:"));
  EXPECT_THAT(run.err, HasSubstr((*commits_)[4] + " does not compile"));
  EXPECT_EQ(run.out, "");
}

TEST_F(PlanCliTest, AnUnknownRevisionIsAnError) {
  PlanRun run = Plan(
      {"--repo", (*dir_ / "repo.git").string(), "--base", "main~1", "--head", "no-such-branch"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("no-such-branch"));
}

TEST_F(PlanCliTest, BranchExpressionsResolve) {
  PlanRun run = Plan({"--repo", (*dir_ / "repo.git").string(), "--base", "main~2", "--head",
                      "main~1", "--output", "json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["head_revision"], (*commits_)[3]);
}

TEST_F(PlanCliTest, TwoDirectories) {
  fs::path root = fs::path(COCOPLANE_SOURCE_DIR) / "examples/repo";
  PlanRun run = Plan({root.string(), root.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Plan: working tree -> working tree: 0 changes"));
}

TEST_F(PlanCliTest, UsageErrors) {
  EXPECT_EQ(Plan({"--base", "main"}).exit_code, 2);
  EXPECT_EQ(Plan({}).exit_code, 2);
  EXPECT_EQ(Plan({"a", "b", "--base", "x", "--head", "y"}).exit_code, 2);
}

}  // namespace
}  // namespace cocoplane::cli
