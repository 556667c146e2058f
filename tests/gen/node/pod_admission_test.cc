#include "gen/node/pod_admission.h"

#include <gtest/gtest.h>

#include "testing/matchers.h"

namespace cocoplane::gen::node {
namespace {

constexpr const char* kPrefix = "io.katacontainers.config.hypervisor.";

KataPoolInput Pool(std::string shim) {
  KataPoolInput pool;
  pool.shim = std::move(shim);
  pool.annotations = {"default_memory"};
  return pool;
}

std::string H(const std::string& name) { return kPrefix + name; }

TEST(PodAdmissionTest, GoShimRejectsAHypervisorAnnotationTheDropInDoesNotEnable) {
  Result<AdmissionResult> result =
      PodAdmission(Pool("qemu-snp"), {{H("cc_init_data"), "H4sI..."}, {H("default_vcpus"), "4"}});
  ASSERT_OK(result.status());

  EXPECT_FALSE(result->admitted);
  ASSERT_EQ(result->decisions.size(), 2u);
  EXPECT_EQ(result->decisions[0].annotation, H("cc_init_data"));
  EXPECT_EQ(result->decisions[0].verdict, AnnotationVerdict::kAllowed);
  EXPECT_EQ(result->decisions[1].verdict, AnnotationVerdict::kRejected);
  EXPECT_EQ(result->decisions[1].message,
            "annotation io.katacontainers.config.hypervisor.default_vcpus is not enabled");
}

TEST(PodAdmissionTest, RuntimeRsIgnoresInsteadOfRejecting) {
  Result<AdmissionResult> result =
      PodAdmission(Pool("qemu-snp-runtime-rs"), {{H("default_vcpus"), "4"}});
  ASSERT_OK(result.status());
  EXPECT_TRUE(result->admitted);
  ASSERT_EQ(result->decisions.size(), 1u);
  EXPECT_EQ(result->decisions[0].verdict, AnnotationVerdict::kIgnored);
}

TEST(PodAdmissionTest, AnchoredEntriesDoNotAdmitLongerNamesButUpstreamStyleOnesDo) {
  std::map<std::string, std::string> pod = {{H("default_memory_foo"), "1"}};

  Result<AdmissionResult> ours = PodAdmission(Pool("qemu-snp"), pod);
  ASSERT_OK(ours.status());
  EXPECT_FALSE(ours->admitted);

  // The build default list uses bare names, which Go matches unanchored.
  AdmissionResult upstream = CheckAnnotations(ShimRuntime::kGo, {"default_memory"}, pod);
  EXPECT_TRUE(upstream.admitted);
}

TEST(PodAdmissionTest, OnlyHypervisorAnnotationsAreGated) {
  Result<AdmissionResult> result = PodAdmission(
      Pool("qemu-snp"),
      {{"io.katacontainers.config.runtime.experimental", "x"}, {"example.com/team", "a"}});
  ASSERT_OK(result.status());
  EXPECT_TRUE(result->admitted);
  EXPECT_TRUE(result->decisions.empty());
}

TEST(PodAdmissionTest, AnEntryThatDoesNotCompileMatchesNothing) {
  AdmissionResult result =
      CheckAnnotations(ShimRuntime::kGo, {"(unclosed", "^kernel_params$"},
                       {{H("kernel_params"), "a=b"}, {H("default_memory"), "1"}});
  EXPECT_FALSE(result.admitted);
  EXPECT_EQ(result.decisions[0].annotation, H("default_memory"));
  EXPECT_EQ(result.decisions[0].verdict, AnnotationVerdict::kRejected);
  EXPECT_EQ(result.decisions[1].verdict, AnnotationVerdict::kAllowed);
}

TEST(PodAdmissionTest, PoolErrorsPassThrough) {
  EXPECT_EQ(PodAdmission(Pool("nope"), {}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cocoplane::gen::node
