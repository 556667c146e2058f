// The CPL parser on valid input: the tree each construct produces (as an
// S-expression, see ast_dump.h), spans, doc comments and layout flags.
#include "cpl/parse/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "cpl/parse/ast_dump.h"  // tests/cpl/parse
#include "testing/matchers.h"

namespace cocoplane::cpl {
namespace {

using ::cocoplane::cpl::testing::DumpAst;
using ::cocoplane::testing::Describe;

// Parses `text` and expects no diagnostics at all.
Ast ParseOk(const std::string& text) {
  DiagnosticSink sink;
  Ast ast = ParseFile("policies/t.cpl", text, sink);
  EXPECT_TRUE(sink.empty()) << Describe(sink);
  return ast;
}

// The tree of a single condition, written inside a deny rule.
std::string Condition(const std::string& cond) {
  Ast ast = ParseOk("deny \"a/b/c\" when { " + cond + " }\n");
  if (ast.decls.size() != 1) return "<no decl>";
  const auto& rule = std::get<RuleDecl>(ast.decls[0].node);
  return testing::DumpExpr(rule.when->conditions.at(0));
}

TEST(ParserTest, ParsesImportsAndConsts) {
  Ast ast = ParseOk(
      "import \"policies/common.cpl\"\n"
      "const tees = [snp, tdx]\n"
      "const shells = [\"/bin/sh\", \"/bin/bash\",]\n"
      "const mem = 64Gi\n"
      "const neg = -1\n"
      "const on = true\n"
      "const probe = regex \"^a$\"\n"
      "const other = tees\n");
  EXPECT_EQ(DumpAst(ast),
            "(import \"policies/common.cpl\")\n"
            "(const tees (list (path snp) (path tdx)))\n"
            "(const shells (list (str \"/bin/sh\") (str \"/bin/bash\")))\n"
            "(const mem (int 64Gi))\n"
            "(const neg (int -1))\n"
            "(const on true)\n"
            "(const probe (regex \"^a$\"))\n"
            "(const other (path tees))\n");
}

TEST(ParserTest, ParsesAnAgentProfileWithEverySettingForm) {
  Ast ast = ParseOk(
      "agent profile strict {\n"
      "  exec allow [\"/usr/bin/healthcheck\"]\n"
      "  exec allow regex \"^/usr/bin/curl .*$\"\n"
      "  exec deny\n"
      "  logs deny\n"
      "  stdin allow\n"
      "  copy_file allow [\"/etc/app/\"]\n"
      "  copy_file deny\n"
      "  volumes allow [config_map, secret]\n"
      "  volumes deny host_path\n"
      "  volumes require encrypted_empty_dir\n"
      "  env allow regex \"^[A-Z_]+=.*$\"\n"
      "  set_policy deny\n"
      "  diagnostics allow\n"
      "}\n");
  EXPECT_EQ(DumpAst(ast),
            "(profile strict (exec allow (list (str \"/usr/bin/healthcheck\")))"
            " (exec allow (regex \"^/usr/bin/curl .*$\")) (exec deny) (logs deny) (stdin allow)"
            " (copy_file allow (list (str \"/etc/app/\"))) (copy_file deny)"
            " (volumes allow (list (path config_map) (path secret))) (volumes deny (path host_path))"
            " (volumes require (path encrypted_empty_dir)) (env allow (regex \"^[A-Z_]+=.*$\"))"
            " (set_policy deny) (diagnostics allow))\n");
  const auto& profile = std::get<AgentProfileDecl>(ast.decls[0].node);
  EXPECT_EQ(profile.settings[0].kind, SettingKind::kExec);
  EXPECT_EQ(profile.settings[0].verb, SettingVerb::kAllow);
  EXPECT_EQ(profile.settings[9].kind, SettingKind::kVolumes);
  EXPECT_EQ(profile.settings[9].verb, SettingVerb::kRequire);
}

TEST(ParserTest, ParsesAPoolWithAVerblessSetting) {
  Ast ast = ParseOk(
      "pool snp-a {\n"
      "  annotations allow [cc_init_data, default_memory]\n"
      "  memory max 64Gi\n"
      "  vcpus max 16\n"
      "  debug forbid\n"
      "  kernel_params [\"agent.log=info\"]\n"
      "}\n");
  EXPECT_EQ(DumpAst(ast),
            "(pool snp-a (annotations allow (list (path cc_init_data) (path default_memory)))"
            " (memory max (int 64Gi)) (vcpus max (int 16)) (debug forbid)"
            " (kernel_params (list (str \"agent.log=info\"))))\n");
  const auto& pool = std::get<PoolDecl>(ast.decls[0].node);
  EXPECT_EQ(pool.settings[4].verb, SettingVerb::kNone);
  EXPECT_EQ(std::get<IntLit>(pool.settings[1].value->node).value(), 65536);
}

TEST(ParserTest, ParsesRulesWithAndWithoutTargetsAndConditions) {
  Ast ast = ParseOk(
      "release \"default/pay/*\" to workload payments when {\n"
      "  tee in [snp, tdx]\n"
      "  ear.status == affirming\n"
      "}\n"
      "release [\"a/b/c\", \"d/e/f*\"] to workloads [payments, inference]\n"
      "release keys to workloads team\n"
      "deny \"default/pay/*\" when { ear.status != affirming }\n"
      "deny \"x/y/z\"\n");
  EXPECT_EQ(DumpAst(ast),
            "(release (str \"default/pay/*\") (to workload (path payments))"
            " (when (in (path tee) (list (path snp) (path tdx)))"
            " (== (path ear status) (path affirming))))\n"
            "(release (list (str \"a/b/c\") (str \"d/e/f*\"))"
            " (to workloads (list (path payments) (path inference))))\n"
            "(release (path keys) (to workloads (path team)))\n"
            "(deny (str \"default/pay/*\") (when (!= (path ear status) (path affirming))))\n"
            "(deny (str \"x/y/z\"))\n");
}

TEST(ParserTest, ParsesAttestationClaimsInOrder) {
  Ast ast = ParseOk(
      "attestation az-snp-vtpm {\n"
      "  hardware = 2 when { reference \"snp_launch\" contains snp.measurement }\n"
      "  hardware = 32\n"
      "  default configuration = 36\n"
      "  executables = ok when { x in reference rtmr_1 }\n"
      "}\n");
  EXPECT_EQ(DumpAst(ast),
            "(attestation az-snp-vtpm"
            " (claim hardware (int 2) (when (contains (reference \"snp_launch\")"
            " (path snp measurement))))"
            " (claim hardware (int 32)) (default configuration (int 36))"
            " (claim executables (path ok) (when (in (path x) (reference rtmr_1)))))\n");
}

TEST(ParserTest, NotBindsTighterThanAndWhichBindsTighterThanOr) {
  EXPECT_EQ(Condition("a or b and not c == d"),
            "(or (path a) (and (path b) (not (== (path c) (path d)))))");
  EXPECT_EQ(Condition("not not a"), "(not (not (path a)))");
  EXPECT_EQ(Condition("(a or b) and c"), "(and (paren (or (path a) (path b))) (path c))");
}

TEST(ParserTest, KeepsLogicalChainsFlat) {
  EXPECT_EQ(Condition("a or b or c"), "(or (path a) (path b) (path c))");
  std::string chain = "x0";
  for (int i = 1; i < 5000; ++i) chain += " or x" + std::to_string(i);
  Ast ast = ParseOk("deny \"a/b/c\" when { " + chain + " }\n");
  const auto& rule = std::get<RuleDecl>(ast.decls[0].node);
  const auto& logical = std::get<LogicalExpr>(rule.when->conditions[0].node);
  EXPECT_EQ(logical.operands.size(), 5000u);
}

TEST(ParserTest, ParsesEveryComparisonOperator) {
  EXPECT_EQ(Condition("a == 1"), "(== (path a) (int 1))");
  EXPECT_EQ(Condition("a != \"s\""), "(!= (path a) (str \"s\"))");
  EXPECT_EQ(Condition("a < 1"), "(< (path a) (int 1))");
  EXPECT_EQ(Condition("a <= 1"), "(<= (path a) (int 1))");
  EXPECT_EQ(Condition("a > 1"), "(> (path a) (int 1))");
  EXPECT_EQ(Condition("a >= -1"), "(>= (path a) (int -1))");
  EXPECT_EQ(Condition("a in [1]"), "(in (path a) (list (int 1)))");
  EXPECT_EQ(Condition("a not in [1]"), "(not in (path a) (list (int 1)))");
  EXPECT_EQ(Condition("reference r contains a"), "(contains (reference r) (path a))");
  EXPECT_EQ(Condition("a matches regex \"^x\""), "(matches (path a) (regex \"^x\"))");
  EXPECT_EQ(Condition("a matches \"^x\""), "(matches (path a) (str \"^x\"))");
  EXPECT_EQ(Condition("gpu.attested"), "(path gpu attested)");
  EXPECT_EQ(Condition("x == false"), "(== (path x) false)");
}

TEST(ParserTest, ParsesGroupsAndNestedBlocks) {
  Ast ast = ParseOk(
      "deny \"a/b/c\" when {\n"
      "  any {\n"
      "    tee == snp\n"
      "    all { tee == tdx }\n"
      "  }\n"
      "  not any { x }\n"
      "}\n");
  EXPECT_EQ(DumpAst(ast),
            "(deny (str \"a/b/c\") (when (any (== (path tee) (path snp))"
            " (all (== (path tee) (path tdx)))) (not (any (path x)))))\n");
}

TEST(ParserTest, PathSegmentsMayBeQuotedOrReservedWords) {
  EXPECT_EQ(Condition("init_data_claims.\"cdh.toml\".kbc.name == \"cc_kbc\""),
            "(== (path init_data_claims \"cdh.toml\" kbc name) (str \"cc_kbc\"))");
  EXPECT_EQ(Condition("x.in.not.release"), "(path x in not release)");
}

TEST(ParserTest, ContextualWordsCanBeNames) {
  Ast ast = ParseOk(
      "const logs = [max, default, exec]\n"
      "agent profile exec {\n"
      "  logs deny\n"
      "}\n"
      "attestation default {\n"
      "  default = 3\n"
      "}\n");
  EXPECT_EQ(DumpAst(ast),
            "(const logs (list (path max) (path default) (path exec)))\n"
            "(profile exec (logs deny))\n"
            "(attestation default (claim default (int 3)))\n");
}

TEST(ParserTest, ListsSpanLinesAndRecordTheAuthorsLayout) {
  Ast ast = ParseOk(
      "const a = [1, 2]\n"
      "const b = [\n"
      "  1,\n"
      "  2,\n"
      "]\n"
      "const c = [1,\n"
      "  2]\n"
      "const d = []\n");
  auto list = [&](size_t i) -> const ListExpr& {
    return std::get<ListExpr>(std::get<ConstDecl>(ast.decls[i].node).value.node);
  };
  EXPECT_FALSE(list(0).multiline);
  EXPECT_TRUE(list(1).multiline);
  EXPECT_FALSE(list(2).multiline);
  EXPECT_TRUE(list(3).elements.empty());
}

TEST(ParserTest, RecordsSingleLineConditionBlocks) {
  Ast ast = ParseOk("deny \"a/b/c\" when { x }\ndeny \"a/b/c\" when {\n  x\n}\n");
  EXPECT_TRUE(std::get<RuleDecl>(ast.decls[0].node).when->single_line);
  EXPECT_FALSE(std::get<RuleDecl>(ast.decls[1].node).when->single_line);
}

TEST(ParserTest, EveryNameHasItsLocation) {
  Ast ast = ParseOk("\n\nagent profile  web_service {\n  logs deny\n}\n");
  const auto& profile = std::get<AgentProfileDecl>(ast.decls[0].node);
  EXPECT_EQ(ast.Locate(profile.name.span), (Location{"policies/t.cpl", 3, 16, 11}));
  EXPECT_EQ(ast.Locate(profile.settings[0].name.span), (Location{"policies/t.cpl", 4, 3, 4}));
  EXPECT_EQ(ast.Locate(profile.settings[0].verb_span), (Location{"policies/t.cpl", 4, 8, 4}));
  EXPECT_EQ(ast.Locate(ast.decls[0].span).line, 3u);
  EXPECT_EQ(ast.Locate(profile.body).column, 28u);
}

TEST(ParserTest, SpansCoverWholeExpressions) {
  Ast ast = ParseOk("deny \"a/b/c\" when { tee in [snp, tdx] }\n");
  const Expr& cond = std::get<RuleDecl>(ast.decls[0].node).when->conditions[0];
  EXPECT_EQ(ast.source->Slice(cond.span), "tee in [snp, tdx]");
  const auto& cmp = std::get<CompareExpr>(cond.node);
  EXPECT_EQ(ast.source->Slice(cmp.op_span), "in");
}

TEST(ParserTest, AttachesDocCommentsToTheNextDeclaration) {
  Ast ast = ParseOk(
      "# plain\n"
      "## First line.\n"
      "##   Indented.\n"
      "##\n"
      "agent profile p {}\n"
      "const x = 1  # not doc\n");
  EXPECT_EQ(ast.decls[0].doc, "First line.\n  Indented.\n");
  EXPECT_EQ(ast.decls[1].doc, "");
  EXPECT_EQ(ast.comments.size(), 5u);
}

TEST(ParserTest, AcceptsCrLfLineEndings) {
  Ast ast = ParseOk("agent profile p {\r\n  logs deny  # c\r\n}\r\n");
  EXPECT_EQ(DumpAst(ast), "(profile p (logs deny))\n");
}

TEST(ParserTest, AnEmptyFileHasNoDeclarations) {
  EXPECT_TRUE(ParseOk("").decls.empty());
  EXPECT_TRUE(ParseOk("# only a comment\n\n").decls.empty());
}

}  // namespace
}  // namespace cocoplane::cpl
