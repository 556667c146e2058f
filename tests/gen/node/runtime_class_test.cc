#include "gen/node/runtime_class.h"

#include <gtest/gtest.h>

#include "gen/trustee/parse_util.h"
#include "testing/matchers.h"

namespace cocoplane::gen::node {
namespace {

using cocoplane::testing::ParseYamlAll;

YAML::Node Generate(const RuntimeClassInput& input) {
  Result<std::string> text = GenerateRuntimeClass(input);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  if (!text.ok()) return YAML::Node();
  auto docs = ParseYamlAll(*text);
  EXPECT_TRUE(docs.has_value() && docs->size() == 1) << *text;
  return docs && docs->size() == 1 ? (*docs)[0] : YAML::Node();
}

std::vector<std::string> Keys(const YAML::Node& map) {
  std::vector<std::string> out;
  for (const auto& entry : map) out.push_back(entry.first.as<std::string>());
  return out;
}

TEST(RuntimeClassTest, SnpPoolGetsOverheadEsidAndSelector) {
  RuntimeClassInput input;
  input.shim = "qemu-snp";
  input.node_selector = {{"feature.node.kubernetes.io/cpu-security.sev.snp.enabled", "true"}};
  YAML::Node rc = Generate(input);

  EXPECT_EQ(rc["apiVersion"].as<std::string>(), "node.k8s.io/v1");
  EXPECT_EQ(rc["kind"].as<std::string>(), "RuntimeClass");
  EXPECT_EQ(rc["metadata"]["name"].as<std::string>(), "kata-qemu-snp");
  EXPECT_EQ(rc["handler"].as<std::string>(), "kata-qemu-snp");
  YAML::Node pod_fixed = rc["overhead"]["podFixed"];
  EXPECT_EQ(pod_fixed["memory"].as<std::string>(), "2048Mi");
  EXPECT_EQ(pod_fixed["cpu"].as<std::string>(), "1.0");
  EXPECT_EQ(pod_fixed["sev-snp.amd.com/esids"].as<std::string>(), "1");
  // Quantities and label values must reach Kubernetes as strings.
  EXPECT_EQ(pod_fixed["cpu"].Tag(), "!");
  EXPECT_EQ(pod_fixed["sev-snp.amd.com/esids"].Tag(), "!");
  YAML::Node selector = rc["scheduling"]["nodeSelector"];
  EXPECT_EQ(Keys(selector),
            (std::vector<std::string>{"feature.node.kubernetes.io/cpu-security.sev.snp.enabled",
                                      "katacontainers.io/kata-runtime"}));
  EXPECT_EQ(selector["katacontainers.io/kata-runtime"].as<std::string>(), "true");
  EXPECT_EQ(selector["katacontainers.io/kata-runtime"].Tag(), "!");
}

TEST(RuntimeClassTest, OverheadFollowsTheShimTable) {
  RuntimeClassInput tdx;
  tdx.shim = "qemu-tdx";
  EXPECT_EQ(Generate(tdx)["overhead"]["podFixed"]["tdx.intel.com/keys"].as<std::string>(), "1");

  RuntimeClassInput dev;
  dev.shim = "qemu-coco-dev";
  YAML::Node dev_fixed = Generate(dev)["overhead"]["podFixed"];
  EXPECT_EQ(Keys(dev_fixed), (std::vector<std::string>{"memory", "cpu"}));
  EXPECT_EQ(dev_fixed["memory"].as<std::string>(), "160Mi");
  EXPECT_EQ(dev_fixed["cpu"].as<std::string>(), "250m");

  RuntimeClassInput gpu;
  gpu.shim = "qemu-nvidia-gpu-snp";
  EXPECT_EQ(Generate(gpu)["overhead"]["podFixed"]["memory"].as<std::string>(), "10240Mi");
}

TEST(RuntimeClassTest, TeeExtrasCanBeSwitched) {
  RuntimeClassInput input;
  input.shim = "qemu-snp";
  input.tee_extended_resources = false;
  input.tee_node_label = true;
  YAML::Node rc = Generate(input);
  EXPECT_FALSE(rc["overhead"]["podFixed"]["sev-snp.amd.com/esids"]);
  EXPECT_EQ(
      rc["scheduling"]["nodeSelector"]["amd.feature.node.kubernetes.io/snp"].as<std::string>(),
      "true");
}

TEST(RuntimeClassTest, CustomNameKeepsTheKataDeployHandler) {
  RuntimeClassInput input;
  input.shim = "qemu-tdx";
  input.name = "confidential-tdx";
  YAML::Node rc = Generate(input);
  EXPECT_EQ(rc["metadata"]["name"].as<std::string>(), "confidential-tdx");
  EXPECT_EQ(rc["handler"].as<std::string>(), "kata-qemu-tdx");
}

TEST(RuntimeClassTest, InvalidInputsAreRejected) {
  RuntimeClassInput unknown;
  unknown.shim = "firecracker-snp";
  EXPECT_EQ(GenerateRuntimeClass(unknown).status().code(), StatusCode::kInvalidArgument);

  RuntimeClassInput bad_label;
  bad_label.shim = "qemu-snp";
  bad_label.node_selector = {{"bad key!", "true"}};
  EXPECT_EQ(GenerateRuntimeClass(bad_label).status().code(), StatusCode::kInvalidArgument);

  RuntimeClassInput bad_value;
  bad_value.shim = "qemu-snp";
  bad_value.node_selector = {{"pool", "-x"}};
  EXPECT_EQ(GenerateRuntimeClass(bad_value).status().code(), StatusCode::kInvalidArgument);

  RuntimeClassInput off;
  off.shim = "qemu-snp";
  off.node_selector = {{"katacontainers.io/kata-runtime", "false"}};
  EXPECT_EQ(GenerateRuntimeClass(off).status().code(), StatusCode::kInvalidArgument);

  RuntimeClassInput bad_name;
  bad_name.shim = "qemu-snp";
  bad_name.name = "Kata_SNP";
  EXPECT_EQ(GenerateRuntimeClass(bad_name).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cocoplane::gen::node
