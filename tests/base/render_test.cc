#include "base/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cocoplane {
namespace {

Snapshot OneFile(const std::string& path, const std::string& bytes) {
  Snapshot s;
  s.files[path].bytes = bytes;
  return s;
}

TEST(RenderTextTest, PrintsPositionIdExcerptCaretAndHint) {
  Snapshot snap = OneFile("w/pay.yaml", "kind: Workload\nspec:\n  pool: snpp\n");
  std::vector<Diagnostic> diags = {{DiagKind::kYamlSyntax,
                                    Severity::kError,
                                    "unknown node pool \"snpp\"",
                                    "did you mean \"snp\"?",
                                    {"w/pay.yaml", 3, 9, 4}}};
  EXPECT_EQ(RenderText(diags, &snap, {}),
            "w/pay.yaml:3:9: error[CP1001]: unknown node pool \"snpp\"\n"
            " 3 |   pool: snpp\n"
            "   |         ^~~~\n"
            "  = hint: did you mean \"snp\"?\n"
            "1 error, 0 warnings\n");
}

TEST(RenderTextTest, APositionPastTheEndOfItsLineKeepsTheCaretOnTheLine) {
  // A column past the line once made the range's length wrap around and
  // the renderer ask for gigabytes of '~'.
  Snapshot snap = OneFile("w.yaml", "a: 1\nb: 2\n");
  std::vector<Diagnostic> diags = {
      {DiagKind::kYamlSyntax, Severity::kError, "m", "", {"w.yaml", 2, 40, 7}},
      {DiagKind::kYamlSyntax, Severity::kError, "m", "", {"w.yaml", 1, 3, 4000000000u}}};
  EXPECT_EQ(RenderText(diags, &snap, {}),
            "w.yaml:2:40: error[CP1001]: m\n"
            " 2 | b: 2\n"
            "   |     ^\n"
            "w.yaml:1:3: error[CP1001]: m\n"
            " 1 | a: 1\n"
            "   |   ^~~\n"
            "2 errors, 0 warnings\n");
}

TEST(RenderTextTest, WholeFileDiagnosticHasNoExcerpt) {
  Snapshot snap = OneFile("e.yaml", "");
  std::vector<Diagnostic> diags = {
      {DiagKind::kEmptyFile, Severity::kError, "file is empty", "", {"e.yaml", 0, 0, 0}}};
  RenderOptions options;
  options.path_prefix = "repo/";
  EXPECT_EQ(RenderText(diags, &snap, options),
            "repo/e.yaml: error[CP1005]: file is empty\n1 error, 0 warnings\n");
}

TEST(RenderTextTest, ColorWrapsSeverityInAnsi) {
  std::vector<Diagnostic> diags = {
      {DiagKind::kEmptyFile, Severity::kWarning, "m", "", {"e.yaml", 0, 0, 0}}};
  RenderOptions options;
  options.color = true;
  std::string out = RenderText(diags, nullptr, options);
  EXPECT_NE(out.find("\x1b[1;33mwarning[CP1005]"), std::string::npos) << out;
}

TEST(RenderJsonTest, ParsesBackWithAllFields) {
  std::vector<Diagnostic> diags = {
      {DiagKind::kJsonSyntax, Severity::kError, "bad \"x\"\n", "fix it", {"a.json", 2, 3, 1}}};
  auto j = nlohmann::json::parse(RenderJson(diags));
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["id"], "CP1003");
  EXPECT_EQ(j[0]["name"], "JsonSyntax");
  EXPECT_EQ(j[0]["severity"], "error");
  EXPECT_EQ(j[0]["message"], "bad \"x\"\n");
  EXPECT_EQ(j[0]["hint"], "fix it");
  EXPECT_EQ(j[0]["file"], "a.json");
  EXPECT_EQ(j[0]["line"], 2);
  EXPECT_EQ(j[0]["column"], 3);
  EXPECT_EQ(nlohmann::json::parse(RenderJson({})), nlohmann::json::array());
}

}  // namespace
}  // namespace cocoplane
