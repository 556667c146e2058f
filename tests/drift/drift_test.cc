#include "drift/drift.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "fs/atomic_file.h"
#include "reconcile/applier.h"
#include "targets/dir_target.h"
#include "testing/matchers.h"
#include "testing/temp_path.h"

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

  explicit Env(const std::string& name, const reconcile::ApplyOptions& options = {}) {
    dir = cocoplane::testing::ProcessTempPath("drift_" + name);
    std::filesystem::remove_all(dir);
    node = targets::NewNodeTarget("snp", dir + "/node");
    kbs = targets::NewKbsStorageTarget(dir + "/kbs");
    all = {node.get(), kbs.get()};
    reconcile::LocalValueResolver resolver([](const char* n) -> const char* {
      return std::string(n) == "CP_CANARY" ? kCanary : nullptr;
    });
    auto r =
        reconcile::Apply(Desired("2048"), {}, all, resolver, dir + "/record.json", "t", options);
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
  for (const std::string& out : {RenderDriftText(r), RenderDriftJson(r), RenderDriftMarkdown(r)}) {
    EXPECT_EQ(out.find(kCanary), std::string::npos);
    EXPECT_EQ(out.find("tampered"), std::string::npos);
  }
  auto j = nlohmann::json::parse(RenderDriftJson(r));
  EXPECT_EQ(j["items"].size(), 5u);
}

// The per-object opt-out (label cocoplane.io/drift, by artifact owner):
// "ignore" is not checked, "detect" is reported as detect-only, and a
// re-apply of the same desired state leaves both as edited.
TEST(DriftTest, OptedOutObjectsAreIgnoredOrDetectOnlyAndKeptByTheApplier) {
  reconcile::ApplyOptions opt_outs;
  opt_outs.drift_by_owner = {{"trustee", "detect"}, {"nodepool/snp", "ignore"}};
  Env env("optout", opt_outs);
  ASSERT_EQ(env.record.current.objects.size(), 3u);
  EXPECT_EQ(env.record.current.objects[0].drift, "detect");  // kbs/resource-policy.rego
  EXPECT_EQ(env.record.current.objects[1].drift, "");        // the resource value
  EXPECT_EQ(env.record.current.objects[2].drift, "ignore");  // the drop-in
  std::string policy = env.dir + "/kbs/kbs/resource-policy.rego";
  std::string value = env.dir + "/kbs/repository/default\\x2Fk\\x2Fv";
  std::string dropin = env.dir + "/node/opt/kata/config.d/50-cocoplane.toml";
  ASSERT_OK(fs::WriteFileAtomic(policy, "package policy\ndefault allow := true\n", 0644));
  ASSERT_OK(fs::WriteFileAtomic(value, "tampered", 0600));
  ASSERT_OK(fs::WriteFileAtomic(dropin, "# by hand\n", 0644));

  Bundle desired = Env::Desired("2048");
  DriftReport r = CheckDrift(env.record, &desired, env.all);
  ASSERT_EQ(r.items.size(), 2u) << RenderDriftText(r);
  EXPECT_EQ(r.items[0].address, "kbs/resource-policy.rego");
  EXPECT_TRUE(r.items[0].detect_only);
  EXPECT_EQ(r.items[1].address, "repository/default\\x2Fk\\x2Fv");
  EXPECT_FALSE(r.items[1].detect_only);
  EXPECT_EQ(r.checked, 2u) << "the ignored drop-in is not read";
  EXPECT_NE(RenderDriftText(r).find("kbs/resource-policy.rego  (expected "), std::string::npos);
  EXPECT_NE(RenderDriftText(r).find(")  [detect only]\n"), std::string::npos) << RenderDriftText(r);
  EXPECT_EQ(nlohmann::json::parse(RenderDriftJson(r))["items"][0]["detect_only"], true);

  // Re-applying the same state restores only the object without an opt-out.
  reconcile::LocalValueResolver resolver([](const char*) -> const char* { return kCanary; });
  auto again = reconcile::Apply(desired, env.record, env.all, resolver, env.dir + "/record.json",
                                "t2", opt_outs);
  ASSERT_OK(again.status());
  EXPECT_EQ(again->written,
            (std::vector<std::string>{"kbs-storage repository/default\\x2Fk\\x2Fv"}));
  EXPECT_EQ(again->kept_drifted.size(), 2u);
  EXPECT_EQ(*fs::ReadFile(value), kCanary);
  EXPECT_EQ(*fs::ReadFile(policy), "package policy\ndefault allow := true\n");
  EXPECT_EQ(*fs::ReadFile(dropin), "# by hand\n");

  // A change in Git reaches an opted-out object.
  Bundle bigger = Env::Desired("4096");
  auto changed = reconcile::Apply(bigger, again->record, env.all, resolver,
                                  env.dir + "/record.json", "t3", opt_outs);
  ASSERT_OK(changed.status());
  EXPECT_EQ(*fs::ReadFile(dropin), "[hypervisor.qemu]\ndefault_memory = 4096\n");
}

TEST(DriftTest, KeepLiveTargetsLeaveHandEditsUnlessGitChangedTheObject) {
  Env env("keeplive");
  std::string value = env.dir + "/kbs/repository/default\\x2Fk\\x2Fv";
  std::string dropin = env.dir + "/node/opt/kata/config.d/50-cocoplane.toml";
  ASSERT_OK(fs::WriteFileAtomic(value, "tampered", 0600));
  ASSERT_OK(fs::WriteFileAtomic(dropin, "# by hand\n", 0644));
  reconcile::ApplyOptions options;
  options.keep_live_targets = {"kbs-storage"};
  reconcile::LocalValueResolver resolver([](const char*) -> const char* { return kCanary; });
  auto r = reconcile::Apply(Env::Desired("2048"), env.record, env.all, resolver,
                            env.dir + "/record.json", "t2", options);
  ASSERT_OK(r.status());
  EXPECT_EQ(*fs::ReadFile(value), "tampered") << "kbs-storage keeps its live edit";
  EXPECT_EQ(*fs::ReadFile(dropin), "[hypervisor.qemu]\ndefault_memory = 2048\n");
  EXPECT_EQ(r->kept_drifted,
            (std::vector<std::string>{"kbs-storage repository/default\\x2Fk\\x2Fv"}));
}

}  // namespace
}  // namespace cocoplane::drift
