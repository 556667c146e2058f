#include "gen/workload/pod_patch.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gen/workload/initdata.h"
#include "testing/matchers.h"

namespace cocoplane::gen::workload {
namespace {

std::string Annotation() { return InitdataAnnotationValue("version = \"0.1.0\"\n"); }

TEST(PodPatchTest, RuntimeClassAndInitdataOnly) {
  auto patch = RenderPodPatch({.runtime_class_name = "kata-qemu-snp",
                               .initdata_annotation = "SDRzSQ==",
                               .memory_mib = std::nullopt,
                               .container_names = {"app"}});
  ASSERT_OK(patch.status());
  EXPECT_EQ(*patch,
            "{\n"
            "  \"metadata\": {\n"
            "    \"annotations\": {\n"
            "      \"io.katacontainers.config.hypervisor.cc_init_data\": \"SDRzSQ==\"\n"
            "    }\n"
            "  },\n"
            "  \"spec\": {\n"
            "    \"runtimeClassName\": \"kata-qemu-snp\"\n"
            "  }\n"
            "}\n");
}

TEST(PodPatchTest, MemorySetsTheAnnotationAndEqualRequestsAndLimits) {
  PodPatchInput input{.runtime_class_name = "kata-qemu-tdx",
                      .initdata_annotation = Annotation(),
                      .memory_mib = 4096,
                      .container_names = {"web", "sidecar"}};
  auto patch = RenderPodPatch(input);
  ASSERT_OK(patch.status());
  nlohmann::json json = nlohmann::json::parse(*patch);
  const auto& annotations = json["metadata"]["annotations"];
  EXPECT_EQ(annotations["io.katacontainers.config.hypervisor.cc_init_data"],
            input.initdata_annotation);
  EXPECT_EQ(annotations["io.katacontainers.config.hypervisor.default_memory"], "4096");
  EXPECT_EQ(json["spec"]["runtimeClassName"], "kata-qemu-tdx");
  const auto& containers = json["spec"]["containers"];
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0]["name"], "web") << "given order kept";
  EXPECT_EQ(containers[1]["name"], "sidecar");
  for (const auto& c : containers) {
    EXPECT_EQ(c["resources"]["requests"]["memory"], "4096Mi");
    EXPECT_EQ(c["resources"]["limits"]["memory"], "4096Mi");
  }
  EXPECT_EQ(*RenderPodPatch(input), *patch) << "deterministic";
}

TEST(PodPatchTest, MemoryWithoutContainersOnlyAnnotates) {
  auto patch = RenderPodPatch({.runtime_class_name = "kata-qemu-snp",
                               .initdata_annotation = Annotation(),
                               .memory_mib = 2048,
                               .container_names = {}});
  ASSERT_OK(patch.status());
  nlohmann::json json = nlohmann::json::parse(*patch);
  EXPECT_EQ(json["metadata"]["annotations"]["io.katacontainers.config.hypervisor.default_memory"],
            "2048");
  EXPECT_FALSE(json["spec"].contains("containers"));
}

// The patch is written by hand for speed; nlohmann::json, which wrote it
// before, is the independent check that the bytes are what its dump(2) of
// the same object prints (keys sorted, two-space indent).
TEST(PodPatchTest, IsTheBytesNlohmannWouldPrint) {
  auto reference = [](const PodPatchInput& input) {
    nlohmann::json annotations = {{kInitdataAnnotation, input.initdata_annotation}};
    nlohmann::json spec = {{"runtimeClassName", input.runtime_class_name}};
    if (input.memory_mib) {
      std::string quantity = std::to_string(*input.memory_mib) + "Mi";
      annotations[kDefaultMemoryAnnotation] = std::to_string(*input.memory_mib);
      for (const auto& name : input.container_names) {
        spec["containers"].push_back(
            {{"name", name},
             {"resources",
              {{"limits", {{"memory", quantity}}}, {"requests", {{"memory", quantity}}}}}});
      }
    }
    nlohmann::json patch = {{"metadata", {{"annotations", annotations}}}, {"spec", spec}};
    return patch.dump(2) + "\n";
  };
  std::vector<PodPatchInput> inputs = {
      {"kata-qemu-snp", Annotation(), std::nullopt, {}},
      {"kata-qemu-snp", Annotation(), std::nullopt, {"app"}},
      {"kata-qemu-tdx", Annotation(), 1, {}},
      {"kata-qemu-tdx", Annotation(), 4096, {"app"}},
      {"kata.qemu-snp", "Zm8=", 18446744073709551615u, {"web", "sidecar", "z-0"}},
  };
  for (const PodPatchInput& input : inputs) {
    auto patch = RenderPodPatch(input);
    ASSERT_OK(patch.status());
    EXPECT_EQ(*patch, reference(input))
        << input.runtime_class_name << " with " << input.container_names.size() << " containers";
  }
}

TEST(PodPatchTest, RejectsInvalidInput) {
  PodPatchInput good{.runtime_class_name = "kata-qemu-snp",
                     .initdata_annotation = Annotation(),
                     .memory_mib = 1024,
                     .container_names = {"app"}};
  auto baseline = RenderPodPatch(good);
  ASSERT_OK(baseline.status());

  auto with = [&](auto change) {
    PodPatchInput input = good;
    change(input);
    return RenderPodPatch(input).status().code();
  };
  EXPECT_EQ(with([](PodPatchInput& i) { i.runtime_class_name = "Kata_SNP"; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(with([](PodPatchInput& i) { i.runtime_class_name = ""; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(with([](PodPatchInput& i) { i.initdata_annotation = ""; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(with([](PodPatchInput& i) { i.initdata_annotation = "not base64!"; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(with([](PodPatchInput& i) { i.memory_mib = 0; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(with([](PodPatchInput& i) {
              i.container_names = {"app", "app"};
            }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(with([](PodPatchInput& i) { i.container_names = {"-app"}; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(with([](PodPatchInput& i) { i.runtime_class_name = "kata.qemu-snp"; }),
            StatusCode::kOk);
}

}  // namespace
}  // namespace cocoplane::gen::workload
