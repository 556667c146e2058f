// Suite files -> Suites: the format of cpl/testing/README.md, and every
// CP80xx mistake pinned to its file, line and column.
#include "cpl/testing/load.h"

#include <gtest/gtest.h>

#include "testing/matchers.h"

namespace cocoplane::cpl::testing {
namespace {

using cocoplane::testing::Describe;
using cocoplane::testing::HasDiagnostic;

constexpr char kFile[] = "tests/suite.yaml";

std::vector<Suite> Parse(std::string_view text, DiagnosticSink& sink,
                         const Snapshot* snapshot = nullptr) {
  return ParseSuiteFile(kFile, text, snapshot, sink);
}

TEST(LoadTest, ReadsEveryCaseKind) {
  DiagnosticSink sink;
  auto suites = Parse(R"(name: shop
cases:
  - name: key to payments
    release:
      resource: default/payments/key
      workload: payments
      status: warning
      trust: {executables: 3, file-system: 0}
      gpus: [{status: affirming}, {status: contraindicated, trust: {hardware: 97}}]
      debug: false
      init_data_claims: {cdh.toml: {kbc: {name: cc_kbc}}}
    expect: released
  - name: no shell
    agent:
      profile: strict_service
      endpoint: ExecProcessRequest
      request: {process: {Args: [/bin/sh]}}
    expect: denied
  - name: big pod
    pod:
      pool: snp
      annotations: {io.katacontainers.config.hypervisor.default_memory: "4096"}
      memory: 4096
      vcpus: 2
    expect: rejected
)",
                      sink);
  ASSERT_FALSE(sink.has_errors()) << Describe(sink);
  ASSERT_EQ(suites.size(), 1u);
  const Suite& s = suites[0];
  EXPECT_EQ(s.name, "shop");
  EXPECT_EQ(s.file, kFile);
  ASSERT_EQ(s.cases.size(), 3u);

  const TestCase& release = s.cases[0];
  EXPECT_EQ(release.kind, CaseKind::kRelease);
  EXPECT_TRUE(release.expect_positive);
  EXPECT_EQ(release.location.ToString(), "tests/suite.yaml:3:5");
  EXPECT_EQ(release.release.resource, "default/payments/key");
  const TokenSpec& t = release.release.token;
  EXPECT_FALSE(t.claims.has_value());
  EXPECT_EQ(t.workload.name, "payments");
  EXPECT_EQ(t.workload.location.line, 6u);
  EXPECT_EQ(t.status, ir::EarStatus::kWarning);
  ASSERT_EQ(t.trust.size(), 2u);
  EXPECT_EQ(t.trust[0], std::make_pair(ir::TrustClaim::kExecutables, 3));
  EXPECT_EQ(t.trust[1], std::make_pair(ir::TrustClaim::kFileSystem, 0));
  ASSERT_TRUE(t.gpus.has_value());
  ASSERT_EQ(t.gpus->size(), 2u);
  EXPECT_EQ((*t.gpus)[1].status, ir::EarStatus::kContraindicated);
  EXPECT_EQ(t.debug, false);
  EXPECT_EQ((*t.init_data_claims)["cdh.toml"]["kbc"]["name"], "cc_kbc");

  const TestCase& agent = s.cases[1];
  EXPECT_EQ(agent.kind, CaseKind::kAgent);
  EXPECT_FALSE(agent.expect_positive);
  EXPECT_EQ(agent.agent.profile.name, "strict_service");
  EXPECT_EQ(agent.agent.endpoint, "ExecProcessRequest");
  EXPECT_EQ(agent.agent.request["process"]["Args"][0], "/bin/sh");

  const TestCase& pod = s.cases[2];
  EXPECT_EQ(pod.kind, CaseKind::kPod);
  EXPECT_EQ(pod.pod.pool.name, "snp");
  EXPECT_EQ(pod.pod.annotations.at("io.katacontainers.config.hypervisor.default_memory"), "4096");
  EXPECT_EQ(pod.pod.memory_mib, 4096u);
  EXPECT_EQ(pod.pod.vcpus, 2u);
}

TEST(LoadTest, SuiteNameDefaultsToTheFileAndDocumentNumber) {
  DiagnosticSink sink;
  auto suites = Parse(
      "cases:\n  - {name: a, pod: {pool: snp}, expect: admitted}\n---\n"
      "cases:\n  - {name: b, pod: {pool: snp}, expect: admitted}\n",
      sink);
  ASSERT_FALSE(sink.has_errors()) << Describe(sink);
  ASSERT_EQ(suites.size(), 2u);
  EXPECT_EQ(suites[0].name, "tests/suite.yaml");
  EXPECT_EQ(suites[1].name, "tests/suite.yaml#2");
}

TEST(LoadTest, ReadsTokenFilesFromTheRepositoryRoot) {
  Snapshot snap;
  snap.files["tests/tokens/snp.json"].bytes =
      R"({"submods": {"cpu0": {"ear.status": "affirming"}}})";
  DiagnosticSink sink;
  auto suites = Parse(
      "cases:\n  - name: a\n    release: {resource: a/b/c, token: tests/tokens/snp.json}\n"
      "    expect: refused\n",
      sink, &snap);
  ASSERT_FALSE(sink.has_errors()) << Describe(sink);
  const TokenSpec& t = suites.at(0).cases.at(0).release.token;
  ASSERT_TRUE(t.claims.has_value());
  EXPECT_EQ((*t.claims)["submods"]["cpu0"]["ear.status"], "affirming");
}

TEST(LoadTest, LoadSuitesReadsOnlyYamlUnderTests) {
  Snapshot snap;
  snap.files["tests/a.yaml"].bytes = "cases:\n  - {name: a, pod: {pool: snp}, expect: admitted}\n";
  snap.files["tests/deep/b.yml"].bytes =
      "cases:\n  - {name: b, pod: {pool: snp}, expect: admitted}\n";
  snap.files["tests/tokens/t.json"].bytes = "{}";
  snap.files["workloads/w.yaml"].bytes = "kind: Workload\n";
  DiagnosticSink sink;
  auto suites = LoadSuites(snap, sink);
  ASSERT_FALSE(sink.has_errors()) << Describe(sink);
  ASSERT_EQ(suites.size(), 2u);
  EXPECT_EQ(suites[0].file, "tests/a.yaml");
  EXPECT_EQ(suites[1].file, "tests/deep/b.yml");
}

// ---- CP80xx, one test per diagnostic ---------------------------------------

TEST(LoadTest, CP8001SuiteWithoutCases) {
  DiagnosticSink sink;
  Parse("name: x\ntests:\n  - a\n", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8001", kFile, 1, 1)) << Describe(sink);
}

TEST(LoadTest, CP8001CasesNotAList) {
  DiagnosticSink sink;
  Parse("cases:\n  name: a\n", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8001", kFile, 2, 3)) << Describe(sink);
}

TEST(LoadTest, CP8002UnknownKeyWithDidYouMean) {
  DiagnosticSink sink;
  Parse(
      "cases:\n  - name: a\n    release: {resource: a/b/c, tee: snp, stauts: warning}\n    expect: "
      "refused\n",
      sink);
  ASSERT_TRUE(HasDiagnostic(sink, "CP8002", kFile, 3, 42)) << Describe(sink);
  EXPECT_EQ(sink.diagnostics()[0].hint, "did you mean `status`?");
}

TEST(LoadTest, CP8003MissingExpect) {
  DiagnosticSink sink;
  auto suites = Parse("cases:\n  - name: a\n    pod: {pool: snp}\n", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8003", kFile, 2, 5)) << Describe(sink);
  EXPECT_TRUE(suites.at(0).cases.empty());
}

TEST(LoadTest, CP8003ReleaseWithoutToken) {
  DiagnosticSink sink;
  Parse("cases:\n  - name: a\n    release:\n      resource: a/b/c\n    expect: refused\n", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8003", kFile, 4, 7)) << Describe(sink);
}

TEST(LoadTest, CP8004WrongType) {
  DiagnosticSink sink;
  Parse("cases:\n  - name: a\n    pod: {pool: snp, memory: lots}\n    expect: admitted\n", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8004", kFile, 3, 30)) << Describe(sink);
}

TEST(LoadTest, CP8004AnnotationValueMustBeAString) {
  DiagnosticSink sink;
  Parse(
      "cases:\n  - name: a\n    pod:\n      pool: snp\n      annotations: {a: 4096}\n    expect: "
      "admitted\n",
      sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8004", kFile, 5, 24)) << Describe(sink);
}

TEST(LoadTest, CP8005NoKind) {
  DiagnosticSink sink;
  Parse("cases:\n  - name: a\n    expect: allowed\n", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8005", kFile, 2, 5)) << Describe(sink);
}

TEST(LoadTest, CP8005TwoKinds) {
  DiagnosticSink sink;
  Parse(
      "cases:\n  - name: a\n    pod: {pool: snp}\n    agent: {profile: p, endpoint: "
      "ExecProcessRequest}\n"
      "    expect: allowed\n",
      sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8005", kFile, 4, 5)) << Describe(sink);
}

TEST(LoadTest, CP8006ExpectOfAnotherKind) {
  DiagnosticSink sink;
  Parse("cases:\n  - name: a\n    pod: {pool: snp}\n    expect: allowed\n", sink);
  ASSERT_TRUE(HasDiagnostic(sink, "CP8006", kFile, 4, 13)) << Describe(sink);
  EXPECT_EQ(sink.diagnostics()[0].hint, "write `admitted` or `rejected`");
}

TEST(LoadTest, CP8007DuplicateCaseName) {
  DiagnosticSink sink;
  auto suites = Parse(
      "cases:\n  - {name: a, pod: {pool: snp}, expect: admitted}\n"
      "  - {name: a, pod: {pool: snp}, expect: rejected}\n",
      sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8007", kFile, 3, 12)) << Describe(sink);
  EXPECT_EQ(suites.at(0).cases.size(), 1u);
}

TEST(LoadTest, CP8008TeeWithClaims) {
  DiagnosticSink sink;
  Parse(
      "cases:\n  - name: a\n    release:\n      resource: a/b/c\n      claims: {submods: {}}\n     "
      " tee: snp\n"
      "    expect: refused\n",
      sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8008", kFile, 6, 7)) << Describe(sink);
}

TEST(LoadTest, CP8008WorkloadAndProfile) {
  DiagnosticSink sink;
  Parse(
      "cases:\n  - name: a\n    agent:\n      workload: w\n      profile: p\n      endpoint: "
      "ExecProcessRequest\n"
      "    expect: denied\n",
      sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8008", kFile, 5, 7)) << Describe(sink);
}

TEST(LoadTest, CP8009UnknownTee) {
  DiagnosticSink sink;
  Parse("cases:\n  - name: a\n    release: {resource: a/b/c, tee: sev}\n    expect: refused\n",
        sink);
  ASSERT_TRUE(HasDiagnostic(sink, "CP8009", kFile, 3, 37)) << Describe(sink);
  EXPECT_EQ(sink.diagnostics()[0].hint, "did you mean `se`?");
}

TEST(LoadTest, CP8009MalformedResourcePath) {
  DiagnosticSink sink;
  Parse(
      "cases:\n  - name: a\n    release: {resource: default/key, tee: snp}\n    expect: refused\n",
      sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8009", kFile, 3, 25)) << Describe(sink);
}

TEST(LoadTest, CP8009TrustOutOfRange) {
  DiagnosticSink sink;
  Parse(
      "cases:\n  - name: a\n    release:\n      resource: a/b/c\n      tee: snp\n      trust: "
      "{hardware: 200}\n"
      "    expect: refused\n",
      sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8009", kFile, 6, 25)) << Describe(sink);
}

TEST(LoadTest, CP8009UnknownEndpointSuggestsTheRequestName) {
  DiagnosticSink sink;
  Parse("cases:\n  - name: a\n    agent: {profile: p, endpoint: ExecProcess}\n    expect: denied\n",
        sink);
  ASSERT_TRUE(HasDiagnostic(sink, "CP8009", kFile, 3, 35)) << Describe(sink);
  EXPECT_EQ(sink.diagnostics()[0].hint, "did you mean `ExecProcessRequest`?");
}

TEST(LoadTest, CP8010TokenFileMissing) {
  Snapshot snap;
  snap.files["tests/tokens/snp.json"].bytes = "{}";
  DiagnosticSink sink;
  Parse(
      "cases:\n  - name: a\n    release: {resource: a/b/c, token: tests/tokens/snp.jsn}\n    "
      "expect: refused\n",
      sink, &snap);
  ASSERT_TRUE(HasDiagnostic(sink, "CP8010", kFile, 3, 39)) << Describe(sink);
  EXPECT_EQ(sink.diagnostics()[0].hint, "did you mean `tests/tokens/snp.json`?");
}

TEST(LoadTest, CP8011TokenFileIsNotAnObject) {
  Snapshot snap;
  snap.files["tests/t.json"].bytes = "[1, 2]";
  DiagnosticSink sink;
  Parse(
      "cases:\n  - name: a\n    release: {resource: a/b/c, token: tests/t.json}\n    expect: "
      "refused\n",
      sink, &snap);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8011", kFile, 3, 39)) << Describe(sink);
}

TEST(LoadTest, CP8011InlineClaimsAreNotAMapping) {
  DiagnosticSink sink;
  Parse("cases:\n  - name: a\n    release: {resource: a/b/c, claims: [1]}\n    expect: refused\n",
        sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8011", kFile, 3, 40)) << Describe(sink);
}

TEST(LoadTest, CP8012EmptySuiteIsAWarning) {
  DiagnosticSink sink;
  Parse("cases: []\n", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP8012", kFile, 1, 8)) << Describe(sink);
  EXPECT_FALSE(sink.has_errors());
}

TEST(LoadTest, YamlSyntaxErrorsAreTheModelsCP1001) {
  DiagnosticSink sink;
  Parse("cases:\n  - name: [unclosed\n", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP1001", kFile)) << Describe(sink);
}

TEST(LoadTest, OneBadCaseKeepsTheOthers) {
  DiagnosticSink sink;
  auto suites = Parse(
      "cases:\n  - {name: bad, pod: {pool: 3}, expect: admitted}\n"
      "  - {name: good, pod: {pool: snp}, expect: admitted}\n",
      sink);
  EXPECT_EQ(sink.error_count(), 1u) << Describe(sink);
  ASSERT_EQ(suites.at(0).cases.size(), 1u);
  EXPECT_EQ(suites[0].cases[0].name, "good");
}

}  // namespace
}  // namespace cocoplane::cpl::testing
