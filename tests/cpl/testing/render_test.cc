// The four report formats, each checked by something other than this code:
// JUnit parsed by Python's xml.etree, TAP line by line against the v13
// grammar, JSON validated against schemas/output/test-results.schema.json
// with valijson, and the text pinned as people read it.
#include "cpl/testing/render.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "testing/shell.h"
#include "testing/temp_path.h"

namespace cocoplane::cpl::testing {
namespace {

using ::testing::HasSubstr;

CaseResult Case(std::string name, CaseKind kind, bool expected, bool actual, unsigned line) {
  CaseResult r;
  r.name = std::move(name);
  r.kind = kind;
  r.expected = expected;
  r.actual = actual;
  r.location = {"tests/shop.yaml", line, 5, 0};
  r.explanation = {
      "release payments_key (default/payments/*) at policies/shop.cpl:3:1: matched",
      actual ? "released: release rule payments_key matched" : "refused: no release rule matched"};
  return r;
}

// Two suites: a pass, a failure, an engine disagreement and an engine
// error; four coverage items, two covered. Names carry characters every
// format must escape.
RunReport Sample() {
  RunReport r;
  r.engine_ran = true;
  SuiteResult a{"release <& \"quotes\">", "tests/shop.yaml", {}};
  a.cases.push_back(Case("key to payments", CaseKind::kRelease, true, true, 3));
  a.cases.push_back(Case("key # to inference", CaseKind::kRelease, false, true, 7));
  a.cases[0].engine = {EngineCheck::State::kAgreed, true, ""};
  a.cases[1].engine = {EngineCheck::State::kAgreed, true, ""};
  SuiteResult b{"agent", "tests/agent.yaml", {}};
  b.cases.push_back(Case("no shell", CaseKind::kAgent, false, false, 4));
  b.cases[0].engine = {EngineCheck::State::kDisagreed, true, ""};
  b.cases.push_back(Case("logs", CaseKind::kAgent, false, false, 9));
  b.cases[1].engine = {EngineCheck::State::kFailed, false,
                       "opa failed (status 1): rego_parse_error"};
  r.suites = {a, b};
  r.coverage.items = {
      {CoverageKind::kRelease,
       "payments_key",
       "release payments_key (default/payments/*)",
       {"policies/shop.cpl", 3, 1, 0},
       2},
      {CoverageKind::kRelease,
       "no_weak",
       "deny no_weak (default/shared/*)",
       {"policies/shop.cpl", 9, 1, 0},
       0},
      {CoverageKind::kAgent,
       "strict.logs",
       "agent profile strict: logs deny",
       {"policies/a.cpl", 1, 1, 0},
       1},
      {CoverageKind::kPool,
       "snp.memory",
       "pool snp: memory max 8192",
       {"policies/p.cpl", 1, 1, 0},
       0},
  };
  return r;
}

ReportOptions WithMinimum(double minimum) {
  ReportOptions o;
  o.coverage = true;
  o.min_coverage = minimum;
  return o;
}

TEST(RenderTest, VerdictsAndCounts) {
  RunReport r = Sample();
  EXPECT_EQ(r.count(Verdict::kPass), 1u);
  EXPECT_EQ(r.count(Verdict::kFail), 2u);
  EXPECT_EQ(r.count(Verdict::kError), 1u);
  EXPECT_EQ(FailureMessage(r.suites[1].cases[0]),
            "the Rego engine decided allowed where the evaluator decided denied");
  EXPECT_FALSE(Succeeded(r, {}));
}

TEST(RenderTest, TextShowsFailuresWithTheirExplanation) {
  std::string text = RenderText(Sample(), WithMinimum(75));
  EXPECT_EQ(text,
            "FAIL tests/shop.yaml:7:5: key # to inference [release]\n"
            "  expected refused, got released\n"
            "  | release payments_key (default/payments/*) at policies/shop.cpl:3:1: matched\n"
            "  | released: release rule payments_key matched\n"
            "FAIL tests/shop.yaml:4:5: no shell [agent]\n"
            "  the Rego engine decided allowed where the evaluator decided denied\n"
            "  | release payments_key (default/payments/*) at policies/shop.cpl:3:1: matched\n"
            "  | refused: no release rule matched\n"
            "ERROR tests/shop.yaml:9:5: logs [agent]\n"
            "  the Rego engine failed: opa failed (status 1): rego_parse_error\n"
            "  | release payments_key (default/payments/*) at policies/shop.cpl:3:1: matched\n"
            "  | refused: no release rule matched\n"
            "\n"
            "1 passed, 2 failed, 1 errors (4 cases in 2 suites)\n"
            "Rego engine: 4 cases cross-checked, 1 disagreements\n"
            "coverage: 50.0% (2 of 4 rules decided a case), below the minimum 75.0%\n"
            "  not covered: policies/shop.cpl:9:1: deny no_weak (default/shared/*)\n"
            "  not covered: policies/p.cpl:1:1: pool snp: memory max 8192\n");
}

TEST(RenderTest, PercentIsRoundedDown) {
  EXPECT_EQ(FormatPercent(99.96), "99.9%");
  EXPECT_EQ(FormatPercent(100.0), "100.0%");
  EXPECT_EQ(FormatPercent(100.0 * 2 / 3), "66.6%");
}

TEST(RenderTest, JsonMatchesItsSchema) {
  std::ifstream in(std::string(COCOPLANE_SOURCE_DIR) + "/schemas/output/test-results.schema.json");
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json schema_doc = nlohmann::json::parse(ss.str());
  valijson::Schema schema;
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
  parser.populateSchema(schema_adapter, schema);

  for (const ReportOptions& o : {ReportOptions{}, WithMinimum(50)}) {
    nlohmann::json doc = nlohmann::json::parse(RenderJson(Sample(), o));
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(doc);
    std::string errors;
    if (!validator.validate(schema, target, &results)) {
      valijson::ValidationResults::Error error;
      while (results.popError(error)) errors += error.description + "\n";
    }
    EXPECT_EQ(errors, "");
    EXPECT_FALSE(doc["passed"]);
    EXPECT_EQ(doc["summary"]["errors"], 1);
    EXPECT_EQ(doc["suites"][1]["cases"][0]["engine"]["decision"], "allowed");
    EXPECT_EQ(doc["coverage"]["covered"], 2);
  }
}

TEST(RenderTest, JunitParsesAsJenkinsReadsIt) {
  std::string path = cocoplane::testing::ProcessTempPath("cocoplane_junit.xml");
  std::ofstream(path) << RenderJunit(Sample(), WithMinimum(75));
  // Python's parser, not ours: counts per element as CI tools read them.
  cocoplane::testing::ShellResult s = cocoplane::testing::RunShell(
      "python3 -c \"import sys, xml.etree.ElementTree as ET\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "assert root.tag == 'testsuites'\n"
      "print(root.get('tests'), root.get('failures'), root.get('errors'))\n"
      "for s in root.findall('testsuite'):\n"
      "  print(s.get('name'), s.get('tests'), len(s.findall('testcase')),\n"
      "        len(s.findall('testcase/failure')), len(s.findall('testcase/error')))\n"
      "print(root.find('testsuite/testcase[2]/failure').get('message'))\n\" " +
      path);
  ASSERT_EQ(s.exit_code, 0) << s.out;
  EXPECT_EQ(s.out,
            "5 3 1\n"
            "release <& \"quotes\"> 2 2 1 0\n"
            "agent 2 2 1 1\n"
            "coverage 1 1 1 0\n"
            "expected refused, got released\n");
}

TEST(RenderTest, TapFollowsVersion13) {
  std::string tap = RenderTap(Sample(), WithMinimum(50));
  std::istringstream lines(tap);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "TAP version 13");
  std::getline(lines, line);
  EXPECT_EQ(line, "1..5");
  const std::regex point(R"((not )?ok (\d+) - [^#\n]*(\\#[^#\n]*)*)");
  int points = 0;
  bool in_block = false;
  while (std::getline(lines, line)) {
    if (in_block) {
      EXPECT_TRUE(line.starts_with("  ")) << line;
      if (line == "  ...") in_block = false;
      continue;
    }
    if (line == "  ---") {
      in_block = true;
      continue;
    }
    if (line.starts_with("#")) continue;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, point)) << line;
    EXPECT_EQ(std::stoi(m[2]), ++points);
  }
  EXPECT_FALSE(in_block);
  EXPECT_EQ(points, 5);
  EXPECT_THAT(tap, HasSubstr("not ok 2 - release <& \"quotes\">: key \\# to inference\n  ---\n"
                             "  message: \"expected refused, got released\"\n  severity: fail\n"));
  EXPECT_THAT(tap, HasSubstr("ok 5 - coverage is at least 50.0%\n"));
  EXPECT_THAT(tap, HasSubstr("# not covered: policies/p.cpl:1:1: pool snp: memory max 8192\n"));
}

}  // namespace
}  // namespace cocoplane::cpl::testing
