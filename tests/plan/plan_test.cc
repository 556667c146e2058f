#include "plan/plan.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "plan/release_fact_testing.h"
#include "plan/render_plan.h"

namespace cocoplane::plan {
namespace {

using compile::AddArtifact;
using compile::ArtifactKind;
using compile::Bundle;

Bundle Base() {
  Bundle b;
  b.revision = "1111111111111111111111111111111111111111";
  AddArtifact(b, "trustee/resource-policy.rego", ArtifactKind::kKbsResourcePolicy, "trustee",
              "kbs:kbs/resource-policy.rego", "package policy\nallow := false\n");
  AddArtifact(b, "resources/default/old/key.json", ArtifactKind::kKbsResourceRef,
              "resource/default/old/key", "kbs:repository/default\\x2Fold\\x2Fkey", "{}\n");
  AddArtifact(b, "workloads/pay/sealed/db.txt", ArtifactKind::kSealedSecret, "workload/pay", "none",
              "sealed.AAAA.BBBB.CCCC");
  AddArtifact(b, "pools/snp/50-cocoplane.toml", ArtifactKind::kKataConfig, "nodepool/snp",
              "node:snp:/x/50-cocoplane.toml", "[hypervisor.qemu]\ndefault_memory = 2048\n");
  b.bindings.push_back({"pay", "sha256", "aaaa", {}});
  b.release_facts = {testing::Allow("default/pay/*", {"pay"})};
  return b;
}

Bundle Head() {
  Bundle b;
  b.revision = "2222222222222222222222222222222222222222";
  AddArtifact(b, "trustee/resource-policy.rego", ArtifactKind::kKbsResourcePolicy, "trustee",
              "kbs:kbs/resource-policy.rego", "package policy\nallow := true\n");
  AddArtifact(b, "resources/default/new/key.json", ArtifactKind::kKbsResourceRef,
              "resource/default/new/key", "kbs:repository/default\\x2Fnew\\x2Fkey", "{}\n");
  AddArtifact(b, "workloads/pay/sealed/db.txt", ArtifactKind::kSealedSecret, "workload/pay", "none",
              "sealed.DDDD.EEEE.FFFF");
  AddArtifact(b, "pools/snp/50-cocoplane.toml", ArtifactKind::kKataConfig, "nodepool/snp",
              "node:snp:/x/50-cocoplane.toml", "[hypervisor.qemu]\ndefault_memory = 4096\n");
  AddArtifact(b, "trustee/default_cpu.rego", ArtifactKind::kAttestationPolicy, "trustee",
              "kbs:attestation_service_policy/default_cpu.rego", "package policy\n");
  b.bindings.push_back({"pay", "sha256", "bbbb", {}});
  b.bindings.push_back({"web", "sha256", "cccc", {}});
  b.release_facts = {testing::Allow("default/pay/*", {"pay"}),
                     testing::Allow("default/pay/*", {"web"})};
  return b;
}

TEST(PlanTest, IdenticalBundlesGiveEmptyPlan) {
  Plan p = MakePlan(Base(), Base());
  EXPECT_TRUE(p.empty());
  EXPECT_TRUE(SummaryLines(p.summary).empty());
}

TEST(PlanTest, OrdersValuesThenPoliciesThenNodesThenWorkloadsThenRemovals) {
  Plan p = MakePlan(Base(), Head());
  std::vector<std::string> order;
  for (const auto& c : p.changes) order.push_back(std::to_string(c.step) + " " + c.path);
  EXPECT_EQ(order, (std::vector<std::string>{
                       "1 resources/default/new/key.json",
                       "2 trustee/default_cpu.rego",
                       "2 trustee/resource-policy.rego",
                       "4 pools/snp/50-cocoplane.toml",
                       "5 workloads/pay/sealed/db.txt",
                       "6 resources/default/old/key.json",
                   }));
}

TEST(PlanTest, SummarisesSemanticChanges) {
  Summary s = MakePlan(Base(), Head()).summary;
  ASSERT_EQ(s.releases.size(), 1u);
  EXPECT_EQ(DescribeReleaseChange(s.releases[0]), "release gained: default/pay/* to workload web");
  ASSERT_EQ(s.workloads_recreated.size(), 2u);
  EXPECT_EQ(s.workloads_recreated[0].workload, "pay");
  EXPECT_EQ(s.workloads_recreated[1].old_digest, "");
  EXPECT_EQ(s.pools_restarted, std::vector<std::string>{"snp"});
  EXPECT_EQ(s.resources_added, std::vector<std::string>{"default/new/key"});
  EXPECT_EQ(s.resources_removed, std::vector<std::string>{"default/old/key"});
}

TEST(PlanTest, APodPatchChangeWithoutANewDigestIsARollOut) {
  Bundle base, head;
  AddArtifact(base, "workloads/pay/pod-patch.json", ArtifactKind::kPodPatch, "workload/pay", "none",
              "{\"memory\": 2048}\n");
  AddArtifact(head, "workloads/pay/pod-patch.json", ArtifactKind::kPodPatch, "workload/pay", "none",
              "{\"memory\": 4096}\n");
  base.bindings.push_back({"pay", "sha256", "aaaa", {}});
  head.bindings.push_back({"pay", "sha256", "aaaa", {}});
  Summary s = MakePlan(base, head).summary;
  EXPECT_EQ(s.pod_patches_changed, std::vector<std::string>{"pay"});
  EXPECT_TRUE(s.workloads_recreated.empty());
  // With a new digest the recreation already says it all.
  head.bindings[0].digest = "bbbb";
  s = MakePlan(base, head).summary;
  EXPECT_TRUE(s.pod_patches_changed.empty());
  EXPECT_EQ(s.workloads_recreated.size(), 1u);
}

TEST(PlanTest, TextIsColouredOnlyWhenAsked) {
  Plan p = MakePlan(Base(), Head());
  std::string plain = RenderPlanText(p, false);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(plain.find("  1. + resources/default/new/key.json  [kbs-resource-ref"),
            std::string::npos)
      << plain;
  std::string color = RenderPlanText(p, true);
  EXPECT_NE(color.find("\x1b[32m+ resources/default/new/key.json\x1b[0m"), std::string::npos);
  EXPECT_NE(color.find("\x1b[31m- resources/default/old/key.json\x1b[0m"), std::string::npos);
  EXPECT_NE(color.find("\x1b[32m+allow := true\x1b[0m\n"), std::string::npos) << color;
}

TEST(PlanTest, SealedSecretContentNeverShown) {
  Plan p = MakePlan(Base(), Head());
  for (const std::string& out :
       {RenderPlanText(p, false), RenderPlanJson(p), RenderPlanMarkdown(p)}) {
    EXPECT_EQ(out.find("sealed.AAAA"), std::string::npos);
    EXPECT_EQ(out.find("sealed.DDDD"), std::string::npos);
  }
}

TEST(PlanTest, JsonParsesAndCarriesSummary) {
  auto j = nlohmann::json::parse(RenderPlanJson(MakePlan(Base(), Head())));
  EXPECT_EQ(j["changes"].size(), 6u);
  EXPECT_EQ(j["changes"][0]["type"], "added");
  EXPECT_EQ(j["summary"]["pools_restarted"][0], "snp");
  EXPECT_NE(j["changes"][2]["diff"].get<std::string>().find("+allow := true"), std::string::npos);
}

TEST(PlanTest, MarkdownIsCutWithANote) {
  Bundle base = Base(), head = Head();
  std::string big;
  for (int i = 0; i < 5000; ++i) big += "line " + std::to_string(i) + "\n";
  AddArtifact(head, "trustee/manifests.yaml", ArtifactKind::kTrusteeManifest, "trustee",
              "kubernetes:x", big);
  std::string md = RenderPlanMarkdown(MakePlan(base, head), 2000);
  EXPECT_LE(md.size(), 2000u);
  EXPECT_NE(md.find("diffs left out to stay under 2000 characters"), std::string::npos) << md;
  EXPECT_NE(md.find("### Summary"), std::string::npos);
}

}  // namespace
}  // namespace cocoplane::plan
