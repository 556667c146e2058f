// The bad-input corpus: one small repository per mistake, each with the
// exact diagnostics it must produce.
//
// Directory cases live in tests/model/corpus/<case>/ with an expect.txt of
// "CPnnnn path:line:col" lines ("#" starts a comment; an empty list means the
// case must be clean). Unless the case holds a .nobase file, the documents of
// corpus/_base/ (a valid Cluster, TrusteeProfile, NodePool "base" and
// KbsResource "base-key") are added first, so a case holds only the
// documents its mistake needs.
//
// Cases that need huge or special files (50 MB, links, NUL bytes, invalid
// UTF-8, 10,000-deep nesting, an alias bomb) are generated into a temporary
// directory at run time by GeneratedCorpusTest; nothing large is committed.
// Both read the files with the real directory source.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include "model/limits.h"
#include "model/model.h"
#include "model_testing.h"
#include "source/dir_source.h"
#include "testing/matchers.h"
#include "testing/temp_path.h"

namespace cocoplane::model {
namespace {

namespace fs = std::filesystem;
using cocoplane::testing::Brief;

fs::path CorpusDir() { return fs::path(testing::SourceDir()) / "tests/model/corpus"; }

std::vector<std::string> ReadExpect(const fs::path& file) {
  std::vector<std::string> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The case directory over _base, as one snapshot.
Snapshot LoadCase(const fs::path& dir) {
  Snapshot merged;
  if (!fs::exists(dir / ".nobase")) {
    Result<Snapshot> base = source::ReadDirectory((CorpusDir() / "_base").string());
    EXPECT_TRUE(base.ok()) << base.status().ToString();
    if (base.ok()) merged = std::move(*base);
  }
  Result<Snapshot> files = source::ReadDirectory(dir.string());
  EXPECT_TRUE(files.ok()) << files.status().ToString();
  if (!files.ok()) return merged;
  merged.origin = files->origin;
  for (auto& [path, file] : files->files) {
    if (path == "expect.txt" || path == ".nobase") continue;
    merged.files[path] = std::move(file);
  }
  return merged;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(CorpusDir())) {
    std::string name = entry.path().filename().string();
    if (entry.is_directory() && name != "_base") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

class CorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusTest, ProducesExactlyTheExpectedDiagnostics) {
  fs::path dir = CorpusDir() / GetParam();
  ASSERT_TRUE(fs::exists(dir / "expect.txt")) << dir;
  Snapshot snapshot = LoadCase(dir);
  DiagnosticSink sink;
  Load(snapshot, sink);
  EXPECT_EQ(Brief(sink), ReadExpect(dir / "expect.txt")) << testing::Describe(sink);
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(CaseNames()), TestName);

TEST(CorpusSizeTest, HasAtLeastThirtyDirectoryCases) { EXPECT_GE(CaseNames().size(), 30u); }

// --- Generated cases ---------------------------------------------------------

struct GeneratedCase {
  std::string name;
  std::function<void(const fs::path&)> write;
  std::vector<std::string> expect;
};

// gtest prints parameters in failure messages; the name is enough.
void PrintTo(const GeneratedCase& c, std::ostream* os) { *os << c.name; }

void WriteFile(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string AliasBomb() {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    text += std::string(1, c) + ": &" + c + " [*" + prev;
    for (int i = 1; i < 9; ++i) text += ", *" + prev;
    text += "]\n";
  }
  return text;
}

std::vector<GeneratedCase> GeneratedCases() {
  std::string deep = std::to_string(kMaxDepth + 1);
  return {
      {"oversize_50mb",
       [](const fs::path& d) {
         // Sparse: the directory source sees 50 MB without anyone writing them.
         std::ofstream(d / "big.yaml").close();
         fs::resize_file(d / "big.yaml", 50u << 20);
       },
       {"CP1004 big.yaml:0:0"}},
      {"symlink_outside",
       // An existing host file: the link is refused by its path, never read.
       [](const fs::path& d) { fs::create_symlink("/etc/passwd", d / "passwd.yaml"); },
       {"CP1008 passwd.yaml:0:0"}},
      {"symlink_outside_missing_target",
       [](const fs::path& d) {
         fs::create_symlink("/nonexistent/cocoplane/passwd", d / "passwd.yaml");
       },
       {"CP1008 passwd.yaml:0:0"}},
      {"symlink_escaping_upwards",
       [](const fs::path& d) {
         fs::create_directories(d / "keys");
         fs::create_symlink("../../outside.pem", d / "keys/ca.pem");
       },
       {"CP1008 keys/ca.pem:0:0"}},
      {"symlink_dangling",
       [](const fs::path& d) { fs::create_symlink("missing.yaml", d / "link.yaml"); },
       {"CP1014 link.yaml:0:0"}},
      {"binary_file",
       [](const fs::path& d) { WriteFile(d / "bin.yaml", std::string("a: 1\n\0\x01\x02", 8)); },
       {"CP1006 bin.yaml:2:1"}},
      {"non_utf8",
       [](const fs::path& d) { WriteFile(d / "latin1.yaml", "kind: Workload\nname: caf\xe9\n"); },
       {"CP1007 latin1.yaml:2:10"}},
      {"deep_yaml_flow",
       [](const fs::path& d) {
         WriteFile(d / "deep.yaml", std::string(10000, '[') + std::string(10000, ']') + "\n");
       },
       {"CP1009 deep.yaml:1:" + deep}},
      {"deep_yaml_flow_mappings",
       [](const fs::path& d) {
         std::string text;
         for (int i = 0; i < 10000; ++i) text += "{a: ";
         WriteFile(d / "deep.yaml", text + "1" + std::string(10000, '}') + "\n");
       },
       {"CP1009 deep.yaml:1:" + std::to_string(4 * kMaxDepth + 1)}},
      {"deep_json",
       [](const fs::path& d) {
         WriteFile(d / "deep.json", std::string(10000, '[') + std::string(10000, ']'));
       },
       {"CP1009 deep.json:1:" + deep}},
      {"deep_toml",
       [](const fs::path& d) {
         WriteFile(d / "deep.toml", "a = " + std::string(10000, '[') + std::string(10000, ']'));
       },
       {"CP1009 deep.toml:1:" + std::to_string(4 + kMaxDepth + 1)}},
      {"alias_bomb",
       [](const fs::path& d) { WriteFile(d / "bomb.yaml", AliasBomb()); },
       {"CP1010 bomb.yaml:6:8"}},
  };
}

class GeneratedCorpusTest : public ::testing::TestWithParam<GeneratedCase> {};

TEST_P(GeneratedCorpusTest, ProducesExactlyTheExpectedDiagnostics) {
  const GeneratedCase& c = GetParam();
  fs::path dir = fs::path(cocoplane::testing::ProcessTempPath("cocoplane_corpus_" + c.name));
  fs::remove_all(dir);
  fs::create_directories(dir);
  c.write(dir);
  Snapshot snapshot = LoadCase(dir);
  DiagnosticSink sink;
  Load(snapshot, sink);
  std::vector<std::string> expect = c.expect;
  std::sort(expect.begin(), expect.end());
  EXPECT_EQ(Brief(sink), expect) << testing::Describe(sink);
  fs::remove_all(dir);
}

std::string GeneratedName(const ::testing::TestParamInfo<GeneratedCase>& param) {
  return param.param.name;
}

INSTANTIATE_TEST_SUITE_P(Generated, GeneratedCorpusTest, ::testing::ValuesIn(GeneratedCases()),
                         GeneratedName);

// Every diagnostic of the model's areas (CP1012 on, CP2xxx, CP3xxx) is
// pinned, with its position, by a corpus case or by the unit test named here.
TEST(CorpusCoverageTest, EveryModelDiagnosticHasACase) {
  std::set<std::string> covered = {
      "CP1015",  // yaml_loader_test / json_loader_test: RejectsOverlongStrings
      "CP2016",  // model_test: SecretFilesInsideAWorkingTreeAreRefused
  };
  for (const std::string& name : CaseNames()) {
    for (const std::string& line : ReadExpect(CorpusDir() / name / "expect.txt")) {
      covered.insert(line.substr(0, 6));
    }
  }
  for (const GeneratedCase& c : GeneratedCases()) {
    for (const std::string& line : c.expect) covered.insert(line.substr(0, 6));
  }
  for (const DiagKindInfo& info : AllDiagKinds()) {
    std::string id(info.id);
    bool ours = (id >= "CP1012" && id < "CP2000") || (id >= "CP2000" && id < "CP4000");
    if (ours) {
      EXPECT_TRUE(covered.count(id)) << id << " (" << info.name << ") has no case";
    }
  }
}

}  // namespace
}  // namespace cocoplane::model
