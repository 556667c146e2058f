#include "drift/drift.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "fs/atomic_file.h"
#include "reconcile/applier.h"
#include "targets/dir_target.h"
#include "testing/matchers.h"

namespace cocoplane::drift {
namespace {

using compile::AddArtifact;
using compile::ArtifactKind;
using compile::Bundle;

constexpr char kCanary[] = "drift-canary-0b5e";

struct Env {
  std::string dir;
  std::unique_ptr<targets::Target> node, kbs;
  std::vector<targets::Target*> all;
  reconcile::Record record;

  explicit Env(const std::string& name) {
    dir = ::testing::TempDir() + "/drift_" + name;
    std::filesystem::remove_all(dir);
    node = targets::NewNodeTarget("snp", dir + "/node");
    kbs = targets::NewKbsStorageTarget(dir + "/kbs");
    all = {node.get(), kbs.get()};
    reconcile::LocalValueResolver resolver([](const char* n) -> const char* {
      return std::string(n) == "CP_CANARY" ? kCanary : nullptr;
    });
    auto r = reconcile::Apply(Desired("2048"), {}, all, resolver, dir + "/record.json", "t", {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    record = r->record;
  }

  static Bundle Desired(const std::string& memory) {
    Bundle b;
    AddArtifact(b, "pools/snp/50-cocoplane.toml", ArtifactKind::kKataConfig, "nodepool/snp",
                "node:snp:/opt/kata/config.d/50-cocoplane.toml",
                "[hypervisor.qemu]\ndefault_memory = " + memory + "\n");
    AddArtifact(b, "trustee/resource-policy.rego", ArtifactKind::kKbsResourcePolicy, "trustee",
                "kbs:kbs/resource-policy.rego", "package policy\ndefault allow := false\n");
    AddArtifact(b, "resources/default/k/v.json", ArtifactKind::kKbsResourceRef,
                "resource/default/k/v", "kbs:repository/default\\x2Fk\\x2Fv",
                R"({"resource":"default/k/v","source":{"env":"CP_CANARY"}})");
    return b;
  }
};

TEST(DriftTest, NoDriftRightAfterApply) {
  Env env("none");
  Bundle desired = Env::Desired("2048");
  DriftReport r = CheckDrift(env.record, &desired, env.all);
  EXPECT_TRUE(r.items.empty()) << RenderDriftText(r);
  EXPECT_EQ(r.checked, 3u);
}

TEST(DriftTest, FindsModifiedMissingUnexpectedAndPending) {
  Env env("all");
  ASSERT_OK(fs::WriteFileAtomic(env.dir + "/kbs/kbs/resource-policy.rego",
                                "package policy\ndefault allow := true\n", 0644));
  ASSERT_OK(fs::RemoveFile(env.dir + "/node/opt/kata/config.d/50-cocoplane.toml"));
  ASSERT_OK(fs::WriteFileAtomic(env.dir + "/node/opt/kata/config.d/40-hand.toml", "x", 0644));
  ASSERT_OK(fs::WriteFileAtomic(env.dir + "/kbs/repository/default\\x2Fk\\x2Fv", "tampered", 0600));
  Bundle desired = Env::Desired("4096");
  DriftReport r = CheckDrift(env.record, &desired, env.all);
  std::vector<std::string> got;
  for (const auto& i : r.items) {
    got.push_back(std::string(DriftKindName(i.kind)) + " " + i.target + " " + i.address);
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "modified kbs-storage kbs/resource-policy.rego",
                     "modified kbs-storage repository/default\\x2Fk\\x2Fv",
                     "unexpected node/snp /opt/kata/config.d/40-hand.toml",
                     "missing node/snp /opt/kata/config.d/50-cocoplane.toml",
                     "pending node/snp /opt/kata/config.d/50-cocoplane.toml",
                 }));
  for (const std::string& out :
       {RenderDriftText(r), RenderDriftJson(r), RenderDriftMarkdown(r)}) {
    EXPECT_EQ(out.find(kCanary), std::string::npos);
    EXPECT_EQ(out.find("tampered"), std::string::npos);
  }
  auto j = nlohmann::json::parse(RenderDriftJson(r));
  EXPECT_EQ(j["items"].size(), 5u);
}

}  // namespace
}  // namespace cocoplane::drift
