#include "app/reconciler.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "fs/atomic_file.h"
#include "targets/dir_target.h"
#include "testing/matchers.h"
#include "testing/temp_path.h"

namespace cocoplane::app {
namespace {

namespace stdfs = std::filesystem;

int Sh(const std::string& cmd) {
  return std::system(("set -e; " + cmd + " >/dev/null 2>&1").c_str());
}

// A fake compiler: every *.txt file becomes a node artifact; a file named
// BROKEN is a compile error at BROKEN:1:1.
std::optional<CompiledRevision> FakeCompile(const Snapshot& snap, DiagnosticSink& sink) {
  compile::Bundle b;
  for (const auto& [path, file] : snap.files) {
    if (path == "BROKEN") sink.Emit(DiagKind::kYamlSyntax, {path, 1, 1, 1}, "broken on purpose");
    if (path.size() > 4 && path.substr(path.size() - 4) == ".txt") {
      compile::AddArtifact(b, "node/" + path, compile::ArtifactKind::kKataConfig, "nodepool/snp",
                           "node:snp:/etc/" + path, file.bytes);
    }
  }
  if (sink.has_errors()) return std::nullopt;
  return CompiledRevision{std::move(b), {}};
}

struct World {
  std::string dir, origin, node_root;
  std::unique_ptr<source::GitSource> source;
  std::unique_ptr<targets::Target> node;
  reconcile::LocalValueResolver resolver{[](const char*) -> const char* { return nullptr; }};
  std::unique_ptr<Reconciler> reconciler;

  explicit World(const std::string& name) {
    dir = cocoplane::testing::ProcessTempPath("reconciler_" + name);
    stdfs::remove_all(dir);
    origin = dir + "/origin";
    node_root = dir + "/node";
    EXPECT_EQ(Sh("git init -q -b main " + origin + " && cd " + origin +
                 " && git config user.email t@example.com && git config user.name t"),
              0);
    Commit("a.txt", "one\n");
    source::GitSourceConfig config;
    config.url = "file://" + origin;
    config.cache_dir = dir + "/cache.git";
    auto opened = source::GitSource::Open(config);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    source = std::move(*opened);
    node = targets::NewNodeTarget("snp", node_root);
    ReconcilerDeps deps;
    deps.source = source.get();
    deps.compile = FakeCompile;
    deps.targets = {node.get()};
    deps.resolver = &resolver;
    deps.record_path = dir + "/record.json";
    deps.now = [] { return std::string("2026-11-27T00:00:00Z"); };
    reconciler = std::make_unique<Reconciler>(std::move(deps));
  }

  void Commit(const std::string& path, const std::string& text) {
    std::ofstream(origin + "/" + path) << text;
    EXPECT_EQ(Sh("cd " + origin + " && git add -A && git commit -q -m 'change " + path + "'"), 0);
  }
  void Remove(const std::string& path) {
    EXPECT_EQ(Sh("cd " + origin + " && git rm -q " + path + " && git commit -q -m rm"), 0);
  }
};

TEST(ReconcilerTest, AppliesThenIsUpToDate) {
  World w("basic");
  ReconcileOutcome first = w.reconciler->RunOnce();
  ASSERT_EQ(first.kind, ReconcileOutcome::Kind::kApplied) << first.message;
  EXPECT_EQ(*fs::ReadFile(w.node_root + "/etc/a.txt"), "one\n");
  EXPECT_EQ(w.reconciler->RunOnce().kind, ReconcileOutcome::Kind::kUpToDate);
}

TEST(ReconcilerTest, BrokenRevisionIsNeverAppliedAndTheNextGoodOneIs) {
  World w("broken");
  ASSERT_EQ(w.reconciler->RunOnce().kind, ReconcileOutcome::Kind::kApplied);
  w.Commit("a.txt", "two\n");
  w.Commit("BROKEN", "x");
  ReconcileOutcome bad = w.reconciler->RunOnce();
  ASSERT_EQ(bad.kind, ReconcileOutcome::Kind::kNotCompiled) << bad.message;
  EXPECT_EQ(*fs::ReadFile(w.node_root + "/etc/a.txt"), "one\n") << "last good state stays";
  auto status = nlohmann::json::parse(w.reconciler->StatusJson());
  EXPECT_EQ(status["last"]["result"], "not_compiled");
  EXPECT_EQ(status["last"]["diagnostics"][0]["id"], "CP1001");
  EXPECT_EQ(status["last"]["diagnostics"][0]["file"], "BROKEN");
  EXPECT_NE(status["applied_revision"], status["desired_revision"]);
  w.Remove("BROKEN");
  ReconcileOutcome good = w.reconciler->RunOnce();
  ASSERT_EQ(good.kind, ReconcileOutcome::Kind::kApplied) << good.message;
  EXPECT_EQ(*fs::ReadFile(w.node_root + "/etc/a.txt"), "two\n");
}

TEST(ReconcilerTest, DryRunPlansWithoutWriting) {
  World w("dry");
  ReconcileOptions options;
  options.dry_run = true;
  ReconcileOutcome out = w.reconciler->RunOnce(options);
  EXPECT_EQ(out.apply.written.size(), 1u);
  EXPECT_FALSE(stdfs::exists(w.node_root + "/etc/a.txt"));
}

}  // namespace
}  // namespace cocoplane::app
