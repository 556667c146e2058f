#include "gen/node/kata_dropin.h"

#include <gtest/gtest.h>

#include "gen/trustee/parse_util.h"
#include "testing/matchers.h"

namespace cocoplane::gen::node {
namespace {

using cocoplane::testing::ParseToml;

KataPoolInput SnpPool() {
  KataPoolInput pool;
  pool.shim = "qemu-snp";
  pool.default_memory_mib = 4096;
  pool.default_maxmemory_mib = 8192;
  pool.default_vcpus = 2;
  pool.default_maxvcpus = 4;
  pool.annotations = {"default_memory", "io.katacontainers.config.hypervisor.kernel_params",
                      "default_memory", "cc_init_data"};
  pool.kernel_params = "agent.log=debug";
  return pool;
}

std::vector<std::string> Strings(const toml::node_view<toml::node>& array) {
  std::vector<std::string> out;
  if (const auto* a = array.as_array()) {
    for (const auto& item : *a) out.push_back(item.value<std::string>().value_or("<not a string>"));
  }
  return out;
}

TEST(KataDropInTest, SnpPoolParsesBackWithEveryKey) {
  Result<KataDropIn> dropin = GenerateKataDropIn(SnpPool());
  ASSERT_OK(dropin.status());
  EXPECT_EQ(dropin->path,
            "/opt/kata/share/defaults/kata-containers/runtimes/qemu-snp/config.d/"
            "50-cocoplane.toml");
  std::string error;
  auto t = ParseToml(dropin->text, &error);
  ASSERT_TRUE(t.has_value()) << error << "\n" << dropin->text;

  auto qemu = (*t)["hypervisor"]["qemu"];
  EXPECT_EQ(qemu["default_memory"].value<int64_t>(), 4096);
  EXPECT_EQ(qemu["default_maxmemory"].value<int64_t>(), 8192);
  EXPECT_EQ(qemu["default_vcpus"].value<int64_t>(), 2);
  EXPECT_EQ(qemu["default_maxvcpus"].value<int64_t>(), 4);
  EXPECT_EQ(qemu["kernel_params"].value<std::string>(), "agent.log=debug");
  EXPECT_EQ(qemu["enable_debug"].value<bool>(), false);
  // Sorted, de-duplicated, anchored; cc_init_data always there.
  const std::vector<std::string> expected = {"^cc_init_data$", "^default_memory$",
                                             "^kernel_params$"};
  EXPECT_EQ(Strings(qemu["enable_annotations"]), expected);
  EXPECT_EQ(dropin->enable_annotations, expected);
  EXPECT_EQ((*t)["runtime"]["static_sandbox_resource_mgmt"].value<bool>(), true);
  EXPECT_EQ((*t)["runtime"]["emptydir_mode"].value<std::string>(), "block-encrypted");
}

TEST(KataDropInTest, InitdataAnnotationIsEnabledEvenWhenNoWorkloadNamesOne) {
  KataPoolInput pool = SnpPool();
  pool.annotations.clear();
  auto t = ParseToml(GenerateKataDropIn(pool).value().text);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(Strings((*t)["hypervisor"]["qemu"]["enable_annotations"]),
            std::vector<std::string>{"^cc_init_data$"});
}

TEST(KataDropInTest, OptionalKeysAreLeftToTheMainFileWhenUnset) {
  KataPoolInput pool = SnpPool();
  pool.kernel_params.reset();
  pool.default_maxmemory_mib = 0;
  pool.default_maxvcpus = 0;
  auto t = ParseToml(GenerateKataDropIn(pool).value().text);
  ASSERT_TRUE(t.has_value());
  auto qemu = (*t)["hypervisor"]["qemu"];
  EXPECT_FALSE(qemu["kernel_params"]);
  EXPECT_FALSE(qemu["default_maxmemory"]);
  EXPECT_FALSE(qemu["default_maxvcpus"]);
}

TEST(KataDropInTest, FractionalVcpusAreWrittenAsAFloat) {
  KataPoolInput pool = SnpPool();
  pool.default_vcpus = 1.5;
  auto t = ParseToml(GenerateKataDropIn(pool).value().text);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ((*t)["hypervisor"]["qemu"]["default_vcpus"].value<double>(), 1.5);
}

TEST(KataDropInTest, RuntimeRsAndPrefixChangeOnlyThePath) {
  KataPoolInput pool = SnpPool();
  pool.shim = "qemu-tdx-runtime-rs";
  pool.kata_prefix = "/usr/local/kata";
  EXPECT_EQ(GenerateKataDropIn(pool).value().path,
            "/usr/local/kata/share/defaults/kata-containers/runtimes/qemu-tdx-runtime-rs/"
            "config.d/50-cocoplane.toml");
}

TEST(KataDropInTest, InvalidPoolsAreRejected) {
  KataPoolInput unknown = SnpPool();
  unknown.shim = "qemu-snpp";
  Status status = GenerateKataDropIn(unknown).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("qemu-snp,"), std::string::npos) << status.message();

  KataPoolInput remote = SnpPool();
  remote.shim = "remote";
  EXPECT_EQ(GenerateKataDropIn(remote).status().code(), StatusCode::kInvalidArgument);

  KataPoolInput no_memory = SnpPool();
  no_memory.default_memory_mib = 0;
  EXPECT_EQ(GenerateKataDropIn(no_memory).status().code(), StatusCode::kInvalidArgument);

  KataPoolInput low_ceiling = SnpPool();
  low_ceiling.default_maxmemory_mib = 1024;
  EXPECT_EQ(GenerateKataDropIn(low_ceiling).status().code(), StatusCode::kInvalidArgument);

  KataPoolInput low_vcpus = SnpPool();
  low_vcpus.default_vcpus = 4.5;
  low_vcpus.default_maxvcpus = 4;
  EXPECT_EQ(GenerateKataDropIn(low_vcpus).status().code(), StatusCode::kInvalidArgument);

  KataPoolInput runtime_annotation = SnpPool();
  runtime_annotation.annotations = {"io.katacontainers.config.runtime.sandbox_cgroup_only"};
  EXPECT_EQ(GenerateKataDropIn(runtime_annotation).status().code(), StatusCode::kInvalidArgument);

  KataPoolInput regex = SnpPool();
  regex.annotations = {"default_.*"};
  EXPECT_EQ(GenerateKataDropIn(regex).status().code(), StatusCode::kInvalidArgument);

  KataPoolInput newline = SnpPool();
  newline.kernel_params = "a\nb";
  EXPECT_EQ(GenerateKataDropIn(newline).status().code(), StatusCode::kInvalidArgument);
}

TEST(KataDropInTest, OutputIsDeterministic) {
  KataPoolInput a = SnpPool();
  KataPoolInput b = SnpPool();
  b.annotations = {"cc_init_data", "kernel_params", "default_memory"};
  EXPECT_EQ(GenerateKataDropIn(a).value().text, GenerateKataDropIn(b).value().text);
}

}  // namespace
}  // namespace cocoplane::gen::node
