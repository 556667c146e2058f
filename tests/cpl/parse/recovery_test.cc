// The CPL parser on broken input: each syntax diagnostic at its exact
// position, recovery so that one run reports every independent mistake, and
// the nesting cap that keeps hostile input from exhausting the stack.
#include <gtest/gtest.h>

#include <string>

#include "cpl/parse/ast_dump.h"  // tests/cpl/parse
#include "cpl/parse/parser.h"
#include "testing/matchers.h"

namespace cocoplane::cpl {
namespace {

using ::cocoplane::cpl::testing::DumpAst;
using ::cocoplane::testing::Describe;
using ::cocoplane::testing::HasDiagnostic;

constexpr char kFile[] = "policies/t.cpl";

// "CP4101@2:5 CP4107@1:18": every diagnostic, in emission order.
std::string Ids(const DiagnosticSink& sink) {
  std::string out;
  for (const Diagnostic& d : sink.diagnostics()) {
    if (!out.empty()) out += " ";
    out += std::string(d.id()) + "@" + std::to_string(d.location.line) + ":" +
           std::to_string(d.location.column);
  }
  return out;
}

std::string ParseIds(const std::string& text, Ast* ast_out = nullptr) {
  DiagnosticSink sink;
  Ast ast = ParseFile(kFile, text, sink);
  if (ast_out) *ast_out = std::move(ast);
  return Ids(sink);
}

TEST(RecoveryTest, ReportsOneErrorPerBrokenDeclarationAndKeepsTheRest) {
  Ast ast;
  EXPECT_EQ(ParseIds("const a 1\n"
                     "const ok1 = 1\n"
                     "agent profile p {\n"
                     "  logs permit\n"
                     "  stdin deny\n"
                     "  exce allow [\"x\"]\n"
                     "}\n"
                     "release \"a/b/c\" to nobody\n"
                     "const ok2 = 2\n",
                     &ast),
            "CP4101@1:9 CP4104@4:8 CP4103@6:3 CP4101@8:20");
  EXPECT_EQ(DumpAst(ast),
            "(const ok1 (int 1))\n"
            "(profile p (stdin deny))\n"
            "(const ok2 (int 2))\n");
}

TEST(RecoveryTest, SkipsABrokenStatementWholeEvenAcrossLines) {
  // The error is inside a list that spans lines; recovery skips to the end
  // of the list, not just to the next line.
  EXPECT_EQ(ParseIds("agent profile p {\n"
                     "  exec allow [\"a\",\n"
                     "    = \"b\",\n"
                     "  ]\n"
                     "  logs deny deny\n"
                     "}\n"),
            "CP4115@3:5 CP4104@5:13");
}

TEST(RecoveryTest, AnUnclosedBlockEndsAtTheNextDeclaration) {
  Ast ast;
  EXPECT_EQ(ParseIds("agent profile p {\n"
                     "  logs deny\n"
                     "release \"a/b/c\"\n",
                     &ast),
            "CP4107@1:17");
  EXPECT_EQ(DumpAst(ast), "(profile p (logs deny))\n(release (str \"a/b/c\"))\n");
}

TEST(RecoveryTest, ReportsUnclosedBracketsAtTheOpener) {
  EXPECT_EQ(ParseIds("const a = [1, 2"), "CP4107@1:11");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when { (a or b"), "CP4107@1:21 CP4107@1:19");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when {\n  x\n"), "CP4107@1:19");
}

TEST(RecoveryTest, ReportsStrayClosersAtTopLevel) {
  EXPECT_EQ(ParseIds("}\nconst a = 1\n]\n)"), "CP4108@1:1 CP4108@3:1 CP4108@4:1");
}

TEST(RecoveryTest, SuggestsTheDeclarationKeyword) {
  DiagnosticSink sink;
  ParseFile(kFile, "agnt profile p {}\nrelese \"a/b/c\"\n", sink);
  ASSERT_EQ(Ids(sink), "CP4102@1:1 CP4102@2:1");
  EXPECT_EQ(sink.diagnostics()[0].hint, "did you mean 'agent'?");
  EXPECT_EQ(sink.diagnostics()[1].hint, "did you mean 'release'?");
}

TEST(RecoveryTest, SuggestsTheSettingAndNamesTheOtherBlock) {
  DiagnosticSink sink;
  ParseFile(kFile, "agent profile p {\n  log deny\n  memory max 1\n}\n", sink);
  ASSERT_EQ(Ids(sink), "CP4103@2:3 CP4103@3:3");
  EXPECT_EQ(sink.diagnostics()[0].hint, "did you mean 'logs'?");
  EXPECT_NE(sink.diagnostics()[1].hint.find("'memory' is a pool setting"), std::string::npos);
}

TEST(RecoveryTest, ChecksSettingForms) {
  EXPECT_EQ(ParseIds("pool p {\n"
                     "  memory 3\n"           // missing verb
                     "  memory min 3\n"       // wrong verb
                     "  memory max\n"         // missing value
                     "  debug forbid 1\n"     // extra value
                     "  kernel_params\n"      // missing value, verbless
                     "}\n"),
            "CP4104@2:10 CP4104@3:10 CP4104@4:13 CP4104@5:16 CP4104@6:16");
}

TEST(RecoveryTest, StatementsEndAtTheEndOfTheLine) {
  EXPECT_EQ(ParseIds("const a =\n1\n"), "CP4115@1:10 CP4102@2:1");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when {\n  a and\n  b\n}\n"), "CP4115@2:8");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when {\n  a\n  or b\n}\n"), "CP4115@3:3");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when {\n  a.\n  b\n}\n"), "CP4101@2:5");
  EXPECT_EQ(ParseIds("release \"a/b/c\"\n  to workload p\n"), "CP4102@2:3");
  EXPECT_EQ(ParseIds("release \"a/b/c\" when\n{ x }\n"), "CP4101@1:21 CP4102@2:1");
}

TEST(RecoveryTest, ReportsTwoStatementsOnOneLine) {
  EXPECT_EQ(ParseIds("const a = 1 const b = 2\n"), "CP4106@1:13");
  EXPECT_EQ(ParseIds("agent profile p {\n  logs deny stdin deny\n}\n"), "CP4104@2:13");
  EXPECT_EQ(ParseIds("attestation snp {\n  hardware = 2 executables = 3\n}\n"), "CP4106@2:16");
}

TEST(RecoveryTest, ReportsEmptyConditionBlocks) {
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when {}\n"), "CP4109@1:19");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when {\n  any {\n  }\n}\n"), "CP4109@2:7");
  // A block whose only condition is broken is not reported as empty too.
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when { a == b == c }\n"), "CP4116@1:28");
}

TEST(RecoveryTest, ReportsImportsAfterDeclarationsAndBadImportPaths) {
  EXPECT_EQ(ParseIds("import \"a.cpl\"\nconst a = 1\nimport \"b.cpl\"\n"), "CP4110@3:1");
  EXPECT_EQ(ParseIds("const a = 1\nimport \"../b.cpl\"\n"), "CP4110@2:1 CP4113@2:8");
  EXPECT_EQ(ParseIds("import \"/abs.cpl\"\nimport \"x.rego\"\nimport \"a//b.cpl\"\n"
                     "import \"a\\\\b.cpl\"\nimport \"./a.cpl\"\n"),
            "CP4113@1:8 CP4113@2:8 CP4113@3:8 CP4113@4:8 CP4113@5:8");
}

TEST(RecoveryTest, PointsIntoMalformedResourcePatterns) {
  EXPECT_EQ(ParseIds("release \"a/b\"\n"), "CP4112@1:9");
  EXPECT_EQ(ParseIds("release \"a/b c/d\"\n"), "CP4112@1:12");
  EXPECT_EQ(ParseIds("release [\"a/b/c\", \"a/b/c/d\"]\n"), "CP4112@1:26");
  EXPECT_EQ(ParseIds("release \"a/*b/c\"\n"), "CP4112@1:12");
  EXPECT_EQ(ParseIds("deny \"a//c\"\n"), "CP4112@1:9");
  EXPECT_EQ(ParseIds("release \"repo/key-*/.hidden\"\n"), "CP4112@1:21");
  EXPECT_EQ(ParseIds("release \"*/key-*/v1.2\"\n"), "");
}

TEST(RecoveryTest, ReportsReservedWordsUsedAsNames) {
  EXPECT_EQ(ParseIds("const release = 1\n"), "CP4114@1:7");
  EXPECT_EQ(ParseIds("agent profile deny {}\n"), "CP4114@1:15");
  EXPECT_EQ(ParseIds("release \"a/b/c\" to workload in\n"), "CP4114@1:29");
}

TEST(RecoveryTest, ReportsMissingValues) {
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when { tee == }\n"), "CP4115@1:28");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when { == snp }\n"), "CP4115@1:21");
  EXPECT_EQ(ParseIds("const a = [1, , 2]\n"), "CP4115@1:15");
}

TEST(RecoveryTest, ReportsChainedComparisons) {
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when {\n  1 < x < 3\n}\n"), "CP4116@2:9");
}

TEST(RecoveryTest, LexerErrorsAreNotReportedTwice) {
  EXPECT_EQ(ParseIds("const a = \"abc\nconst b = 1\n"), "CP4002@1:11");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when { tee == snp && x }\n"), "CP4001@1:32");
  EXPECT_EQ(ParseIds("agent profile p {\n  logs deny @\n}\n"), "CP4001@2:13");
}

TEST(RecoveryTest, ADefaultClaimTakesNoCondition) {
  EXPECT_EQ(ParseIds("attestation snp {\n  default hardware = 97 when { x }\n}\n"), "CP4101@2:25");
}

TEST(RecoveryTest, WarnsAboutDetachedDocComments) {
  DiagnosticSink sink;
  Ast ast = ParseFile(kFile,
                      "## detached by a blank line\n\n"
                      "const a = 1  ## trailing\n"
                      "agent profile p {\n  ## inside\n  logs deny\n}\n"
                      "## at the end\n",
                      sink);
  EXPECT_EQ(Ids(sink), "CP4111@1:1 CP4111@3:14 CP4111@5:3 CP4111@8:1");
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(ast.decls.size(), 2u);
}

// --- the nesting cap ------------------------------------------------------

std::string Nested(const std::string& open, const std::string& inner, const std::string& close,
                   int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += open;
  out += inner;
  for (int i = 0; i < depth; ++i) out += close;
  return out;
}

TEST(RecoveryTest, AcceptsNestingUpToTheCap) {
  EXPECT_EQ(ParseIds("const a = " + Nested("[", "1", "]", kMaxNestingDepth) + "\n"), "");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when { " + Nested("(", "x", ")", kMaxNestingDepth) + " }\n"),
            "");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when { " + Nested("not ", "x", "", kMaxNestingDepth) + " }\n"),
            "");
}

TEST(RecoveryTest, ReportsNestingBeyondTheCapOnceAndGoesOn) {
  int deep = kMaxNestingDepth + 1;
  EXPECT_EQ(ParseIds("const a = " + Nested("[", "1", "]", deep) + "\nconst b = 1 2\n"),
            "CP4105@1:75 CP4106@2:13");
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when { " + Nested("not ", "x", "", deep) + " }\n"),
            "CP4105@1:277");
  std::string groups = Nested("any { ", "x", " }", deep);
  EXPECT_EQ(ParseIds("deny \"a/b/c\" when { " + groups + " }\nconst ok = 1\n"),
            "CP4105@1:405");
}

TEST(RecoveryTest, SurvivesHostileNesting) {
  // 200k unclosed brackets: one diagnostic, no stack overflow, linear time.
  std::string text = "const a = " + std::string(200000, '[');
  EXPECT_EQ(ParseIds(text), "CP4105@1:75");
  text = "deny \"a/b/c\" when {" + Nested(" any {", " x", " }", 100000);
  EXPECT_EQ(ParseIds(text), "CP4105@1:405");
}

}  // namespace
}  // namespace cocoplane::cpl
