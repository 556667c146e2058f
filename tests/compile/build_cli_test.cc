// `cocoplane build` as users run it: the real binary, twice, into two
// directories. The trees must be byte-identical, and the manifest must
// describe exactly the files written, each with the SHA-256 that `sha256sum`
// computes (an independent check of the manifest's own digests).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "crypto/digest.h"
#include "crypto/es256.h"
#include "testing/shell.h"
#include "testing/temp_path.h"

namespace cocoplane {
namespace {

namespace fs = std::filesystem;

using Outcome = cocoplane::testing::ShellResult;
using cocoplane::testing::RunShell;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every regular file under `root`, by relative path, with its bytes.
std::map<std::string, std::string> Tree(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), root).string()] = ReadAll(e.path());
  }
  return out;
}

// A sealing key kept outside the repository, as users pass it.
std::string SealingKeyFile() {
  auto key = crypto::Es256PrivateKeyFromScalar(
      crypto::Digest(crypto::HashAlgorithm::kSha256, "build cli test key"));
  std::string path = cocoplane::testing::ProcessTempPath("sealing-key.pem");
  std::ofstream(path) << crypto::Es256PrivateKeyToPem(*key);
  return path;
}

Outcome Build(const std::string& out_dir, const std::string& key) {
  return RunShell(std::string(COCOPLANE_BINARY) + " build " + COCOPLANE_SOURCE_DIR +
                  "/examples/repo -o " + out_dir + " --sealing-key " + key + " 2>&1");
}

TEST(BuildCliTest, TwoBuildsOfTheExamplesAreByteIdenticalTrees) {
  std::string key = SealingKeyFile();
  fs::path a = cocoplane::testing::ProcessTempPath("build-a");
  fs::path b = cocoplane::testing::ProcessTempPath("build-b");
  fs::remove_all(a);
  fs::remove_all(b);

  Outcome first = Build(a.string(), key);
  Outcome second = Build(b.string(), key);

  ASSERT_EQ(first.exit_code, 0) << first.out;
  ASSERT_EQ(second.exit_code, 0) << second.out;
  std::map<std::string, std::string> tree_a = Tree(a);
  EXPECT_GT(tree_a.size(), 20u);
  EXPECT_TRUE(tree_a == Tree(b)) << "the two builds differ";
}

TEST(BuildCliTest, TheManifestListsEveryFileWithItsSha256sum) {
  std::string key = SealingKeyFile();
  fs::path out = cocoplane::testing::ProcessTempPath("build-manifest");
  fs::remove_all(out);
  ASSERT_EQ(Build(out.string(), key).exit_code, 0);

  nlohmann::json manifest = nlohmann::json::parse(ReadAll(out / "manifest.json"));
  std::map<std::string, std::string> tree = Tree(out);
  tree.erase("manifest.json");
  ASSERT_EQ(manifest["artifacts"].size(), tree.size());
  for (const auto& artifact : manifest["artifacts"]) {
    std::string path = artifact["path"].get<std::string>();
    ASSERT_TRUE(tree.count(path)) << path << " is in the manifest but was not written";
    Outcome sum = RunShell("sha256sum " + (out / path).string());
    ASSERT_EQ(sum.exit_code, 0) << path;
    EXPECT_EQ(sum.out.substr(0, 64), artifact["sha256"].get<std::string>()) << path;
    EXPECT_EQ(artifact["size"].get<size_t>(), tree[path].size()) << path;
  }
}

TEST(BuildCliTest, ARebuildRewritesItsOwnFilesAndLeavesOthersAlone) {
  std::string key = SealingKeyFile();
  fs::path out = cocoplane::testing::ProcessTempPath("build-rebuild");
  fs::remove_all(out);
  ASSERT_EQ(Build(out.string(), key).exit_code, 0);
  nlohmann::json manifest = nlohmann::json::parse(ReadAll(out / "manifest.json"));
  std::string ours = manifest["artifacts"][0]["path"].get<std::string>();
  std::string original = ReadAll(out / ours);
  std::ofstream(out / ours) << "tampered";
  std::ofstream(out / "not-ours.txt") << "kept";

  ASSERT_EQ(Build(out.string(), key).exit_code, 0);

  EXPECT_EQ(ReadAll(out / ours), original);
  EXPECT_EQ(ReadAll(out / "not-ours.txt"), "kept");
}

}  // namespace
}  // namespace cocoplane
