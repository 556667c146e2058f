// Cross-document checks: messages and model effects. Positions of every
// CP3xxx are pinned by the corpus (corpus_test.cc).
#include "model/crossref.h"

#include <gtest/gtest.h>

#include "model/model.h"
#include "model_testing.h"
#include "testing/matchers.h"

namespace cocoplane::model {
namespace {

using cocoplane::testing::SnapshotOf;

TEST(ResourcePathTest, AcceptsExactlyThreeKbsSegments) {
  EXPECT_EQ(ResourcePathProblem("default/enckey/key.pem"), "");
  EXPECT_EQ(ResourcePathProblem("a-b/_c/d.e.f"), "");
  EXPECT_EQ(ResourcePathProblem(""), "resource path is empty");
  EXPECT_EQ(ResourcePathProblem("/a/b/c"), "resource path \"/a/b/c\" starts with '/'");
  EXPECT_EQ(ResourcePathProblem("a/b/c/d"),
            "resource path \"a/b/c/d\" has 4 segments; the KBS needs exactly 3 (repo/type/tag)");
  EXPECT_EQ(ResourcePathProblem("a/b"),
            "resource path \"a/b\" has 2 segments; the KBS needs exactly 3 (repo/type/tag)");
  EXPECT_EQ(ResourcePathProblem("a//c"), "segment 2 of resource path \"a//c\" is empty");
  EXPECT_EQ(ResourcePathProblem("a/../c"),
            "segment \"..\" of resource path \"a/../c\" is not allowed by the KBS");
  EXPECT_EQ(ResourcePathProblem("a/.hidden/c"),
            "segment \".hidden\" of resource path \"a/.hidden/c\" is not allowed by the KBS");
  EXPECT_EQ(ResourcePathProblem("a/b c/d"),
            "segment \"b c\" of resource path \"a/b c/d\" is not allowed by the KBS");
}

TEST(AnnotationPatternTest, MatchesLikeKatasUnanchoredRegexes) {
  EXPECT_TRUE(AnnotationPatternMatches("default_memory", "default_memory"));
  EXPECT_TRUE(AnnotationPatternMatches("memory", "default_memory"));
  EXPECT_FALSE(AnnotationPatternMatches("default_memory", "default_vcpus"));
  EXPECT_TRUE(AnnotationPatternMatches(".*", "kernel_params"));
  EXPECT_TRUE(AnnotationPatternMatches("^default_(memory|vcpus)$", "default_vcpus"));
  EXPECT_FALSE(AnnotationPatternMatches("^default_(memory|vcpus)$", "default_vcpus_x"));
  EXPECT_EQ(AnnotationPatternProblem("default_[memory"), "not a valid regular expression");
  // Go's syntax: no lookahead.
  EXPECT_EQ(AnnotationPatternProblem("^(?!kernel)"), "not a valid regular expression");
  // A pattern that makes a backtracking engine take exponential time is
  // fine: matching is linear (base/regex.h).
  EXPECT_EQ(AnnotationPatternProblem("^(a+)+$"), "");
  EXPECT_FALSE(AnnotationPatternMatches("^(a+)+$", std::string(5000, 'a') + "b"));
  EXPECT_FALSE(AnnotationPatternMatches("(a+)+$", std::string(40, 'a') + "!"));
  EXPECT_EQ(AnnotationPatternProblem(std::string(257, 'a')), "longer than 256 bytes");
}

constexpr const char* kCluster =
    "apiVersion: cocoplane.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: c\nspec:\n"
    "  trusteeVersion: 0.21.0\n  trusteeProfile: p\n  kbs:\n    url: http://kbs:8080\n"
    "  defaultTee: tdx\n  initdataAlgorithm: sha384\n---\n"
    "apiVersion: cocoplane.io/v1alpha1\nkind: TrusteeProfile\nmetadata:\n  name: p\nspec:\n"
    "  type: Permissive\n  resourceBackend:\n    type: kvstorage\n";

std::string Pool(const std::string& name, const std::string& extra = "") {
  return "apiVersion: cocoplane.io/v1alpha1\nkind: NodePool\nmetadata:\n  name: " + name +
         "\nspec:\n  nodeSelector: {pool: " + name + "}\n" + extra;
}

TEST(CrossrefTest, DuplicatesAreReportedAtTheSecondAndDropped) {
  Snapshot snapshot = SnapshotOf({{"c.yaml", kCluster},
                                  {"a.yaml", Pool("gpu", "  confidentialGpu: true\n")},
                                  {"b.yaml", Pool("gpu")}});
  DiagnosticSink sink;
  Model model = Load(snapshot, sink);
  ASSERT_EQ(sink.diagnostics().size(), 1u) << testing::Describe(sink);
  const Diagnostic& d = sink.diagnostics()[0];
  EXPECT_EQ(d.id(), "CP3001");
  EXPECT_EQ(d.location.ToString(), "b.yaml:4:9");
  EXPECT_EQ(d.message, "duplicate NodePool name \"gpu\"; the first is at a.yaml:4:9");
  ASSERT_EQ(model.node_pools.size(), 1u);
  EXPECT_TRUE(model.node_pools[0].confidential_gpu.value);
}

TEST(CrossrefTest, PoolsWithoutATeeTakeTheClustersDefault) {
  Snapshot snapshot =
      SnapshotOf({{"c.yaml", kCluster}, {"p.yaml", Pool("gpu", "  confidentialGpu: true\n")}});
  DiagnosticSink sink;
  Model model = Load(snapshot, sink);
  ASSERT_TRUE(sink.empty()) << testing::Describe(sink);
  const NodePool* pool = model.FindNodePool("gpu");
  ASSERT_TRUE(pool && pool->tee);
  EXPECT_EQ(pool->tee->value, TeeKind::kTdx);
  EXPECT_EQ(pool->tee->location.ToString(), "c.yaml:10:15");
  EXPECT_EQ(pool->runtime_class_name, "kata-qemu-nvidia-gpu-tdx");
  EXPECT_EQ(pool->runtime_class_handler, "kata-qemu-nvidia-gpu-tdx");
}

TEST(CrossrefTest, UnknownReferencesSuggestTheClosestName) {
  Snapshot snapshot = SnapshotOf(
      {{"c.yaml", kCluster},
       {"p.yaml", Pool("snp-bare-metal")},
       {"w.yaml",
        "apiVersion: cocoplane.io/v1alpha1\nkind: Workload\nmetadata:\n  name: w\nspec:\n"
        "  namespace: default\n  podSelector:\n    matchLabels: {app: w}\n"
        "  nodePool: snp-baremetal\n  tlsKey: tls\n"}});
  DiagnosticSink sink;
  Load(snapshot, sink);
  sink.Sort();
  ASSERT_EQ(sink.diagnostics().size(), 2u) << testing::Describe(sink);
  EXPECT_EQ(sink.diagnostics()[0].message, "no NodePool named \"snp-baremetal\"");
  EXPECT_EQ(sink.diagnostics()[0].hint, "did you mean \"snp-bare-metal\"?");
  EXPECT_EQ(sink.diagnostics()[1].message, "no KbsResource named \"tls\"");
  EXPECT_EQ(sink.diagnostics()[1].hint, "define a KbsResource with metadata.name: tls");
}

TEST(CrossrefTest, VtpmMessageNamesThePoolAndTheAlgorithm) {
  Snapshot snapshot = SnapshotOf(
      {{"c.yaml", kCluster},
       {"p.yaml", Pool("azure", "  tee: az-tdx-vtpm\n")},
       {"w.yaml",
        "apiVersion: cocoplane.io/v1alpha1\nkind: Workload\nmetadata:\n  name: w\nspec:\n"
        "  namespace: default\n  podSelector:\n    matchLabels: {app: w}\n  nodePool: azure\n"}});
  DiagnosticSink sink;
  Load(snapshot, sink);
  ASSERT_EQ(sink.diagnostics().size(), 1u) << testing::Describe(sink);
  EXPECT_EQ(sink.diagnostics()[0].message,
            "workload \"w\" runs on vTPM node pool \"azure\" (az-tdx-vtpm) but the Cluster's "
            "initdata algorithm is sha384");
  EXPECT_NE(sink.diagnostics()[0].hint.find("c.yaml:11:22"), std::string::npos);
}

TEST(CrossrefTest, ReferencedFilesAreReadOnceEvenWhenBroken) {
  std::string workload =
      "apiVersion: cocoplane.io/v1alpha1\nkind: Workload\nmetadata:\n  name: NAME\nspec:\n"
      "  namespace: default\n  podSelector:\n    matchLabels: {app: w}\n  nodePool: p\n"
      "  initdataFragments: [frag.toml]\n";
  auto named = [&](const std::string& name) {
    std::string w = workload;
    return w.replace(w.find("NAME"), 4, name);
  };
  Snapshot snapshot = SnapshotOf({{"c.yaml", kCluster},
                                  {"p.yaml", Pool("p")},
                                  {"a.yaml", named("a")},
                                  {"b.yaml", named("b")},
                                  {"frag.toml", "x = \"caf\xe9\"\n"}});
  DiagnosticSink sink;
  Load(snapshot, sink);
  // One CP1007 from the TOML check of every *.toml; none from the two references.
  EXPECT_EQ(testing::Brief(sink), std::vector<std::string>{"CP1007 frag.toml:1:9"});
}

}  // namespace
}  // namespace cocoplane::model
