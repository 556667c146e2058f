// Crash safety: the daemon is SIGKILLed in the middle of an apply (at the
// test-only pause point), restarted, and converges to the same revision.
// Meanwhile a reader loop reads every managed file over and over: each read
// must be the old or the new full content, never a partial file.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "desired_repo.h"
#include "fs/atomic_file.h"
#include "source/git_test_util.h"

namespace cocoplane::integration {
namespace {

using cocoplane::testing::GitDaemon;
using cocoplane::testing::TempDir;
using cocoplane::testing::WriteFile;

const char* const kValueFiles[] = {"regcred",         "cosign-public-key", "model-key",
                                   "ingress-tls-key", "ingress-tls-cert",  "pgdata-luks-key"};

// Reads `paths` in a loop on its own thread and keeps every distinct
// content seen per path ("<missing>" for a failed read).
class Reader {
 public:
  explicit Reader(std::vector<std::string> paths) : paths_(std::move(paths)) {
    thread_ = std::thread([this] {
      while (!stop_) {
        for (const auto& p : paths_) {
          Result<std::string> bytes = fs::ReadFile(p);
          std::lock_guard<std::mutex> lock(mu_);
          seen_[p].insert(bytes.ok() ? *bytes : "<missing>");
          ++reads_;
        }
      }
    });
  }
  ~Reader() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::map<std::string, std::set<std::string>> seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }
  size_t reads() {
    std::lock_guard<std::mutex> lock(mu_);
    return reads_;
  }

 private:
  std::vector<std::string> paths_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::map<std::string, std::set<std::string>> seen_;
  size_t reads_ = 0;
  std::thread thread_;
};

std::string KbsPathOf(const DaemonUnderTest& d, const std::string& resource_path) {
  std::string key;
  for (char c : resource_path) key += c == '/' ? std::string("\\x2F") : std::string(1, c);
  return d.kbs_dir + "/repository/" + key;
}

TEST(CrashTest, KilledMidApplyThenRestartedConvergesAndNoReaderSeesAHalfFile) {
  TempDir tmp;
  DesiredRepo repo(tmp.path());
  GitDaemon git(tmp.path());
  ASSERT_TRUE(git.ok());
  DaemonUnderTest daemon(tmp.path(), repo);
  daemon.options.url = git.Url("desired");
  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
  ASSERT_TRUE(daemon.WaitApplied(repo.Head())) << daemon.Stderr();
  ASSERT_EQ(daemon.Stop(), 0);

  // Managed files and their old content.
  std::map<std::string, std::string> old_content, new_content;
  const std::map<std::string, std::string> kPaths = {
      {"regcred", "default/credential/regcred"},
      {"cosign-public-key", "default/cosign-public-key/org"},
      {"model-key", "default/model-key/granite"},
      {"ingress-tls-key", "payments/ingress-tls/key"},
      {"ingress-tls-cert", "payments/ingress-tls/cert"},
      {"pgdata-luks-key", "payments/disk-key/pgdata"}};
  std::vector<std::string> watched;
  for (const char* name : kValueFiles) {
    std::string path = KbsPathOf(daemon, kPaths.at(name));
    old_content[path] = *fs::ReadFile(path);
    // A big new value makes a torn write easy to see.
    new_content[path] = std::string(256 * 1024, name[0]) + "\n";
    WriteFile(tmp.path() + "/values/" + name, new_content[path]);
    watched.push_back(path);
  }
  std::string dropin;
  for (const auto& [path, sha] : HashTree(daemon.node_root)) {
    if (path.find("config.d") != std::string::npos) dropin = daemon.node_root + "/" + path;
  }
  ASSERT_FALSE(dropin.empty());
  old_content[dropin] = *fs::ReadFile(dropin);
  watched.push_back(dropin);
  std::string pool = *fs::ReadFile(repo.work() + "/pools/snp.yaml");
  pool.replace(pool.find("defaultMemoryMiB: 2048"), 22, "defaultMemoryMiB: 8192");
  std::string head = repo.Commit("pools/snp.yaml", pool, "bigger guests");

  Reader reader(watched);
  std::string marker = tmp.path() + "/paused";
  ASSERT_TRUE(daemon.Start(
      {{"COCOPLANE_TEST_PAUSE_AFTER_WRITES", "2"}, {"COCOPLANE_TEST_PAUSE_MARKER", marker}}))
      << daemon.Stderr();
  ASSERT_TRUE(WaitFor([&] { return std::filesystem::exists(marker); }, 90)) << daemon.Stderr();
  daemon.Kill();
  // The record still owns everything the interrupted apply may have written.
  nlohmann::json record = nlohmann::json::parse(*fs::ReadFile(daemon.state + "/record.json"));
  EXPECT_FALSE(record["pending"].empty());
  EXPECT_NE(record["current"]["revision"], head);

  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
  ASSERT_TRUE(daemon.WaitApplied(head)) << daemon.Stderr();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  reader.Stop();
  EXPECT_GT(reader.reads(), watched.size() * 10);
  new_content[dropin] = *fs::ReadFile(dropin);
  EXPECT_NE(new_content[dropin], old_content[dropin]);
  for (const auto& [path, contents] : reader.seen()) {
    for (const auto& c : contents) {
      EXPECT_TRUE(c == old_content[path] || c == new_content[path])
          << path << " was read with " << c.size() << " bytes: neither old nor new";
    }
  }
  for (const auto& path : watched) EXPECT_EQ(*fs::ReadFile(path), new_content[path]);
  record = nlohmann::json::parse(*fs::ReadFile(daemon.state + "/record.json"));
  EXPECT_TRUE(record["pending"].empty());
  EXPECT_EQ(record["current"]["revision"], head);
  EXPECT_EQ(daemon.Stop(), 0);
}

}  // namespace
}  // namespace cocoplane::integration
