#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cpl/codegen/golden.h"
#include "cpl/codegen/rego.h"
#include "cpl/codegen/rego_check.h"
#include "cpl/ir/verify.h"
#include "testing/matchers.h"

namespace cocoplane::cpl::codegen {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Kind = ir::AppraisalCondition::Kind;
using namespace cocoplane::cpl::testing;  // NOLINT: helpers

const gen::trustee::TrusteeVersionFacts& Facts() { return *gen::trustee::FactsFor("0.21"); }

ir::AppraisalCondition Reference(std::string name, std::vector<std::string> path, unsigned line) {
  ir::AppraisalCondition c;
  c.kind = Kind::kReferenceContains;
  c.reference_name = std::move(name);
  c.claim_path = std::move(path);
  c.location = {"policies/attest.cpl", line, 5, 0};
  return c;
}

ir::AppraisalCondition Simple(Kind kind, std::vector<ir::Literal> values, unsigned line,
                              std::vector<std::string> path = {}) {
  ir::AppraisalCondition c;
  c.kind = kind;
  c.values = std::move(values);
  c.claim_path = std::move(path);
  c.location = {"policies/attest.cpl", line, 5, 0};
  return c;
}

ir::TrustAssignment Assign(ir::TrustClaim claim, int value, std::vector<ir::AppraisalCondition> conditions,
                           unsigned line) {
  return {claim, value, std::move(conditions), {"policies/attest.cpl", line, 3, 0}};
}

// attestation snp { ... } and attestation tdx { ... }, after the upstream
// default policy's checks.
ir::Policy AttestPolicy() {
  using ir::TrustClaim;
  ir::Policy p;
  p.reference_values = {"mr_td", "rtmr_1", "snp_bootloader", "snp_launch_measurement", "snp_microcode"};
  ir::Appraisal snp;
  snp.tee = ir::TeeKind::kSnp;
  snp.location = {"policies/attest.cpl", 1, 1, 0};
  snp.assignments.push_back(Assign(TrustClaim::kExecutables, 3,
                                   {Reference("snp_launch_measurement", {"measurement"}, 3)}, 2));
  snp.assignments.push_back(Assign(TrustClaim::kHardware, 2,
                                   {Reference("snp_bootloader", {"reported_tcb_bootloader"}, 6),
                                    Reference("snp_microcode", {"reported_tcb_microcode"}, 7)},
                                   5));
  snp.assignments.push_back(Assign(TrustClaim::kConfiguration, 2,
                                   {Simple(Kind::kDebugForbidden, {}, 10),
                                    Simple(Kind::kClaimEquals, {ir::Literal::Bool(false)}, 11, {"policy_migrate_ma"}),
                                    Simple(Kind::kClaimEquals, {ir::Literal::Int(0)}, 12, {"policy_abi_major"})},
                                   9));
  snp.assignments.push_back(Assign(TrustClaim::kConfiguration, 3, {Simple(Kind::kDebugForbidden, {}, 15)}, 14));
  ir::Appraisal tdx;
  tdx.tee = ir::TeeKind::kTdx;
  tdx.location = {"policies/attest.cpl", 20, 1, 0};
  tdx.assignments.push_back(Assign(TrustClaim::kHardware, 2,
                                   {Reference("mr_td", {"quote", "body", "mr_td"}, 22),
                                    Simple(Kind::kTcbStatusIn,
                                           {ir::Literal::String("UpToDate"), ir::Literal::String("SWHardeningNeeded")},
                                           23)},
                                   21));
  tdx.assignments.push_back(Assign(TrustClaim::kExecutables, 3, {Reference("rtmr_1", {"quote", "body", "rtmr_1"}, 26)}, 25));
  tdx.assignments.push_back(Assign(TrustClaim::kConfiguration, 2, {Simple(Kind::kDebugForbidden, {}, 29)}, 28));
  p.attestation.appraisals = {snp, tdx};
  return p;
}

std::string Generate(const ir::Policy& p) {
  auto rego = AttestationPolicyRego(p, Facts());
  EXPECT_OK(rego.status());
  return rego.ok() ? *rego : "";
}

TEST(AttestationPolicyRegoTest, MatchesGoldenAndIsWellFormed) {
  ir::Policy p = AttestPolicy();
  ASSERT_OK(ir::Verify(p));
  std::string rego = Generate(p);
  EXPECT_THAT(CheckRegoStructure(rego, "policy"), IsEmpty());
  ExpectGolden("attestation_policy.rego", rego);
}

TEST(AttestationPolicyRegoTest, DefaultsEveryTrustClaimOnceWithUpstreamValues) {
  std::map<std::string, std::string> defaults = DefaultValues(Generate(AttestPolicy()));
  EXPECT_EQ(defaults, (std::map<std::string, std::string>{{"configuration", "36"},
                                                          {"executables", "33"},
                                                          {"file_system", "0"},
                                                          {"hardware", "97"},
                                                          {"instance_identity", "0"},
                                                          {"runtime_opaque", "0"},
                                                          {"sourced_data", "0"},
                                                          {"storage_opaque", "0"}}));
  for (const auto& [name, count] : DefaultCounts(Generate(AttestPolicy()))) EXPECT_EQ(count, 1) << name;
}

TEST(AttestationPolicyRegoTest, TrustClaimsObjectHasAllEightAr4siKeys) {
  std::vector<RegoBlock> blocks = TopLevelBlocks(Generate(AttestPolicy()));
  ASSERT_FALSE(blocks.empty());
  const RegoBlock& last = blocks.back();
  EXPECT_EQ(last.head, "trust_claims := {");
  EXPECT_THAT(last.body, ElementsAre("\"instance-identity\": instance_identity,", "\"configuration\": configuration,",
                                     "\"executables\": executables,", "\"file-system\": file_system,",
                                     "\"hardware\": hardware,", "\"runtime-opaque\": runtime_opaque,",
                                     "\"storage-opaque\": storage_opaque,", "\"sourced-data\": sourced_data,"));
}

TEST(AttestationPolicyRegoTest, ReferenceValuesQueriedAreDeclared) {
  ir::Policy p = AttestPolicy();
  std::vector<std::string> queried = BuiltinStringArgs(Generate(p), Facts().reference_value_builtin);
  EXPECT_EQ(queried.size(), 5u);
  for (const auto& name : queried) {
    EXPECT_NE(std::find(p.reference_values.begin(), p.reference_values.end(), name), p.reference_values.end()) << name;
  }
}

TEST(AttestationPolicyRegoTest, SameClaimInOneTeeBecomesAnElseChain) {
  std::string rego = Generate(AttestPolicy());
  EXPECT_THAT(rego, HasSubstr("configuration := 2 if {\n\tinput[\"snp\"]\n"));
  EXPECT_THAT(rego, HasSubstr("} else := 3 if {\n\t# configuration = 3 at policies/attest.cpl:14:3\n\tinput[\"snp\"]\n"
                              "\t# not snp.debug (policies/attest.cpl:15:5)\n"
                              "\tinput[\"snp\"][\"policy_debug_allowed\"] == false\n"));
  EXPECT_THAT(rego, HasSubstr("input[\"tdx\"][\"td_attributes\"][\"debug\"] == false"));
  EXPECT_THAT(rego, HasSubstr("input[\"tdx\"][\"tcb_status\"] in [\"UpToDate\", \"SWHardeningNeeded\"]"));
}

TEST(AttestationPolicyRegoTest, OverriddenDefaultsAreEmitted) {
  ir::Policy p;
  p.attestation.defaults[static_cast<size_t>(ir::TrustClaim::kHardware)] = 99;
  std::string rego = Generate(p);
  EXPECT_EQ(DefaultValues(rego)["hardware"], "99");
  EXPECT_THAT(CheckRegoStructure(rego, "policy"), IsEmpty());
}

}  // namespace
}  // namespace cocoplane::cpl::codegen
