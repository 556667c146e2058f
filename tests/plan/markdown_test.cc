// The Markdown plan (a PR comment): a golden file, and an independent check
// of its structure by a real CommonMark parser, Debian's `cmark`
// (`cmark --to xml`), so "it renders" is not judged by eye. The golden is
// regenerated with UPDATE_GOLDEN=1; review its diff like code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "plan/plan.h"
#include "plan/release_fact_testing.h"
#include "plan/render_plan.h"
#include "testing/shell.h"
#include "testing/temp_path.h"

namespace cocoplane::plan {
namespace {

using compile::AddArtifact;
using compile::ArtifactKind;
using compile::Bundle;

// How `cmark --to xml` shows the two HTML blocks around each diff.
constexpr char kDetailsOpen[] = "<html_block xml:space=\"preserve\">&lt;details&gt;&lt;summary&gt;";
constexpr char kDetailsClose[] = "<html_block xml:space=\"preserve\">&lt;/details&gt;";

const std::string kGolden = std::string(COCOPLANE_SOURCE_DIR) + "/tests/plan/testdata/plan.md";

Bundle Base() {
  Bundle b;
  b.revision = "1111111111111111111111111111111111111111";
  AddArtifact(b, "trustee/resource-policy.rego", ArtifactKind::kKbsResourcePolicy, "trustee",
              "kbs:kbs/resource-policy.rego",
              "package policy\n\nimport rego.v1\n\ndefault allow := false\n\n"
              "allow if {\n  input.submods.cpu0[\"ear.status\"] == \"affirming\"\n}\n");
  AddArtifact(b, "workloads/pay/sealed/db.txt", ArtifactKind::kSealedSecret, "workload/pay", "none",
              "sealed.AAAA.BBBB.CCCC");
  AddArtifact(b, "pools/snp/50-cocoplane.toml", ArtifactKind::kKataConfig, "nodepool/snp",
              "node:snp:/etc/kata-containers/config.d/50-cocoplane.toml",
              "[hypervisor.qemu]\ndefault_memory = 2048\n");
  b.bindings.push_back({"pay", "sha384", std::string(96, 'a'), {}});
  b.release_facts = {testing::Allow("default/db/password", {"pay"}, "tee == snp"),
                     testing::Deny("*/*/*", "tee == sample")};
  return b;
}

Bundle Head() {
  Bundle b;
  b.revision = "2222222222222222222222222222222222222222";
  AddArtifact(b, "trustee/resource-policy.rego", ArtifactKind::kKbsResourcePolicy, "trustee",
              "kbs:kbs/resource-policy.rego",
              "package policy\n\nimport rego.v1\n\ndefault allow := false\n\n"
              "allow if {\n  input.submods.cpu0[\"ear.status\"] == \"affirming\"\n"
              "  # a comment with ``` backticks\n}\n");
  AddArtifact(b, "resources/default/db/password.json", ArtifactKind::kKbsResourceRef,
              "resource/default/db/password", "kbs:repository/default\\x2Fdb\\x2Fpassword",
              "{\"source\": {\"env\": \"DB_PASSWORD\"}}\n");
  AddArtifact(b, "workloads/pay/sealed/db.txt", ArtifactKind::kSealedSecret, "workload/pay", "none",
              "sealed.DDDD.EEEE.FFFF");
  AddArtifact(b, "pools/snp/50-cocoplane.toml", ArtifactKind::kKataConfig, "nodepool/snp",
              "node:snp:/etc/kata-containers/config.d/50-cocoplane.toml",
              "[hypervisor.qemu]\ndefault_memory = 4096\n");
  b.bindings.push_back({"pay", "sha384", std::string(96, 'b'), {}});
  b.release_facts = {testing::Allow("default/db/password", {"pay", "web"}, "tee in [snp, tdx]"),
                     testing::Deny("*/*/*", "ear.status == contraindicated")};
  return b;
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `cmark --to xml` of `markdown`; "" when cmark could not run.
std::string CmarkXml(const std::string& markdown) {
  std::string file = cocoplane::testing::ProcessTempPath("plan_markdown_test.md");
  std::ofstream(file) << markdown;
  cocoplane::testing::ShellResult run = cocoplane::testing::RunShell("cmark --to xml " + file);
  return run.exit_code == 0 ? run.out : "";
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(PlanMarkdownTest, MatchesTheGoldenFile) {
  std::string md = RenderPlanMarkdown(MakePlan(Base(), Head()));
  if (std::getenv("UPDATE_GOLDEN")) {
    std::filesystem::create_directories(std::filesystem::path(kGolden).parent_path());
    std::ofstream(kGolden) << md;
  }
  EXPECT_EQ(md, Read(kGolden)) << "regenerate with UPDATE_GOLDEN=1 and review the diff";
}

TEST(PlanMarkdownTest, CmarkSeesHeadingsSummaryAndDetailsBlocks) {
  std::string md = RenderPlanMarkdown(MakePlan(Base(), Head()));
  std::string xml = CmarkXml(md);
  ASSERT_FALSE(xml.empty()) << "cmark is missing: apt-get install cmark (.ci/setup.sh installs it)";
  EXPECT_EQ(Count(xml, "<heading level=\"2\">"), 1u) << xml;
  EXPECT_EQ(Count(xml, "<heading level=\"3\">"), 3u) << xml;
  EXPECT_NE(xml.find("<text xml:space=\"preserve\">Summary</text>"), std::string::npos);
  EXPECT_NE(xml.find("<text xml:space=\"preserve\">Diffs</text>"), std::string::npos);
  // One bullet per summary line.
  EXPECT_EQ(Count(xml, "<item>"), SummaryLines(MakePlan(Base(), Head()).summary).size());
  // Three text diffs (policy, resource reference, Kata drop-in), each an
  // HTML <details> block around a fenced diff; the sealed secret has none.
  EXPECT_EQ(Count(xml, kDetailsOpen), 3u) << xml;
  EXPECT_EQ(Count(xml, kDetailsClose), 3u) << xml;
  EXPECT_EQ(Count(xml, "<code_block info=\"diff\""), 3u) << xml;
  // The fence outlasts the backticks inside the diff: the comment line
  // stays inside the code block.
  EXPECT_NE(xml.find("+  # a comment with ``` backticks\n"), std::string::npos) << xml;
  // */*/* and [snp, tdx] print as written, not as emphasis or a link.
  EXPECT_EQ(xml.find("<emph>"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<link"), std::string::npos) << xml;
  EXPECT_NE(xml.find("deny rule changed: */*/*: when tee == sample -&gt; when"), std::string::npos);
  EXPECT_EQ(xml.find("sealed.AAAA"), std::string::npos);
  EXPECT_EQ(xml.find("sealed.DDDD"), std::string::npos);
}

TEST(PlanMarkdownTest, ABigPlanIsCutUnder65000CharactersWithANote) {
  Bundle base = Base(), head = Head();
  for (int f = 0; f < 40; ++f) {
    std::string text;
    for (int i = 0; i < 200; ++i)
      text += "setting_" + std::to_string(i) + " = " + std::to_string(f) + "\n";
    AddArtifact(head, "trustee/manifests/part-" + std::to_string(100 + f) + ".yaml",
                ArtifactKind::kTrusteeManifest, "trustee", "kubernetes:trustee/ConfigMap/x", text);
  }
  Plan plan = MakePlan(base, head);
  std::string md = RenderPlanMarkdown(plan);
  EXPECT_LE(md.size(), kMarkdownCommentLimit);
  EXPECT_GT(md.size(), kMarkdownCommentLimit - 5000) << "the cut should keep what fits";
  std::string xml = CmarkXml(md);
  ASSERT_FALSE(xml.empty()) << "cmark is missing";
  // Every table row and summary line is kept; whole diffs are dropped, and
  // every <details> that is opened is closed.
  size_t shown = Count(xml, kDetailsOpen);
  EXPECT_GT(shown, 0u);
  EXPECT_LT(shown, 43u);
  EXPECT_EQ(Count(xml, kDetailsClose), shown);
  std::string note = std::to_string(43 - shown) + " diffs left out to stay under 65000 characters";
  EXPECT_NE(md.find("> **Note:** " + note), std::string::npos) << md.substr(md.size() - 400);
  EXPECT_NE(xml.find("<block_quote>"), std::string::npos);
}

TEST(PlanMarkdownTest, TableRowsAndSummaryLinesGoWhenEvenTheTableIsTooBig) {
  Bundle head = Head();
  for (int i = 0; i < 200; ++i) {
    AddArtifact(head, "workloads/w" + std::to_string(1000 + i) + "/initdata.toml",
                ArtifactKind::kInitdata, "workload/w" + std::to_string(1000 + i), "none", "x\n");
  }
  std::string md = RenderPlanMarkdown(MakePlan(Base(), head), 4000);
  EXPECT_LE(md.size(), 4000u);
  EXPECT_NE(md.find("### Summary"), std::string::npos);
  EXPECT_NE(md.find(" table rows, 203 diffs left out to stay under 4000 characters"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("### Diffs"), std::string::npos);
}

}  // namespace
}  // namespace cocoplane::plan
