// ir::Verify: a valid policy passes; each broken invariant is reported with
// the offending item's location.
#include "cpl/ir/verify.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cpl/eval/release_fixtures.h"
#include "testing/matchers.h"

namespace cocoplane::cpl::ir {
namespace {

using ::testing::HasSubstr;
using namespace cocoplane::cpl::testing;  // NOLINT: fixtures

std::string Problems(const Policy& policy) {
  Status st = Verify(policy);
  EXPECT_FALSE(st.ok());
  return st.message();
}

TEST(VerifyTest, ShopPolicyIsValid) { EXPECT_OK(Verify(ShopPolicy())); }

TEST(VerifyTest, EmptyPolicyIsValid) { EXPECT_OK(Verify(Policy{})); }

TEST(VerifyTest, RuleIdsMustBeUniqueIdentifiers) {
  Policy p = ShopPolicy();
  p.releases[1].id = "payments_key";
  EXPECT_THAT(Problems(p), HasSubstr("policies/shop.cpl:9:1: duplicate rule id 'payments_key'"));
  p = ShopPolicy();
  p.releases[0].id = "pay-ments";
  EXPECT_THAT(Problems(p), HasSubstr("rule id 'pay-ments' is not [A-Za-z0-9_]+"));
}

TEST(VerifyTest, PatternSegmentsMustBeKbsPathSegments) {
  Policy p = ShopPolicy();
  p.releases[0].pattern.tag = Lit(".hidden");
  EXPECT_THAT(Problems(p), HasSubstr("invalid tag segment '.hidden'"));
  p = ShopPolicy();
  p.releases[0].pattern.repo = Prefix("");
  EXPECT_THAT(Problems(p), HasSubstr("invalid repository segment ''"));
  p = ShopPolicy();
  p.releases[0].pattern.type = Lit("a/b");
  EXPECT_THAT(Problems(p), HasSubstr("invalid type segment 'a/b'"));
}

TEST(VerifyTest, TargetsMustBeBindableWorkloads) {
  Policy p = ShopPolicy();
  p.releases[0].targets = {"payments", "payments"};
  EXPECT_THAT(Problems(p), HasSubstr("targets 'payments' twice"));
  p.releases[0].targets = {"ghost"};
  EXPECT_THAT(Problems(p), HasSubstr("targets unknown workload 'ghost'"));
  p = ShopPolicy();
  p.workloads.push_back(MakeWorkload("mainframe", TeeKind::kSe, "", 2));
  p.releases[0].targets = {"mainframe"};
  EXPECT_THAT(Problems(p), HasSubstr("whose TEE has no initdata binding"));
}

TEST(VerifyTest, BindingsHaveTheTeesShape) {
  Policy p = ShopPolicy();
  p.workloads[0].init_data_binding = kDigestA.substr(0, 62);
  EXPECT_THAT(Problems(p), HasSubstr("workloads/payments.yaml:4:1: workload 'payments': init_data binding for snp "
                                     "must be 64 hex characters"));
  p = ShopPolicy();
  p.workloads[1].init_data_binding = kDigestC;  // not padded for TDX
  EXPECT_THAT(Problems(p), HasSubstr("for tdx must be 96 hex characters"));
  p = ShopPolicy();
  p.workloads[0].init_data_binding = std::string(64, 'g');
  EXPECT_THAT(Problems(p), HasSubstr("must be 64 hex characters"));
  p = ShopPolicy();
  p.workloads.push_back(MakeWorkload("sample", TeeKind::kSample, "not base64!", 9));
  EXPECT_THAT(Problems(p), HasSubstr("init_data binding must be base64"));
  p = ShopPolicy();
  p.workloads.push_back(MakeWorkload("mainframe", TeeKind::kSe, "abcd", 9));
  EXPECT_THAT(Problems(p), HasSubstr("TEE se has no initdata binding, yet one is set"));
}

TEST(VerifyTest, WorkloadsAreUniqueAndProfilesExist) {
  Policy p = ShopPolicy();
  p.workloads.push_back(p.workloads[0]);
  EXPECT_THAT(Problems(p), HasSubstr("duplicate workload 'payments'"));
  p = ShopPolicy();
  p.workloads[0].agent_profile = "strict";
  EXPECT_THAT(Problems(p), HasSubstr("selects unknown agent profile 'strict'"));
}

TEST(VerifyTest, ConditionsAreWellFormed) {
  Policy p = ShopPolicy();
  p.releases[0].conditions = {TeeIs(SetOp::kIn, {}, At(4)), StatusIs(SetOp::kIn, {}, At(5)),
                              Trust(TrustClaim::kHardware, CompareOp::kLe, 128, At(6)),
                              GpuStatusIs(SetOp::kIn, {}, At(7)), InitDataClaim({}, SetOp::kIn, {}, At(8)),
                              InitDataClaim({"a", ""}, SetOp::kIn, {"x"}, At(9))};
  std::string problems = Problems(p);
  EXPECT_THAT(problems, HasSubstr("policies/shop.cpl:4:3: empty TEE set"));
  EXPECT_THAT(problems, HasSubstr("policies/shop.cpl:5:3: empty status set"));
  EXPECT_THAT(problems, HasSubstr("policies/shop.cpl:6:3: trust value 128 outside [-127, 127]"));
  EXPECT_THAT(problems, HasSubstr("policies/shop.cpl:7:3: empty GPU status set"));
  EXPECT_THAT(problems, HasSubstr("policies/shop.cpl:8:3: empty claim path"));
  EXPECT_THAT(problems, HasSubstr("policies/shop.cpl:8:3: empty init_data_claims value set"));
  EXPECT_THAT(problems, HasSubstr("policies/shop.cpl:9:3: empty claim path segment"));
}

AppraisalCondition Cond(AppraisalCondition::Kind kind, unsigned line) {
  AppraisalCondition c;
  c.kind = kind;
  c.location = {"policies/attest.cpl", line, 5, 0};
  return c;
}

TEST(VerifyTest, AppraisalsUseDeclaredReferencesAndExistingClaims) {
  Policy p;
  p.reference_values = {"snp_launch_measurement"};
  Appraisal snp;
  snp.tee = TeeKind::kSnp;
  AppraisalCondition ref = Cond(AppraisalCondition::Kind::kReferenceContains, 3);
  ref.reference_name = "snp_measurement";
  ref.claim_path = {"measurement"};
  AppraisalCondition tcb = Cond(AppraisalCondition::Kind::kTcbStatusIn, 4);
  tcb.values = {Literal::String("UpToDate")};
  AppraisalCondition eq = Cond(AppraisalCondition::Kind::kClaimEquals, 5);
  eq.claim_path = {"policy_abi_major"};
  snp.assignments.push_back({TrustClaim::kExecutables, 3, {ref, tcb, eq}, {}});
  snp.assignments.push_back({TrustClaim::kHardware, -128, {}, {"policies/attest.cpl", 7, 3, 0}});
  Appraisal cca;
  cca.tee = TeeKind::kCca;
  cca.assignments.push_back({TrustClaim::kConfiguration, 2, {Cond(AppraisalCondition::Kind::kDebugForbidden, 9)}, {}});
  p.attestation.appraisals = {snp, cca, cca};
  std::string problems = Problems(p);
  EXPECT_THAT(problems, HasSubstr("policies/attest.cpl:3:5: unknown reference value 'snp_measurement'"));
  EXPECT_THAT(problems, HasSubstr("policies/attest.cpl:4:5: TEE snp has no TCB status claim"));
  EXPECT_THAT(problems, HasSubstr("policies/attest.cpl:5:5: claim equality needs exactly one literal"));
  EXPECT_THAT(problems, HasSubstr("policies/attest.cpl:7:3: trust value -128 outside [-127, 127]"));
  EXPECT_THAT(problems, HasSubstr("policies/attest.cpl:9:5: TEE cca has no debug claim"));
  EXPECT_THAT(problems, HasSubstr("second attestation block for cca"));
}

TEST(VerifyTest, AgentProfileRegexesMustBePortable) {
  Policy p;
  AgentProfile a;
  a.name = "a";
  a.location = {"policies/agent.cpl", 1, 1, 0};
  a.exec.allow_regexes = {"^(?=x)"};
  a.env.allow_regexes = {"(a)\\1", "[unclosed"};
  a.exec.allow_argv = {{}};
  a.copy_file.allow_prefixes = {"etc/app"};
  p.agent_profiles = {a, a};
  std::string problems = Problems(p);
  EXPECT_THAT(problems, HasSubstr("policies/agent.cpl:1:1: profile 'a': regex '^(?=x)' uses lookaround"));
  EXPECT_THAT(problems, HasSubstr("uses a backreference"));
  EXPECT_THAT(problems, HasSubstr("regex '[unclosed' does not compile"));
  EXPECT_THAT(problems, HasSubstr("empty exec argv"));
  EXPECT_THAT(problems, HasSubstr("copy_file prefix 'etc/app' is not absolute"));
  EXPECT_THAT(problems, HasSubstr("duplicate agent profile 'a'"));
}

TEST(VerifyTest, PortableRegexAcceptsWhatRegoEnginesShare) {
  EXPECT_OK(PortableRegex("^[A-Z_][A-Z0-9_]*=.*$"));
  EXPECT_OK(PortableRegex("^(?:0{0,4}:){0,7}0{0,3}1$"));
  EXPECT_OK(PortableRegex("a\\\\1"));  // an escaped backslash, then '1'
  EXPECT_FALSE(PortableRegex("(?<name>x)").ok());
}

TEST(VerifyTest, PoolsHaveSortedAnnotationNamesAndPositiveMaxima) {
  Policy p;
  PoolConstraints pool;
  pool.name = "snp_bare_metal";
  pool.location = {"policies/pools.cpl", 1, 1, 0};
  pool.allowed_annotations = {"default_memory", "cc_init_data", "io.katacontainers.x"};
  pool.memory_max_mib = 0;
  pool.vcpus_max = 0;
  p.pools = {pool};
  std::string problems = Problems(p);
  EXPECT_THAT(problems, HasSubstr("policies/pools.cpl:1:1: pool 'snp_bare_metal': bad annotation name 'io.katacontainers.x'"));
  EXPECT_THAT(problems, HasSubstr("allowed annotations must be sorted"));
  EXPECT_THAT(problems, HasSubstr("memory max must be > 0"));
  EXPECT_THAT(problems, HasSubstr("vcpus max must be > 0"));
}

}  // namespace
}  // namespace cocoplane::cpl::ir
