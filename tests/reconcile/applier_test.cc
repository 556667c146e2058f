#include "reconcile/applier.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "fs/atomic_file.h"
#include "targets/dir_target.h"
#include "testing/matchers.h"
#include "testing/temp_path.h"

namespace cocoplane::reconcile {
namespace {

using compile::AddArtifact;
using compile::ArtifactKind;
using compile::Bundle;

constexpr char kCanary[] = "canary-secret-7f3a";

struct Fixture {
  std::string dir;
  std::unique_ptr<targets::Target> node, kbs;
  std::vector<targets::Target*> all;
  std::string record;
  LocalValueResolver resolver{[](const char* n) -> const char* {
    return std::string(n) == "CP_CANARY" ? kCanary : nullptr;
  }};

  explicit Fixture(const std::string& name) {
    dir = cocoplane::testing::ProcessTempPath("applier_" + name);
    std::filesystem::remove_all(dir);
    node = targets::NewNodeTarget("snp", dir + "/node");
    kbs = targets::NewKbsStorageTarget(dir + "/kbs");
    all = {node.get(), kbs.get()};
    record = dir + "/record.json";
  }
};

Bundle Desired(const std::string& rev, const std::string& memory) {
  Bundle b;
  b.revision = rev;
  AddArtifact(b, "pools/snp/50-cocoplane.toml", ArtifactKind::kKataConfig, "nodepool/snp",
              "node:snp:/opt/kata/config.d/50-cocoplane.toml",
              "[hypervisor.qemu]\ndefault_memory = " + memory + "\n");
  AddArtifact(b, "trustee/resource-policy.rego", ArtifactKind::kKbsResourcePolicy, "trustee",
              "kbs:kbs/resource-policy.rego", "package policy\n");
  AddArtifact(b, "resources/default/k/v.json", ArtifactKind::kKbsResourceRef,
              "resource/default/k/v", "kbs:repository/default\\x2Fk\\x2Fv",
              R"({"resource":"default/k/v","source":{"env":"CP_CANARY"}})");
  AddArtifact(b, "workloads/pay/pod-patch.json", ArtifactKind::kPodPatch, "workload/pay", "none",
              "{}");
  return b;
}

TEST(ApplierTest, AppliesInStepOrderThenIsIdempotent) {
  Fixture f("idem");
  auto r = Apply(Desired("r1", "2048"), Record{}, f.all, f.resolver, f.record, "t1", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->written,
            (std::vector<std::string>{"kbs-storage repository/default\\x2Fk\\x2Fv",
                                      "kbs-storage kbs/resource-policy.rego",
                                      "node/snp /opt/kata/config.d/50-cocoplane.toml"}));
  EXPECT_EQ(r->skipped, std::vector<std::string>{"workloads/pay/pod-patch.json"});
  EXPECT_EQ(*fs::ReadFile(f.dir + "/kbs/repository/default\\x2Fk\\x2Fv"), kCanary);
  auto again = Apply(Desired("r1", "2048"), r->record, f.all, f.resolver, f.record, "t2", {});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->written.empty());
  EXPECT_EQ(again->unchanged, 3u);
  auto loaded = LoadRecord(f.record);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->current.revision, "r1");
  EXPECT_TRUE(loaded->pending.empty());
  EXPECT_EQ(RecordToJson(*loaded).find(kCanary), std::string::npos) << "only digests recorded";
}

TEST(ApplierTest, RemovesOnlyWhatTheRecordOwns) {
  Fixture f("owned");
  auto r1 = Apply(Desired("r1", "2048"), Record{}, f.all, f.resolver, f.record, "t1", {});
  ASSERT_TRUE(r1.ok());
  ASSERT_OK(fs::WriteFileAtomic(f.dir + "/node/opt/kata/config.d/60-by-hand.toml", "x", 0644));
  Bundle head = Desired("r2", "2048");
  head.artifacts.erase(head.artifacts.begin());  // drop the kata drop-in
  auto r2 = Apply(head, r1->record, f.all, f.resolver, f.record, "t2", {});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->removed, std::vector<std::string>{"node/snp /opt/kata/config.d/50-cocoplane.toml"});
  EXPECT_FALSE(std::filesystem::exists(f.dir + "/node/opt/kata/config.d/50-cocoplane.toml"));
  EXPECT_TRUE(std::filesystem::exists(f.dir + "/node/opt/kata/config.d/60-by-hand.toml"));
}

TEST(ApplierTest, DryRunTouchesNothing) {
  Fixture f("dry");
  ApplyOptions options;
  options.dry_run = true;
  auto r = Apply(Desired("r1", "2048"), Record{}, f.all, f.resolver, f.record, "t", options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->written.size(), 3u);
  EXPECT_FALSE(std::filesystem::exists(f.dir + "/node"));
  EXPECT_FALSE(std::filesystem::exists(f.record));
}

TEST(ApplierTest, ConvergesAfterACrashMidApply) {
  Fixture f("crash");
  auto r1 = Apply(Desired("r1", "2048"), Record{}, f.all, f.resolver, f.record, "t1", {});
  ASSERT_TRUE(r1.ok());
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ApplyOptions die;
    die.after_write = [](size_t n) {
      if (n == 1) _exit(42);
    };
    auto loaded = LoadRecord(f.record);
    (void)Apply(Desired("r2", "8192"), *loaded, f.all, f.resolver, f.record, "t2", die);
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 42) << "the child must die after the first write";
  auto after_crash = LoadRecord(f.record);
  ASSERT_TRUE(after_crash.ok());
  EXPECT_EQ(after_crash->current.revision, "r1") << "the crashed apply was never committed";
  EXPECT_FALSE(after_crash->pending.empty()) << "pending keeps ownership across the crash";
  auto r2 = Apply(Desired("r2", "8192"), *after_crash, f.all, f.resolver, f.record, "t3", {});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->record.current.revision, "r2");
  EXPECT_EQ(*fs::ReadFile(f.dir + "/node/opt/kata/config.d/50-cocoplane.toml"),
            "[hypervisor.qemu]\ndefault_memory = 8192\n");
}

}  // namespace
}  // namespace cocoplane::reconcile
