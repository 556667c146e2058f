// A one-field change to one workload must move that workload's initdata
// digest and the KBS resource policy that pins it — and nothing else. And
// every build-time cross-document check has a failing case with a position.
#include <gtest/gtest.h>

#include <ostream>
#include <set>

#include "compile/compile_test_util.h"
#include "compile/compiler.h"
#include "testing/matchers.h"

namespace cocoplane::compile {
namespace {

using cocoplane::testing::Describe;
using cocoplane::testing::HasDiagnostic;
using testing::Edit;
using testing::ExampleRepo;
using testing::TestOptions;

std::map<std::string, std::string> ShaByPath(const Bundle& b) {
  std::map<std::string, std::string> out;
  for (const auto& a : b.artifacts) out[a.path] = a.sha256;
  return out;
}

TEST(CompileChangeTest, OneWorkloadFieldMovesItsDigestAndThePolicyOnly) {
  Snapshot base = ExampleRepo();
  Snapshot head = base;
  ASSERT_TRUE(Edit(head, "workloads/sealed-secret-demo.yaml", "  imagePolicy: org-images\n",
                   "  imagePolicy: org-images\n  registryCredential: regcred\n"));
  DiagnosticSink s1, s2;
  auto a = Compile(base, TestOptions(), s1);
  auto b = Compile(head, TestOptions(), s2);
  ASSERT_TRUE(a && b) << Describe(s1) << Describe(s2);
  std::map<std::string, std::string> before = ShaByPath(a->bundle), after = ShaByPath(b->bundle);
  std::set<std::string> changed;
  for (const auto& [path, sha] : after) {
    if (before[path] != sha) changed.insert(path);
  }
  EXPECT_EQ(changed, (std::set<std::string>{
                         // The workload's initdata (cdh.toml gained the credential URI)...
                         "workloads/sealed-secret-demo/initdata.toml",
                         "workloads/sealed-secret-demo/initdata.annotation",
                         // ...which the pod patch carries as the annotation...
                         "workloads/sealed-secret-demo/pod-patch.json",
                         // ...and the resource policy pinning its new digest, also
                         // shipped inside the operator's ConfigMap.
                         "trustee/resource-policy.rego",
                         "trustee/manifests.yaml",
                     }));
  for (size_t i = 0; i < a->bundle.bindings.size(); ++i) {
    const auto& x = a->bundle.bindings[i];
    const auto& y = b->bundle.bindings[i];
    EXPECT_EQ(x.digest != y.digest, x.workload == "sealed-secret-demo") << x.workload;
  }
}

// Each case edits the example so that one build check fails, and pins the
// diagnostic's ID, file, line and column.
struct BuildCheckCase {
  const char* name;
  const char* file;
  const char* from;
  const char* to;
  const char* id;
  // Where the diagnostic points: the workload field that asks for too much.
  const char* at_file;
  unsigned line;
  unsigned column;
  bool with_key = true;
};

// Names the case in test output (and in the names ctest lists, which would
// otherwise carry the struct's bytes, pointers included).
void PrintTo(const BuildCheckCase& c, std::ostream* os) { *os << c.name; }

class BuildCheckTest : public ::testing::TestWithParam<BuildCheckCase> {};

TEST_P(BuildCheckTest, FailsWithPosition) {
  const BuildCheckCase& c = GetParam();
  Snapshot snap = ExampleRepo();
  ASSERT_TRUE(Edit(snap, c.file, c.from, c.to)) << c.file << " has no \"" << c.from << "\"";
  CompileOptions options = c.with_key ? TestOptions() : CompileOptions{};
  DiagnosticSink sink;
  auto out = Compile(snap, options, sink);
  EXPECT_FALSE(out.has_value());
  EXPECT_TRUE(HasDiagnostic(sink, c.id, c.at_file, c.line, c.column)) << Describe(sink);
}

INSTANTIATE_TEST_SUITE_P(
    Examples, BuildCheckTest,
    ::testing::Values(
        // The model checks a workload against its NodePool document (CP3009,
        // CP3010); these fire when the pool's CPL rules are the stricter side.
        BuildCheckCase{"MemoryAbovePoolMaximum", "policies/pools.cpl", "memory max 64Gi",
                       "memory max 32Gi", "CP6003", "workloads/large-image.yaml", 19, 14},
        BuildCheckCase{
            "AnnotationNotEnabled", "policies/pools.cpl",
            "pool snp {\n  annotations allow [cc_init_data, default_memory, default_vcpus]",
            "pool snp {\n  annotations allow [cc_init_data, default_vcpus]", "CP6002",
            "workloads/large-image.yaml", 19, 14},
        BuildCheckCase{"GpuWorkloadWithoutGpuPool", "policies/secrets.cpl",
                       "to workload sealed-secret-demo when {\n",
                       "to workload sealed-secret-demo when {\n  gpu.attested\n", "CP6004",
                       "workloads/sealed-secret-demo.yaml", 13, 13},
        BuildCheckCase{"SealedSecretNotReleased", "policies/secrets.cpl",
                       "release \"default/enckey/key.pem\" to workload sealed-secret-demo",
                       "release \"default/enckey/key.pem\" to workload ingress-tls", "CP6005",
                       "workloads/sealed-secret-demo.yaml", 20, 17},
        BuildCheckCase{"NoSealingKey", "workloads/sealed-secret-demo.yaml", "name: mysecret",
                       "name: mysecret", "CP6006", "workloads/sealed-secret-demo.yaml", 19, 13,
                       false}),
    [](const ::testing::TestParamInfo<BuildCheckCase>& param_info) {
      return param_info.param.name;
    });

}  // namespace
}  // namespace cocoplane::compile
