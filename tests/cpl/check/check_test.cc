// The checker's lowering, one behaviour per test, inputs inline over the
// base repository of tests/cpl/testdata/check/_base (payments on SNP with
// profile `strict` and secret payments-key; inference on TDX with
// model-key; policies/base.cpl releases each key to its workload).
#include <gtest/gtest.h>

#include <algorithm>

#include "cpl/check/check.h"
#include "cpl/check/check_testing.h"
#include "cpl/check/shells.h"
#include "cpl/ir/render.h"
#include "cpl/parse/parser.h"
#include "testing/matchers.h"

namespace cocoplane::cpl {
namespace {

using namespace cocoplane::cpl::testing;  // NOLINT: test helpers
using ::cocoplane::testing::Describe;
using ::cocoplane::testing::HasDiagnostic;
using Kind = ir::Condition::Kind;

const ir::ReleaseRule* FindRule(const ir::Policy& policy, std::string_view id) {
  for (const auto& r : policy.releases) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::vector<std::string> Rendered(const ir::ReleaseRule& rule) {
  std::vector<std::string> out;
  for (const auto& c : rule.conditions) out.push_back(ir::ToString(c));
  return out;
}

Compiled CompileRules(const std::string& cpl) { return Compile(BaseWith({{"policies/rules.cpl", cpl}})); }

TEST(CheckTest, ReleaseToWorkloadKeepsTargetAndConditionsInOrder) {
  Compiled c = CompileRules(
      "release \"default/payments/*\" to workload payments when {\n"
      "  tee in [snp, tdx]\n"
      "  ear.status == affirming\n"
      "  trust.executables <= 3\n"
      "}\n");
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  const ir::ReleaseRule* rule = FindRule(c.policy, "rules_1");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->kind, ir::ReleaseRule::Kind::kAllow);
  EXPECT_EQ(ir::ToString(rule->pattern), "default/payments/*");
  EXPECT_EQ(rule->targets, std::vector<std::string>{"payments"});
  EXPECT_EQ(Rendered(*rule),
            (std::vector<std::string>{"tee in [snp, tdx]", "ear.status == affirming", "trust.executables <= 3"}));
  EXPECT_EQ(rule->location.file, "policies/rules.cpl");
  EXPECT_EQ(rule->location.line, 1u);
  EXPECT_EQ(rule->conditions[2].location.line, 4u);
  EXPECT_EQ(rule->conditions[2].location.column, 3u);
}

TEST(CheckTest, UntargetedReleaseExcludesTheSampleAttesterUnlessItNamesIt) {
  Compiled c = CompileRules(
      "release \"default/models/*\" when { ear.status == affirming }\n"
      "release \"default/models/*\" when { tee in [snp, sample] }\n"
      "deny \"default/models/*\" when { ear.status == warning }\n");
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_1")),
            (std::vector<std::string>{"ear.status == affirming", "tee != sample"}));
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_2")), std::vector<std::string>{"tee in [snp, sample]"});
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_3")), std::vector<std::string>{"ear.status == warning"});
}

TEST(CheckTest, AlternativesBecomeNumberedRules) {
  Compiled c = CompileRules(
      "release \"default/models/*\" to workload inference when {\n"
      "  ear.status == affirming\n"
      "  any {\n"
      "    gpu.attested and gpu.status == affirming\n"
      "    trust.hardware <= 2\n"
      "  }\n"
      "}\n");
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  EXPECT_EQ(FindRule(c.policy, "rules_1"), nullptr);
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_1_1")),
            (std::vector<std::string>{"ear.status == affirming", "gpu.attested", "gpu.status == affirming"}));
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_1_2")),
            (std::vector<std::string>{"ear.status == affirming", "trust.hardware <= 2"}));
}

TEST(CheckTest, NotIsPushedDownToExactNegations) {
  Compiled c = CompileRules(
      "release \"default/models/*\" to workload inference when { not (tee == snp or ear.status == warning) }\n");
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  const ir::ReleaseRule* rule = FindRule(c.policy, "rules_1");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(Rendered(*rule), (std::vector<std::string>{"tee != snp", "ear.status != warning"}));
  EXPECT_EQ(rule->conditions[0].tee_in.op, ir::SetOp::kNotIn);
}

// `not trust.x <= 3` also holds for a token without the claim, which
// `trust.x > 3` does not: the negation is kept, not folded.
TEST(CheckTest, NegatedTrustComparisonStaysANegation) {
  Compiled c = CompileRules(
      "release \"default/models/*\" to workload inference when { not trust.executables <= 3 }\n"
      "release \"default/payments/*\" to workload payments when { not trust.hardware in [2, 3] }\n"
      "deny \"default/payments/*\" when { not trust.hardware not in [2, 3] }\n");
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_1")), std::vector<std::string>{"not (trust.executables <= 3)"});
  EXPECT_TRUE(FindRule(c.policy, "rules_1")->conditions[0].negated);
  // not (a or b) = not a and not b; not (a and b) = not a or not b.
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_2")),
            (std::vector<std::string>{"not (trust.hardware == 2)", "not (trust.hardware == 3)"}));
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_3_1")), std::vector<std::string>{"not (trust.hardware != 2)"});
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_3_2")), std::vector<std::string>{"not (trust.hardware != 3)"});
}

TEST(CheckTest, EvidenceValuesBecomeEvidenceTestsUnderTheirTeeKey) {
  Compiled c = CompileRules(
      "release \"default/payments/*\" to workload payments when {\n"
      "  snp.policy_debug_allowed == 0\n"
      "  snp.reported_tcb_bootloader >= 3\n"
      "  init_data_claims.\"aa.toml\".token_configs.kbs.url matches \"^https://\"\n"
      "  not snp.policy_migrate_ma\n"
      "  init_data_claims.\"cdh.toml\".kbc.name == \"cc_kbc\"\n"
      "  init_data_claims.debug in [false, 0]\n"
      "}\n");
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  const ir::ReleaseRule* rule = FindRule(c.policy, "rules_1");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(Rendered(*rule), (std::vector<std::string>{
                                 "snp.policy_debug_allowed == 0",
                                 "snp.reported_tcb_bootloader >= 3",
                                 "init_data_claims.\"aa.toml\".token_configs.kbs.url matches \"^https://\"",
                                 "not snp.policy_migrate_ma",
                                 "init_data_claims.\"cdh.toml\".kbc.name == \"cc_kbc\"",
                                 "init_data_claims.debug in [false, 0]",
                             }));
  EXPECT_EQ(rule->conditions[0].kind, Kind::kEvidenceTest);
  EXPECT_EQ(rule->conditions[0].evidence_test.path, (std::vector<std::string>{"snp", "policy_debug_allowed"}));
  EXPECT_EQ(rule->conditions[0].evidence_test.values, std::vector<ir::Literal>{ir::Literal::Int(0)});
  EXPECT_EQ(rule->conditions[2].evidence_test.op, ir::EvidenceTest::Op::kMatches);
  EXPECT_EQ(rule->conditions[3].evidence_test.op, ir::EvidenceTest::Op::kAbsent);
  // Strings compared with == keep their own atom.
  EXPECT_EQ(rule->conditions[4].kind, Kind::kInitDataClaimIn);
}

TEST(CheckTest, AnEvidenceTestImpliesItsTee) {
  Compiled c = CompileRules(
      "release \"default/payments/*\" to workload payments when {\n"
      "  tdx.td_attributes.debug == false\n"
      "}\n"
      "release \"default/models/*\" when { tee == snp and tdx.td_attributes.debug == false }\n");
  EXPECT_TRUE(HasDiagnostic(c.sink, "CP5041", "policies/rules.cpl", 1, 42)) << Describe(c.sink);
  EXPECT_TRUE(HasDiagnostic(c.sink, "CP5040", "policies/rules.cpl", 4, 50)) << Describe(c.sink);
}

TEST(CheckTest, EvidenceComparisonsCheckTheirOperands) {
  Compiled c = CompileRules(
      "release \"default/payments/*\" to workload payments when {\n"
      "  snp.vmpl <= \"1\"\n"
      "  init_data matches regex \"(?=x)\"\n"
      "  snp.measurement in reference snp_launch_measurement\n"
      "  snp.guest_svn == [1]\n"
      "}\n");
  EXPECT_TRUE(HasDiagnostic(c.sink, "CP5030", "policies/rules.cpl", 2, 15)) << Describe(c.sink);
  EXPECT_TRUE(HasDiagnostic(c.sink, "CP5032", "policies/rules.cpl", 3, 21)) << Describe(c.sink);
  EXPECT_TRUE(HasDiagnostic(c.sink, "CP5034", "policies/rules.cpl", 4, 32)) << Describe(c.sink);
  EXPECT_TRUE(HasDiagnostic(c.sink, "CP5030", "policies/rules.cpl", 5, 20)) << Describe(c.sink);
}

TEST(CheckTest, NotBeforeGpuTestsIsNotCompiledYet) {
  Compiled c = CompileRules(
      "release \"default/models/*\" to workload inference when { not gpu.attested }\n"
      "release \"default/models/*\" to workload inference when { not gpu.status == affirming }\n");
  EXPECT_TRUE(HasDiagnostic(c.sink, "CP5035", "policies/rules.cpl", 1, 61)) << Describe(c.sink);
  EXPECT_TRUE(HasDiagnostic(c.sink, "CP5035", "policies/rules.cpl", 2, 61)) << Describe(c.sink);
}

TEST(CheckTest, TrustInListIsADisjunctionAndNotInAConjunction) {
  Compiled c = CompileRules(
      "release \"default/models/*\" to workload inference when { trust.executables in [2, 3] }\n"
      "release \"default/payments/*\" to workload payments when { trust.hardware not in [32, 33] }\n");
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_1_1")), std::vector<std::string>{"trust.executables == 2"});
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_1_2")), std::vector<std::string>{"trust.executables == 3"});
  EXPECT_EQ(Rendered(*FindRule(c.policy, "rules_2")),
            (std::vector<std::string>{"trust.hardware != 32", "trust.hardware != 33"}));
}

TEST(CheckTest, GpuCountAtLeastOneIsGpuAttested) {
  Compiled c = CompileRules("release \"default/models/*\" to workload inference when { gpu.count >= 1 }\n");
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  EXPECT_EQ(FindRule(c.policy, "rules_1")->conditions.at(0).kind, Kind::kGpuAttested);
}

TEST(CheckTest, ConstsAreSubstitutedThroughImports) {
  Compiled c = Compile(BaseWith({
      {"policies/common.cpl", "const keys = [\"default/payments/*\"]\nconst tees = [snp, tdx]\n"},
      {"policies/rules.cpl", "import \"policies/common.cpl\"\n\nrelease keys to workload payments when { tee in tees }\n"},
  }));
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  const ir::ReleaseRule* rule = FindRule(c.policy, "rules_1");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(ir::ToString(rule->pattern), "default/payments/*");
  EXPECT_EQ(Rendered(*rule), std::vector<std::string>{"tee in [snp, tdx]"});
}

TEST(CheckTest, ImportsAreNotTransitive) {
  Compiled c = Compile(BaseWith({
      {"policies/c.cpl", "const tees = [snp]\n"},
      {"policies/b.cpl", "import \"policies/c.cpl\"\n"},
      {"policies/rules.cpl", "import \"policies/b.cpl\"\n\nrelease \"default/payments/*\" when { tee in tees }\n"},
  }));
  EXPECT_EQ(CheckerBrief(c.sink), std::vector<std::string>{"CP5004 policies/rules.cpl:3:44"}) << Describe(c.sink);
}

TEST(CheckTest, UnknownWorkloadSuggestsTheClosestName) {
  Compiled c = CompileRules("release \"default/payments/*\" to workload paymnts\n");
  ASSERT_TRUE(HasDiagnostic(c.sink, "CP5005", "policies/rules.cpl", 1, 42)) << Describe(c.sink);
  EXPECT_EQ(c.sink.diagnostics().back().hint, "did you mean `payments`?");
}

TEST(CheckTest, ContradictionNamesTheEarlierCondition) {
  Compiled c = CompileRules("release \"default/payments/*\" when {\n  tee == snp\n  tee == tdx\n}\n");
  ASSERT_TRUE(HasDiagnostic(c.sink, "CP5040", "policies/rules.cpl", 3, 3)) << Describe(c.sink);
  EXPECT_EQ(c.sink.diagnostics().back().message,
            "`tee == tdx` can never hold together with `tee == snp` (policies/rules.cpl:2:3)");
  EXPECT_EQ(FindRule(c.policy, "rules_1"), nullptr);
}

TEST(CheckTest, ClaimStatementsFallBackToTheBlockDefaultOr97) {
  Compiled c = Compile(BaseWith({{"policies/as.cpl",
                                  "attestation snp {\n"
                                  "  hardware = 2 when { snp.reported_tcb_bootloader in reference snp_bootloader }\n"
                                  "  executables = 3 when { snp.measurement in reference snp_launch_measurement }\n"
                                  "  default executables = 40\n"
                                  "}\n"}}));
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  ASSERT_EQ(c.policy.attestation.appraisals.size(), 1u);
  const auto& a = c.policy.attestation.appraisals[0].assignments;
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0].conditions.at(0).kind, ir::AppraisalCondition::Kind::kReferenceContains);
  EXPECT_EQ(a[0].conditions.at(0).claim_path, std::vector<std::string>{"reported_tcb_bootloader"});
  EXPECT_EQ(a[2].claim, ir::TrustClaim::kHardware);
  EXPECT_EQ(a[2].value, 97);
  EXPECT_TRUE(a[2].conditions.empty());
  EXPECT_EQ(a[3].claim, ir::TrustClaim::kExecutables);
  EXPECT_EQ(a[3].value, 40);
  EXPECT_EQ(a[3].location.line, 4u);
  EXPECT_EQ(c.policy.attestation.defaults, ir::DefaultTrustClaimValues());
}

TEST(CheckTest, AnEmptyProfileIsAsStrictAsGenpolicy) {
  Compiled c = Compile(BaseWith({{"policies/base.cpl", "agent profile strict {\n  exec deny\n}\n"}}));
  const ir::AgentProfile* p = ir::FindAgentProfile(c.policy, "strict");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->exec.allow_argv.empty());
  EXPECT_TRUE(p->exec.allow_regexes.empty());
  EXPECT_EQ(p->logs_access, ir::Permission::kDeny);
  EXPECT_EQ(p->stdin_access, ir::Permission::kDeny);
  EXPECT_EQ(p->set_policy, ir::Permission::kDeny);
  EXPECT_EQ(p->diagnostics, ir::Permission::kDeny);
  EXPECT_EQ(p->copy_file.permission, ir::Permission::kAllow);
  EXPECT_TRUE(p->volumes.deny_host_path);
  EXPECT_FALSE(p->env.restricted);
}

TEST(CheckTest, WorkloadsWithoutAgentPolicyUseTheBuiltInDefaultProfile) {
  Compiled c = Compile(BaseWith({}));
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  const ir::Workload* inference = ir::FindWorkload(c.policy, "inference");
  ASSERT_NE(inference, nullptr);
  EXPECT_EQ(inference->tee, ir::TeeKind::kTdx);
  EXPECT_EQ(inference->agent_profile, kDefaultProfileName);
  EXPECT_TRUE(inference->init_data_binding.empty());
  EXPECT_EQ(inference->location.file, "workloads/workloads.yaml");
  EXPECT_EQ(ir::FindWorkload(c.policy, "payments")->agent_profile, "strict");
  ASSERT_NE(ir::FindAgentProfile(c.policy, kDefaultProfileName), nullptr);
}

TEST(CheckTest, VolumeSettingsLowerToWhatTheAgentCanEnforce) {
  Compiled c = Compile(BaseWith({{"policies/base.cpl",
                                  "agent profile strict {\n"
                                  "  volumes allow [host_path, empty_dir, config_map, secret, projected, downward_api, "
                                  "persistent_volume, image]\n"
                                  "  volumes deny plain_empty_dir\n"
                                  "}\n"}}));
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  const ir::AgentProfile* p = ir::FindAgentProfile(c.policy, "strict");
  EXPECT_FALSE(p->volumes.deny_host_path);
  EXPECT_TRUE(p->volumes.require_encrypted_empty_dir);
}

TEST(CheckTest, PoolsWithoutABlockMirrorTheirNodePool) {
  Compiled c = Compile(BaseWith({}));
  const ir::PoolConstraints* snp = ir::FindPool(c.policy, "snp-pool");
  ASSERT_NE(snp, nullptr);
  EXPECT_EQ(snp->tee, ir::TeeKind::kSnp);
  EXPECT_EQ(snp->allowed_annotations, (std::vector<std::string>{"cc_init_data", "default_memory"}));
  EXPECT_EQ(snp->memory_max_mib, 65536u);
  EXPECT_EQ(snp->vcpus_max, 16u);
  EXPECT_TRUE(snp->debug_forbidden);
}

TEST(CheckTest, PoolBlockSettingsOverrideAndDefaultToSpec) {
  Compiled c = Compile(BaseWith({{"policies/pools.cpl", "pool snp-pool {\n  memory max 8Gi\n}\n"}}));
  ASSERT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  const ir::PoolConstraints* snp = ir::FindPool(c.policy, "snp-pool");
  EXPECT_EQ(snp->allowed_annotations, std::vector<std::string>{"cc_init_data"});
  EXPECT_EQ(snp->memory_max_mib, 8192u);
  EXPECT_EQ(snp->vcpus_max, 16u);
  EXPECT_EQ(snp->location.file, "policies/pools.cpl");
}

TEST(CheckTest, SyntaxErrorsStopTheCheckButKeepTheModelsPart) {
  Compiled c = CompileRules("release \"default/payments/*\" to workload payments when {\n  tee == snp && x\n}\n");
  EXPECT_TRUE(HasDiagnostic(c.sink, "CP4001", "policies/rules.cpl", 2, 14)) << Describe(c.sink);
  EXPECT_TRUE(CheckerBrief(c.sink).empty()) << Describe(c.sink);
  EXPECT_TRUE(c.policy.releases.empty());
  EXPECT_EQ(c.policy.workloads.size(), 2u);
  EXPECT_EQ(c.policy.pools.size(), 2u);
}

TEST(CheckTest, CheckTakesParsedFilesDirectly) {
  Compiled base = Compile(BaseWith({}));
  DiagnosticSink sink;
  std::vector<Ast> files;
  files.push_back(ParseFile("p.cpl", "agent profile strict {}\nrelease \"default/models/*\" to workload inference\n",
                            sink));
  ir::Policy policy = Check(files, base.model, sink);
  ASSERT_FALSE(sink.has_errors()) << Describe(sink);
  ASSERT_EQ(policy.releases.size(), 1u);
  EXPECT_EQ(policy.releases[0].id, "p_1");
  // Nothing releases payments-key any more.
  EXPECT_EQ(CheckerBrief(sink), std::vector<std::string>{"CP5051 resources/resources.yaml:6:9"});
}

TEST(CheckTest, LongConstChainsAreCutOffInsteadOfRecursingWithoutBound) {
  // Declared last-first, so evaluating c80 needs all 80 others in turn.
  std::string text;
  for (int i = 80; i >= 1; --i) text += "const c" + std::to_string(i) + " = c" + std::to_string(i - 1) + "\n";
  text += "const c0 = [snp]\n";
  Compiled c = Compile(BaseWith({{"policies/chain.cpl", text}}));
  std::vector<std::string> brief = CheckerBrief(c.sink);
  ASSERT_FALSE(brief.empty());
  EXPECT_TRUE(brief[0].starts_with("CP5026 policies/chain.cpl:")) << Describe(c.sink);
}

TEST(ShellsTest, FindsShellsInArgvAndRegexes) {
  using check::ShellInArgv;
  using check::ShellMatchedBy;
  EXPECT_EQ(ShellInArgv({"/bin/sh", "-c", "date"}), "/bin/sh");
  EXPECT_EQ(ShellInArgv({"bash"}), "bash");
  EXPECT_EQ(ShellInArgv({"/bin/busybox", "ash"}), "/bin/busybox ash");
  EXPECT_EQ(ShellInArgv({"/usr/bin/healthcheck", "sh"}), "");
  EXPECT_EQ(ShellInArgv({"/usr/bin/shasum"}), "");
  EXPECT_EQ(ShellMatchedBy("^/usr/bin/(ba)?sh"), "/usr/bin/sh");
  EXPECT_EQ(ShellMatchedBy(".*"), "sh");
  EXPECT_EQ(ShellMatchedBy("^/usr/bin/curl -s http://127\\.0\\.0\\.1:8080/health$"), "");
  EXPECT_EQ(ShellMatchedBy("(unclosed"), "");
  // std::regex backtracked for hours on this against "/bin/busybox fish
  // -c id" (a cpl_fuzz hang); the checker now matches in linear time.
  EXPECT_EQ(ShellMatchedBy("^(.*)*(.*)*(.*)*(.*)*x$"), "");
  EXPECT_EQ(ShellMatchedBy("^(.*)*(.*)*(.*)*(.*)* -c id$"), "sh -c id");
}

}  // namespace
}  // namespace cocoplane::cpl
