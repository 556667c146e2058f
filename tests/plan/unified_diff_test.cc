#include "plan/unified_diff.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "testing/shell.h"
#include "testing/temp_path.h"

namespace cocoplane::plan {
namespace {

// Runs GNU diff -u on the two texts: the independent reference.
std::string GnuDiff(const std::string& a, const std::string& b) {
  const std::string old_file = cocoplane::testing::ProcessTempPath("ud_a");
  const std::string new_file = cocoplane::testing::ProcessTempPath("ud_b");
  std::ofstream(old_file, std::ios::binary) << a;
  std::ofstream(new_file, std::ios::binary) << b;
  return cocoplane::testing::RunShell("diff -u --label a/f --label b/f " + old_file + " " +
                                      new_file)
      .out;
}

TEST(UnifiedDiffTest, EqualTextsGiveNothing) {
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\nb\n", "f"), "");
}

TEST(UnifiedDiffTest, SimpleChange) {
  EXPECT_EQ(UnifiedDiff("a\nb\nc\n", "a\nB\nc\n", "f"),
            "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
}

TEST(UnifiedDiffTest, MatchesGnuDiffOnHandPickedCases) {
  const char* cases[][2] = {
      {"", "x\n"},
      {"x\n", ""},
      {"a\nb", "a\nb\n"},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\n2\nX\n4\n5\n6\n7\n8\n9\n10\nY\n12\n"},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n",
       "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\nY\n15\n"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(UnifiedDiff(c[0], c[1], "f"), GnuDiff(c[0], c[1])) << c[0] << "=>" << c[1];
  }
}

// Random edits of a random file: the hunks must be exactly GNU diff's, or at
// least an equally valid diff. Myers and GNU diff can pick different but
// equally short scripts, so compare only the changed-line counts and that
// applying our diff reproduces the new text.
std::string Apply(const std::string& before, const std::string& diff) {
  std::vector<std::string> old_lines;
  size_t s = 0;
  while (s < before.size()) {
    size_t nl = before.find('\n', s);
    old_lines.push_back(before.substr(s, nl - s));
    s = nl == std::string::npos ? before.size() : nl + 1;
  }
  std::string out;
  size_t old_at = 0, pos = 0;
  while (pos < diff.size()) {
    size_t nl = diff.find('\n', pos);
    std::string line = diff.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.rfind("---", 0) == 0 || line.rfind("+++", 0) == 0) continue;
    if (line.rfind("@@ -", 0) == 0) {
      size_t start = std::stoul(line.substr(4));
      size_t target = start == 0 ? 0 : start - 1;
      if (line.find(",0 ") != std::string::npos && line.find(",0 ") < line.find('+')) {
        target = start;
      }
      while (old_at < target) out += old_lines[old_at++] + "\n";
      continue;
    }
    if (line[0] == ' ') out += old_lines[old_at++] + "\n";
    if (line[0] == '-') ++old_at;
    if (line[0] == '+') out += line.substr(1) + "\n";
  }
  while (old_at < old_lines.size()) out += old_lines[old_at++] + "\n";
  return out;
}

TEST(UnifiedDiffTest, RandomEditsApplyBackAndAgreeWithGnuDiffSize) {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> lines;
    int n = rng() % 30;
    for (int i = 0; i < n; ++i) lines.push_back("l" + std::to_string(rng() % 8));
    std::vector<std::string> edited = lines;
    int edits = rng() % 6;
    for (int e = 0; e < edits; ++e) {
      int op = rng() % 3;
      size_t at = edited.empty() ? 0 : rng() % edited.size();
      if (op == 0 || edited.empty())
        edited.insert(edited.begin() + at, "n" + std::to_string(e));
      else if (op == 1)
        edited.erase(edited.begin() + at);
      else
        edited[at] = "c" + std::to_string(e);
    }
    std::string a, b;
    for (auto& l : lines) a += l + "\n";
    for (auto& l : edited) b += l + "\n";
    std::string ours = UnifiedDiff(a, b, "f");
    std::string gnu = GnuDiff(a, b);
    EXPECT_EQ(Apply(a, ours), b) << ours;
    auto count = [](const std::string& d, char sign) {
      size_t k = 0, p = 0;
      while ((p = d.find(std::string("\n") + sign, p)) != std::string::npos) {
        ++k;
        ++p;
      }
      return k;
    };
    EXPECT_EQ(count(ours, '+') + count(ours, '-'), count(gnu, '+') + count(gnu, '-'))
        << "a:\n"
        << a << "b:\n"
        << b << "ours:\n"
        << ours << "gnu:\n"
        << gnu;
  }
}

TEST(UnifiedDiffTest, GivesUpGracefullyBeyondMaxEdits) {
  std::string a, b;
  for (int i = 0; i < 100; ++i) {
    a += "a" + std::to_string(i) + "\n";
    b += "b" + std::to_string(i) + "\n";
  }
  DiffOptions options;
  options.max_edits = 10;
  std::string d = UnifiedDiff(a, b, "f", options);
  EXPECT_EQ(Apply(a, d), b);
}

}  // namespace
}  // namespace cocoplane::plan
