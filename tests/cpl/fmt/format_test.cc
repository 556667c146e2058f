// The CPL formatter: the layout rules on small inline inputs, then the
// properties over every corpus input (golden cases, fuzz seeds): formatting
// is idempotent, keeps the tree, and keeps every comment.
#include "cpl/fmt/format.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cpl/parse/ast_dump.h"  // tests/cpl/parse
#include "cpl/parse/parser.h"
#include "testing/matchers.h"

namespace cocoplane::cpl {
namespace {

namespace fs = std::filesystem;
using ::cocoplane::cpl::testing::DumpAst;
using ::cocoplane::testing::Describe;

std::string Fmt(const std::string& text) {
  DiagnosticSink sink;
  std::optional<std::string> out = FormatSource("policies/t.cpl", text, sink);
  EXPECT_TRUE(out.has_value()) << Describe(sink);
  return out.value_or("<parse error>");
}

TEST(FormatTest, NormalisesSpacingAndIndentation) {
  EXPECT_EQ(Fmt("const   a=[ 1 ,2,3 ]\n"
                "agent profile p{\n"
                "logs    deny\n"
                "        exec allow [\"/bin/x\",\"-y\"]\n"
                "}"),
            "const a = [1, 2, 3]\n"
            "\n"
            "agent profile p {\n"
            "  logs deny\n"
            "  exec allow [\"/bin/x\", \"-y\"]\n"
            "}\n");
}

TEST(FormatTest, PrintsOperatorsWithSingleSpaces) {
  EXPECT_EQ(Fmt("deny \"a/b/c\" when {   a==1  and(b!=2 or not   c)\n"
                "x   not   in [ a ]\n"
                "reference   \"r\"   contains y\n"
                "z matches regex\"^a$\"\n"
                "}\n"),
            "deny \"a/b/c\" when {\n"
            "  a == 1 and (b != 2 or not c)\n"
            "  x not in [a]\n"
            "  reference \"r\" contains y\n"
            "  z matches regex \"^a$\"\n"
            "}\n");
}

TEST(FormatTest, KeepsSingleLineConditionBlocks) {
  EXPECT_EQ(Fmt("deny \"a/b/c\" when {ear.status!=affirming}\n"),
            "deny \"a/b/c\" when { ear.status != affirming }\n");
  EXPECT_EQ(Fmt("deny \"a/b/c\" when {\n ear.status != affirming }\n"),
            "deny \"a/b/c\" when {\n  ear.status != affirming\n}\n");
}

TEST(FormatTest, SeparatesBlockDeclarationsByOneBlankLine) {
  EXPECT_EQ(Fmt("import \"a.cpl\"\nimport \"b.cpl\"\nconst a = 1\n\n\n\nconst b = 2\n"
                "pool p {}\npool q {}\nrelease \"a/b/c\"\nrelease \"a/b/d\"\n"),
            "import \"a.cpl\"\nimport \"b.cpl\"\nconst a = 1\n\nconst b = 2\n\n"
            "pool p {}\n\npool q {}\n\nrelease \"a/b/c\"\nrelease \"a/b/d\"\n");
}

TEST(FormatTest, KeepsAtMostOneBlankLineInsideBlocksAndNoneAtTheirEdges) {
  EXPECT_EQ(Fmt("agent profile p {\n\n\n  logs deny\n\n\n\n  stdin deny\n\n}\n"),
            "agent profile p {\n  logs deny\n\n  stdin deny\n}\n");
}

TEST(FormatTest, KeepsTheAuthorsListLayout) {
  EXPECT_EQ(Fmt("const a = [\n1, 2]\nconst b = [1,\n2]\n"),
            "const a = [\n  1,\n  2,\n]\n\nconst b = [1, 2]\n");
}

TEST(FormatTest, KeepsCommentsWhereTheyWere) {
  EXPECT_EQ(Fmt("# file header\n"
                "\n"
                "## Doc.\n"
                "agent profile p {   # after brace   \n"
                "  # before logs\n"
                "  logs deny # why\n"
                "  # before the closing brace\n"
                "}  # after the block\n"
                "const l = [\n"
                "  \"a\", # first\n"
                "  # own line in list\n"
                "  \"b\"\n"
                "]\n"
                "# end of file\n"),
            "# file header\n"
            "\n"
            "## Doc.\n"
            "agent profile p {  # after brace\n"
            "  # before logs\n"
            "  logs deny  # why\n"
            "  # before the closing brace\n"
            "}  # after the block\n"
            "\n"
            "const l = [\n"
            "  \"a\",  # first\n"
            "  # own line in list\n"
            "  \"b\",\n"
            "]\n"
            "# end of file\n");
}

TEST(FormatTest, MovesACommentInsideAnExpressionToTheEndOfItsLine) {
  EXPECT_EQ(Fmt("deny \"a/b/c\" when {\n  (a or # odd place\n b)\n}\n"),
            "deny \"a/b/c\" when {\n  (a or b)  # odd place\n}\n");
}

TEST(FormatTest, ACommentInsideAnEmptyListOrBlockIsKept) {
  EXPECT_EQ(Fmt("const a = [ # nothing yet\n]\n"), "const a = [  # nothing yet\n]\n");
  EXPECT_EQ(Fmt("pool p { # todo\n}\n"), "pool p {  # todo\n}\n");
}

TEST(FormatTest, ReEscapesStringsCanonically) {
  EXPECT_EQ(Fmt("const s = \"\\u{41}\\u{9}\\u{1}é\"\n"), "const s = \"A\\t\\u{1}é\"\n");
  EXPECT_EQ(Fmt("const r = regex \"^a\\\\.b$\"\n"), "const r = regex \"^a\\\\.b$\"\n");
}

TEST(FormatTest, KeepsNamesUnitsAndQuotedSegmentsAsWritten) {
  EXPECT_EQ(Fmt("pool snp-a {\n  memory max 64Gi\n}\ndeny \"a/b/c\" when { init_data_claims.\"cdh.toml\".x == 1 }\n"),
            "pool snp-a {\n  memory max 64Gi\n}\n\ndeny \"a/b/c\" when { init_data_claims.\"cdh.toml\".x == 1 }\n");
}

TEST(FormatTest, WritesLfLineEndingsAndOneFinalNewline) {
  EXPECT_EQ(Fmt("const a = 1\r\n\r\n\r\nconst b = 2  # c\r\n\n\n"),
            "const a = 1\n\nconst b = 2  # c\n");
  EXPECT_EQ(Fmt(""), "");
  EXPECT_EQ(Fmt("\n\n# only\n\n"), "# only\n");
}

// Found by the fuzzer: a lone carriage return is whitespace, so it must not
// survive at the end of a comment (the second run would remove it).
TEST(FormatTest, RemovesCarriageReturnsAtTheEndOfComments) {
  EXPECT_EQ(Fmt("#a\r\r\n#b \r\t\r\n"), "#a\n#b\n");
  EXPECT_EQ(Fmt("const a = 1  # c\r\r\n"), "const a = 1  # c\n");
}

TEST(FormatTest, RefusesInputWithErrorsButNotWithWarnings) {
  DiagnosticSink sink;
  EXPECT_FALSE(FormatSource("t.cpl", "const a = [1\n", sink).has_value());
  EXPECT_TRUE(sink.has_errors());
  DiagnosticSink warnings;
  EXPECT_TRUE(FormatSource("t.cpl", "## detached\n\nconst a = 1\n", warnings).has_value());
  EXPECT_EQ(warnings.warning_count(), 1u);
}

// --- properties over the corpus -------------------------------------------

std::vector<std::string> CorpusInputs() {
  std::vector<std::string> out;
  fs::path root(COCOPLANE_SOURCE_DIR);
  for (const fs::path& dir : {root / "tests/cpl/testdata/ok", root / "tests/cpl/testdata/fail",
                             root / "tests/fuzz/corpus"}) {
    if (!fs::exists(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".expect") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      out.push_back(s.str());
    }
  }
  return out;
}

std::vector<std::string> CommentTexts(const Ast& ast) {
  std::vector<std::string> out;
  for (const Comment& c : ast.comments) {
    std::string text(ast.source->Slice(c.span));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.pop_back();
    out.push_back(text);
  }
  return out;
}

TEST(FormatPropertyTest, IsIdempotentKeepsTheTreeAndKeepsEveryComment) {
  size_t formatted_inputs = 0;
  for (const std::string& text : CorpusInputs()) {
    DiagnosticSink sink;
    Ast ast = ParseFile("in.cpl", text, sink);
    if (sink.has_errors()) continue;
    ++formatted_inputs;
    std::string once = Format(ast);
    DiagnosticSink again_sink;
    Ast again = ParseFile("in.cpl", once, again_sink);
    ASSERT_FALSE(again_sink.has_errors()) << Describe(again_sink) << "\n--- input:\n" << text;
    EXPECT_EQ(DumpAst(again), DumpAst(ast)) << "--- input:\n" << text;
    EXPECT_EQ(Format(again), once) << "--- input:\n" << text;
    // Comments that the formatter had to join on one line are one comment
    // after re-parsing, so compare the concatenated text.
    std::string before, after;
    for (const std::string& c : CommentTexts(ast)) before += c;
    for (const std::string& c : CommentTexts(again)) after += c;
    std::erase(before, ' ');
    std::erase(after, ' ');
    EXPECT_EQ(after, before) << "--- input:\n" << text;
  }
  EXPECT_GE(formatted_inputs, 25u);
}

}  // namespace
}  // namespace cocoplane::cpl
