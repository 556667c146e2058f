// `cocoplane test` as users and CI run it: the real binary on examples/repo
// and on mutated copies of it, its exit codes, and `--engine` with a fake
// Rego engine script (no real opa or regorus can be installed here).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "testing/shell.h"
#include "testing/temp_path.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `cocoplane test <args>`; stdout and stderr captured separately.
Outcome CocoplaneTest(const std::string& args) {
  std::string err_file = cocoplane::testing::ProcessTempPath("cocoplane_test_stderr.txt");
  std::string command = std::string(COCOPLANE_BINARY) + " test " + args + " 2>" + err_file;
  cocoplane::testing::ShellResult shell = cocoplane::testing::RunShell(command);
  Outcome run{shell.exit_code, std::move(shell.out), ""};
  std::ifstream err(err_file);
  std::stringstream ss;
  ss << err.rdbuf();
  run.err = ss.str();
  return run;
}

std::string Examples() { return std::string(COCOPLANE_SOURCE_DIR) + "/examples/repo"; }

// A fresh copy of examples/repo under the test's temp dir.
fs::path CopyExamples(const std::string& name) {
  fs::path dir = fs::path(cocoplane::testing::ProcessTempPath("cocoplane_test_" + name));
  fs::remove_all(dir);
  fs::copy(Examples(), dir, fs::copy_options::recursive);
  return dir;
}

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Replaces the one occurrence of `from` in `path` by `to`.
void Edit(const fs::path& path, const std::string& from, const std::string& to) {
  std::string text = Read(path);
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  std::ofstream(path) << text;
}

const nlohmann::json* FindCase(const nlohmann::json& doc, const std::string& name) {
  for (const auto& suite : doc["suites"]) {
    for (const auto& c : suite["cases"]) {
      if (c["name"] == name) return &c;
    }
  }
  return nullptr;
}

TEST(TestCliTest, TheExamplesPassWithFullCoverage) {
  Outcome run = CocoplaneTest(Examples() + " --min-coverage 100 --coverage");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr(" 0 failed"));
  EXPECT_THAT(run.out, HasSubstr("coverage: 100.0%"));
  EXPECT_THAT(run.out, Not(HasSubstr("not covered")));
}

// The mutation test: widen the model-key release to GPUs that only warn,
// and the case that guards against exactly that must fail.
TEST(TestCliTest, WideningAReleaseFailsTheCaseThatGuardsIt) {
  const std::string guard = "the model key is refused when the GPUs only warn";
  fs::path repo = CopyExamples("widened");
  nlohmann::json before =
      nlohmann::json::parse(CocoplaneTest(repo.string() + " --output json").out);
  ASSERT_NE(FindCase(before, guard), nullptr);
  EXPECT_EQ((*FindCase(before, guard))["verdict"], "pass");

  Edit(repo / "policies/gpu.cpl", "  gpu.status == affirming\n",
       "  gpu.status in [affirming, warning]\n");
  Outcome run = CocoplaneTest(repo.string() + " --output json");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  nlohmann::json after = nlohmann::json::parse(run.out);
  const nlohmann::json* c = FindCase(after, guard);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ((*c)["verdict"], "fail");
  EXPECT_EQ((*c)["message"], "expected refused, got released");
  EXPECT_EQ(after["summary"]["failed"].get<int>(), before["summary"]["failed"].get<int>() + 1);
}

TEST(TestCliTest, CoverageBelowTheMinimumFails) {
  fs::path repo = CopyExamples("uncovered");
  Edit(repo / "tests/pools.yaml",
       "  - name: tdx-gpu refuses 65 vCPUs\n    pod:\n      pool: tdx-gpu\n      vcpus: 65\n"
       "    expect: rejected\n",
       "");
  Outcome run = CocoplaneTest(repo.string() + " --min-coverage 100 --coverage");
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("below the minimum 100.0%"));
  EXPECT_THAT(run.out, HasSubstr("not covered: policies/pools.cpl:"));
  EXPECT_THAT(run.out, HasSubstr("pool tdx-gpu: vcpus max 64"));
  EXPECT_THAT(CocoplaneTest(repo.string()).out, Not(HasSubstr("below the minimum")));
}

TEST(TestCliTest, ABadSuiteIsAnErrorWithItsPosition) {
  fs::path repo = CopyExamples("bad_suite");
  std::ofstream(repo / "tests/bad.yaml")
      << "cases:\n  - name: x\n    pod: {pool: snpp}\n    expect: admitted\n";
  Outcome run = CocoplaneTest(repo.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("tests/bad.yaml:3:17: error[CP8022]"));
  EXPECT_THAT(run.err, HasSubstr("did you mean `snp`?"));
}

TEST(TestCliTest, ARepositoryThatDoesNotCompileIsAnError) {
  fs::path repo = CopyExamples("broken_cpl");
  std::ofstream(repo / "policies/broken.cpl")
      << "release \"default/enckey/key.pem\" to workload nobody\n";
  Outcome run = CocoplaneTest(repo.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("policies/broken.cpl:1:"));
}

// ---- --engine ------------------------------------------------------------

// A stand-in for opa/regorus: logs its argv and the module it was given,
// and answers from a table keyed by "<query> <resource path>" (release) or
// "<query>" (agent). `fail` makes it exit 1 like a parse error would.
fs::path FakeEngine(const fs::path& dir, const std::string& name, const std::string& table,
                    bool fail = false) {
  fs::path script = dir / name;
  std::ofstream(script)
      << "#!/usr/bin/env python3\n"
         "import json, sys\n"
         "args = sys.argv[1:]\n"
         "log = open(sys.argv[0] + '.log', 'a')\n"
         "log.write(' '.join(a.rsplit('/', 1)[-1] for a in args) + '\\n')\n"
      << (fail ? "sys.stderr.write('rego_parse_error: unexpected eof\\n'); sys.exit(1)\n" : "")
      << "table = " << table
      << "\n"
         "query = args[-1]\n"
         "data = [args[i + 1] for i, a in enumerate(args) if a == '-d']\n"
         "key = query\n"
         "for d in data:\n"
         "    if d.endswith('.rego'):\n"
         "        log.write(open(d).readline())\n"
         "    else:\n"
         "        key += ' ' + '/'.join(json.load(open(d))['resource-path'])\n"
         "if key not in table:\n"
         "    print('{}')\n"
         "else:\n"
         "    print(json.dumps({'result': [{'expressions': [{'value': table[key], 'text': "
         "query}]}]}))\n";
  fs::permissions(script, fs::perms::owner_all);
  return script;
}

// A copy of the examples whose tests/ holds one small suite that passes
// (and, with `with_mismatch`, a case the fake engine below answers wrongly).
fs::path SmallRepo(const std::string& name, bool with_mismatch) {
  fs::path repo = CopyExamples(name);
  fs::remove_all(repo / "tests");
  fs::create_directories(repo / "tests");
  std::ofstream suite(repo / "tests/engine.yaml");
  suite << "cases:\n"
           "  - name: enckey to sealed-secret-demo\n"
           "    release: {resource: default/enckey/key.pem, workload: sealed-secret-demo}\n"
           "    expect: released\n"
           "  - name: unknown key\n"
           "    release: {resource: default/unknown/key, workload: sealed-secret-demo}\n"
           "    expect: refused\n"
           "  - name: no shell\n"
           "    agent: {workload: sealed-secret-demo, endpoint: ExecProcessRequest, request: "
           "{process: {Args: [sh]}}}\n"
           "    expect: denied\n"
           "  - name: pods are not cross-checked\n"
           "    pod: {pool: snp}\n"
           "    expect: admitted\n";
  if (with_mismatch) {
    suite
        << "  - name: enckey to a contraindicated guest\n"
           "    release: {resource: default/enckey/key.pem, workload: sealed-secret-demo, status: "
           "contraindicated}\n"
           "    expect: refused\n";
  }
  return repo;
}

constexpr char kTable[] =
    "{'data.policy.allow default/enckey/key.pem': True, 'data.policy.allow default/unknown/key': "
    "False,"
    " 'data.agent_policy.ExecProcessRequest': False}";

TEST(TestCliTest, EngineAgreesThroughTheOpaConventions) {
  fs::path repo = SmallRepo("engine_agree", false);
  fs::path opa = FakeEngine(repo.parent_path(), "opa", kTable);
  fs::remove(opa.string() + ".log");
  Outcome run = CocoplaneTest(repo.string() + " --engine " + opa.string());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("Rego engine: 3 cases cross-checked, 0 disagreements"));
  std::string log = Read(opa.string() + ".log");
  EXPECT_THAT(log,
              HasSubstr("eval --format json -d resource-policy.rego -d data.json -i input.json "
                        "data.policy.allow\n# KBS resource policy generated by cocoplane"));
  EXPECT_THAT(log, HasSubstr("eval --format json -d agent-policy-strict_service.rego -i input.json "
                             "data.agent_policy.ExecProcessRequest\n"));
}

TEST(TestCliTest, EngineMismatchFailsTheCaseThroughTheRegorusConventions) {
  fs::path repo = SmallRepo("engine_mismatch", true);
  fs::path regorus = FakeEngine(repo.parent_path(), "regorus", kTable);
  fs::remove(regorus.string() + ".log");
  Outcome run = CocoplaneTest(repo.string() + " --engine " + regorus.string());
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("FAIL "));
  EXPECT_THAT(
      run.out,
      HasSubstr("enckey to a contraindicated guest [release]\n"
                "  the Rego engine decided released where the evaluator decided refused\n"));
  EXPECT_THAT(run.out, HasSubstr("4 cases cross-checked, 1 disagreements"));
  EXPECT_THAT(Read(regorus.string() + ".log"),
              HasSubstr("eval -d resource-policy.rego -d data.json"));
}

TEST(TestCliTest, AnEngineThatFailsIsAnError) {
  fs::path repo = SmallRepo("engine_fails", false);
  fs::path opa = FakeEngine(repo.parent_path(), "opa-broken", kTable, /*fail=*/true);
  Outcome run = CocoplaneTest(repo.string() + " --engine " + opa.string());
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("the Rego engine failed: "));
  EXPECT_THAT(run.out, HasSubstr("rego_parse_error: unexpected eof"));
}

TEST(TestCliTest, EveryFormat) {
  fs::path repo = SmallRepo("formats", false);
  Outcome json = CocoplaneTest(repo.string() + " --output json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json doc = nlohmann::json::parse(json.out);
  EXPECT_TRUE(doc["passed"]);
  EXPECT_EQ(doc["summary"]["cases"], 4);
  Outcome tap = CocoplaneTest(repo.string() + " --output tap");
  EXPECT_EQ(tap.exit_code, 0);
  EXPECT_THAT(tap.out, HasSubstr("TAP version 13\n1..4\nok 1 - "));
  Outcome junit = CocoplaneTest(repo.string() + " --output junit");
  EXPECT_EQ(junit.exit_code, 0);
  EXPECT_THAT(junit.out,
              HasSubstr("<testsuites name=\"cocoplane test\" tests=\"4\" failures=\"0\""));
}

TEST(TestCliTest, AMissingEngineIsSkippedWithOneLine) {
  fs::path repo = SmallRepo("no_engine", false);
  Outcome run = CocoplaneTest(repo.string() + " --engine /nonexistent/opa");
  run.err = "\n" + run.err;
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(
      run.err,
      HasSubstr("\ncocoplane: --engine /nonexistent/opa does not exist; skipping the Rego engine "
                "cross-check\n"));
  EXPECT_THAT(run.out, Not(HasSubstr("Rego engine:")));
}

}  // namespace
