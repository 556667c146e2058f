// The IR's vocabularies, their external spellings, the agent endpoint
// table and the CPL-like rendering used by traces and Rego comments.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "cpl/eval/release_fixtures.h"
#include "cpl/ir/agent_facts.h"
#include "cpl/ir/kinds.h"
#include "cpl/ir/render.h"

namespace cocoplane::cpl::ir {
namespace {

using ::testing::ElementsAre;
using namespace cocoplane::cpl::testing;  // NOLINT: fixtures

TEST(KindsTest, TeeNamesRoundTripAndEvidenceKeysFollowKbsTypes) {
  for (TeeKind tee : AllTeeKinds()) EXPECT_EQ(TeeFromName(TeeName(tee)), tee);
  EXPECT_EQ(AllTeeKinds().size(), static_cast<size_t>(kTeeKindCount));
  EXPECT_EQ(TeeEvidenceKey(TeeKind::kAzSnpVtpm), "az-snp-vtpm");
  EXPECT_EQ(TeeName(TeeKind::kAzSnpVtpm), "az_snp_vtpm");
  EXPECT_FALSE(TeeFromName("sev").has_value());
}

TEST(KindsTest, BindingShapesPerTee) {
  EXPECT_EQ(TeeBindingHexLength(TeeKind::kSnp), 64u);
  EXPECT_EQ(TeeBindingHexLength(TeeKind::kTdx), 96u);
  EXPECT_EQ(TeeBindingEncoding(TeeKind::kSample), BindingEncoding::kBase64);
  EXPECT_EQ(TeeBindingEncoding(TeeKind::kSe), BindingEncoding::kUnsupported);
}

TEST(KindsTest, DebugAndTcbClaimPaths) {
  EXPECT_THAT(TeeDebugClaimPath(TeeKind::kTdx), ElementsAre("td_attributes", "debug"));
  EXPECT_THAT(TeeDebugClaimPath(TeeKind::kSnp), ElementsAre("policy_debug_allowed"));
  EXPECT_TRUE(TeeDebugClaimPath(TeeKind::kTpm).empty());
  EXPECT_THAT(TeeTcbStatusClaimPath(TeeKind::kTdx), ElementsAre("tcb_status"));
  EXPECT_TRUE(TeeTcbStatusClaimPath(TeeKind::kSnp).empty());
}

TEST(KindsTest, StatusesAndTrustClaims) {
  EXPECT_EQ(EarStatusFromName("contraindicated"), EarStatus::kContraindicated);
  EXPECT_FALSE(EarStatusFromName("Affirming").has_value());
  for (TrustClaim c : AllTrustClaims()) EXPECT_EQ(TrustClaimFromName(TrustClaimName(c)), c);
  EXPECT_EQ(TrustClaimTokenKey(TrustClaim::kInstanceIdentity), "instance-identity");
  EXPECT_EQ(TrustClaimName(TrustClaim::kInstanceIdentity), "instance_identity");
  EXPECT_THAT(DefaultTrustClaimValues(), ElementsAre(0, 36, 33, 0, 97, 0, 0, 0));
}

TEST(KindsTest, CompareAndLiterals) {
  EXPECT_TRUE(Compare(3, CompareOp::kLe, 3));
  EXPECT_FALSE(Compare(3, CompareOp::kLt, 3));
  EXPECT_TRUE(Compare(-1, CompareOp::kNe, 1));
  EXPECT_EQ(LiteralToRego(Literal::String("a\"b")), "\"a\\\"b\"");
  EXPECT_EQ(LiteralToRego(Literal::Int(-5)), "-5");
  EXPECT_EQ(LiteralToRego(Literal::Bool(false)), "false");
}

TEST(AgentFactsTest, EndpointTableIsSortedUniqueAndComplete) {
  auto endpoints = AgentEndpoints();
  EXPECT_EQ(endpoints.size(), 41u);  // 39 *Request names + 2 MemAgent ones (reference §3)
  EXPECT_TRUE(std::is_sorted(endpoints.begin(), endpoints.end(),
                             [](const AgentEndpoint& a, const AgentEndpoint& b) { return a.name < b.name; }));
  std::set<std::string_view> names;
  for (const auto& e : endpoints) names.insert(e.name);
  EXPECT_EQ(names.size(), endpoints.size());
  EXPECT_EQ(FindAgentEndpoint("SetPolicyRequest")->rule, EndpointRule::kSetPolicy);
  EXPECT_EQ(FindAgentEndpoint("PullImageRequest"), nullptr);
}

TEST(RenderTest, ConditionsReadLikeCpl) {
  EXPECT_EQ(ToString(TeeIs(SetOp::kIn, {TeeKind::kSnp, TeeKind::kTdx})), "tee in [snp, tdx]");
  EXPECT_EQ(ToString(TeeIs(SetOp::kNotIn, {TeeKind::kSample})), "tee != sample");
  EXPECT_EQ(ToString(StatusIs(SetOp::kIn, {EarStatus::kAffirming})), "ear.status == affirming");
  EXPECT_EQ(ToString(StatusIs(SetOp::kNotIn, {EarStatus::kWarning, EarStatus::kNone})),
            "ear.status not in [warning, none]");
  EXPECT_EQ(ToString(Trust(TrustClaim::kFileSystem, CompareOp::kGe, -2)), "trust.file_system >= -2");
  EXPECT_EQ(ToString(GpuAttested()), "gpu.attested");
  EXPECT_EQ(ToString(GpuStatusIs(SetOp::kIn, {EarStatus::kAffirming})), "gpu.status == affirming");
  EXPECT_EQ(ToString(InitDataClaim({"cdh.toml", "kbc", "name"}, SetOp::kIn, {"cc_kbc", "x"})),
            "init_data_claims.\"cdh.toml\".kbc.name in [\"cc_kbc\", \"x\"]");
}

TEST(RenderTest, PatternsAndAppraisalConditions) {
  EXPECT_EQ(ToString(ResourcePattern{Lit("default"), Prefix("pay"), Any()}), "default/pay*/*");
  AppraisalCondition ref;
  ref.kind = AppraisalCondition::Kind::kReferenceContains;
  ref.reference_name = "mr_td";
  ref.claim_path = {"quote", "body", "mr_td"};
  EXPECT_EQ(ToString(ref, TeeKind::kTdx), "reference \"mr_td\" contains tdx.quote.body.mr_td");
  AppraisalCondition debug;
  debug.kind = AppraisalCondition::Kind::kDebugForbidden;
  EXPECT_EQ(ToString(debug, TeeKind::kSnp), "not snp.debug");
  EXPECT_EQ(KindName(ReleaseRule::Kind::kAllow), "release");
}

}  // namespace
}  // namespace cocoplane::cpl::ir
