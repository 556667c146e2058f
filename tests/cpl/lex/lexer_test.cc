// The CPL lexer: token kinds and spans, the comment side table, literal
// decoding, and every lexical diagnostic with its exact position.
#include "cpl/lex/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cpl/lex/literals.h"
#include "testing/matchers.h"

namespace cocoplane::cpl {
namespace {

using ::cocoplane::testing::Describe;
using ::cocoplane::testing::HasDiagnostic;

TokenBuffer LexText(std::string text, DiagnosticSink& sink) {
  return Lex(SourceText::Make("policies/t.cpl", std::move(text)), sink);
}

std::vector<TokenKind> Kinds(const TokenBuffer& buffer) {
  std::vector<TokenKind> out;
  for (const Token& t : buffer.tokens) out.push_back(t.kind);
  return out;
}

TEST(LexerTest, LexesKeywordsNamesPunctuationAndLiterals) {
  DiagnosticSink sink;
  TokenBuffer b = LexText("release \"a/b/*\" to workload pay-ments when { x.y >= -3 }", sink);
  EXPECT_TRUE(sink.empty()) << Describe(sink);
  using K = TokenKind;
  EXPECT_EQ(Kinds(b), (std::vector<K>{K::kRelease, K::kString, K::kTo, K::kWorkload,
                                      K::kIdentifier, K::kWhen, K::kLBrace, K::kIdentifier,
                                      K::kDot, K::kIdentifier, K::kGreaterEqual, K::kInteger,
                                      K::kRBrace, K::kEndOfFile}));
  EXPECT_EQ(b.Text(b.tokens[4]), "pay-ments");
  EXPECT_EQ(b.Text(b.tokens[11]), "-3");
}

TEST(LexerTest, EveryPunctuatorHasItsKind) {
  DiagnosticSink sink;
  TokenBuffer b = LexText("{ } [ ] ( ) , . = == != < <= > >=", sink);
  using K = TokenKind;
  EXPECT_EQ(Kinds(b), (std::vector<K>{K::kLBrace, K::kRBrace, K::kLBracket, K::kRBracket,
                                      K::kLParen, K::kRParen, K::kComma, K::kDot, K::kAssign,
                                      K::kEqualEqual, K::kNotEqual, K::kLess, K::kLessEqual,
                                      K::kGreater, K::kGreaterEqual, K::kEndOfFile}));
}

TEST(LexerTest, OnlyReservedWordsAreKeywords) {
  EXPECT_EQ(KeywordFromText("release"), TokenKind::kRelease);
  EXPECT_EQ(KeywordFromText("workloads"), TokenKind::kWorkloads);
  // Setting names, verbs and `default` stay names (SPEC.md §1.3).
  for (const char* word : {"exec", "logs", "require", "forbid", "max", "default", "snp"}) {
    EXPECT_EQ(KeywordFromText(word), std::nullopt) << word;
  }
}

TEST(LexerTest, MarksTheFirstTokenOfEachLine) {
  DiagnosticSink sink;
  TokenBuffer b = LexText("logs deny\n  stdin allow", sink);
  ASSERT_EQ(b.tokens.size(), 5u);
  EXPECT_TRUE(b.tokens[0].first_on_line());
  EXPECT_FALSE(b.tokens[1].first_on_line());
  EXPECT_TRUE(b.tokens[2].first_on_line());
  EXPECT_FALSE(b.tokens[3].first_on_line());
}

TEST(LexerTest, CommentsGoToTheSideTableWithDocAndTrailingFlags) {
  DiagnosticSink sink;
  TokenBuffer b = LexText("## doc\n# plain\nconst a = 1  # why\n### banner\r\n", sink);
  EXPECT_TRUE(sink.empty()) << Describe(sink);
  EXPECT_EQ(Kinds(b).size(), 5u);  // const a = 1 EOF: comments are not tokens
  ASSERT_EQ(b.comments.size(), 4u);
  EXPECT_EQ(b.source->Slice(b.comments[0].span), "## doc");
  EXPECT_TRUE(b.comments[0].doc);
  EXPECT_FALSE(b.comments[1].doc);
  EXPECT_TRUE(b.comments[2].trailing);
  EXPECT_FALSE(b.comments[1].trailing);
  EXPECT_FALSE(b.comments[3].doc);
  EXPECT_EQ(b.source->Slice(b.comments[3].span), "### banner");  // no '\r'
}

TEST(LexerTest, SkipsAByteOrderMark) {
  DiagnosticSink sink;
  TokenBuffer b = LexText("\xEF\xBB\xBF" "const a = 1", sink);
  EXPECT_TRUE(sink.empty()) << Describe(sink);
  EXPECT_EQ(b.tokens[0].kind, TokenKind::kConst);
  EXPECT_EQ(b.tokens[0].span.offset, 3u);
}

TEST(LexerTest, DecodesStringEscapes) {
  EXPECT_EQ(DecodeString(R"("a\"b\\c\n\t\r")"), "a\"b\\c\n\t\r");
  EXPECT_EQ(DecodeString(R"("\u{41}\u{e9}\u{1F600}")"), "A\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(DecodeString(R"("^/usr/bin/curl 127\\.0")"), "^/usr/bin/curl 127\\.0");
}

TEST(LexerTest, EncodeStringRoundTripsThroughTheLexer) {
  std::string value = std::string("tab\there \"q\" back\\slash nl\n bell\x07 del\x7F é");
  std::string literal = EncodeString(value);
  EXPECT_EQ(literal, "\"tab\\there \\\"q\\\" back\\\\slash nl\\n bell\\u{7} del\\u{7f} é\"");
  DiagnosticSink sink;
  TokenBuffer b = LexText(literal, sink);
  EXPECT_TRUE(sink.empty()) << Describe(sink);
  EXPECT_EQ(DecodeString(b.Text(b.tokens[0])), value);
}

TEST(LexerTest, DecodesIntegersWithUnits) {
  EXPECT_EQ(DecodeInteger("4096").digits, 4096);
  EXPECT_EQ(DecodeInteger("-127").digits, -127);
  IntLiteralValue gi = DecodeInteger("64Gi");
  EXPECT_EQ(gi.digits, 64);
  EXPECT_EQ(gi.unit, IntUnit::kGi);
  EXPECT_EQ(gi.digits * IntUnitFactor(gi.unit), 65536);
  EXPECT_EQ(DecodeInteger("512Mi").unit, IntUnit::kMi);
}

TEST(LexerTest, AcceptsIntegersUpToTheInt64Limit) {
  DiagnosticSink sink;
  LexText("9223372036854775807 -9223372036854775807 9007199254740991Gi 0 -0", sink);
  EXPECT_TRUE(sink.empty()) << Describe(sink);
}

// --- diagnostics: ID, file, line and column --------------------------------

TEST(LexerTest, ReportsABadCharacterRunOnce) {
  DiagnosticSink sink;
  TokenBuffer b = LexText("const a = 1\nconst b = a && c", sink);
  ASSERT_EQ(sink.diagnostics().size(), 1u) << Describe(sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP4001", "policies/t.cpl", 2, 13));
  EXPECT_EQ(sink.diagnostics()[0].location.length, 2u);
  EXPECT_NE(sink.diagnostics()[0].hint.find("and"), std::string::npos);
  // The run becomes one error token; lexing goes on after it.
  EXPECT_EQ(b.tokens[b.tokens.size() - 3].kind, TokenKind::kError);
  EXPECT_EQ(b.Text(b.tokens[b.tokens.size() - 2]), "c");
}

// A hostile file cannot flood the output: after DiagnosticSink's 1,000
// diagnostics one CP1011 (no position: it is about the run) ends the list.
TEST(LexerTest, AThousandMistakesEndWithOneTooManyDiagnostics) {
  std::string text;
  for (int i = 0; i < 1500; ++i) text += "$\n";
  DiagnosticSink sink;
  LexText(text, sink);
  ASSERT_EQ(sink.diagnostics().size(), DiagnosticSink::kMaxDiagnostics + 1);
  EXPECT_EQ(sink.error_count(), 1500u);
  EXPECT_TRUE(HasDiagnostic(sink, "CP4001", "policies/t.cpl", 1000, 1));
  EXPECT_EQ(sink.diagnostics().back().id(), "CP1011");
  EXPECT_EQ(sink.diagnostics().back().location.ToString(), "");
  EXPECT_TRUE(HasDiagnostic(sink, "CP1011", "", 0, 0));
}

TEST(LexerTest, ReportsALoneMinus) {
  DiagnosticSink sink;
  LexText("const a = - 1", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP4001", "policies/t.cpl", 1, 11)) << Describe(sink);
}

TEST(LexerTest, ReportsAControlCharacterInAString) {
  DiagnosticSink sink;
  LexText("const a = \"x\x01y\"", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP4001", "policies/t.cpl", 1, 13)) << Describe(sink);
}

TEST(LexerTest, ReportsAnUnterminatedStringAtItsOpeningQuote) {
  DiagnosticSink sink;
  TokenBuffer b = LexText("const a = 1\nconst s = \"abc\nconst b = 2", sink);
  ASSERT_EQ(sink.diagnostics().size(), 1u) << Describe(sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP4002", "policies/t.cpl", 2, 11));
  // The next line lexes normally.
  EXPECT_EQ(b.tokens[b.tokens.size() - 5].kind, TokenKind::kConst);
}

TEST(LexerTest, ReportsBadEscapesAtTheBackslash) {
  DiagnosticSink sink;
  LexText(R"(const s = "a\qb" "\u{d800}" "\u{}" "\u{110000}" "\u41")", sink);
  EXPECT_EQ(sink.diagnostics().size(), 5u) << Describe(sink);
  for (unsigned col : {13u, 19u, 30u, 37u, 50u}) {
    EXPECT_TRUE(HasDiagnostic(sink, "CP4003", "policies/t.cpl", 1, col)) << col;
  }
}

TEST(LexerTest, ReportsMalformedIntegers) {
  DiagnosticSink sink;
  LexText("0x10 1.5 007 12ab 3Ki", sink);
  EXPECT_EQ(sink.diagnostics().size(), 5u) << Describe(sink);
  for (unsigned col : {1u, 6u, 10u, 14u, 19u}) {
    EXPECT_TRUE(HasDiagnostic(sink, "CP4004", "policies/t.cpl", 1, col)) << col;
  }
}

TEST(LexerTest, ReportsIntegersOutOfRange) {
  DiagnosticSink sink;
  LexText("9223372036854775808\n9007199254740992Gi", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP4005", "policies/t.cpl", 1, 1)) << Describe(sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP4005", "policies/t.cpl", 2, 1));
}

TEST(LexerTest, ReportsMalformedNames) {
  DiagnosticSink sink;
  LexText("snp- a--b ok-1", sink);
  EXPECT_EQ(sink.diagnostics().size(), 2u) << Describe(sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP4006", "policies/t.cpl", 1, 1));
  EXPECT_TRUE(HasDiagnostic(sink, "CP4006", "policies/t.cpl", 1, 6));
}

TEST(LexerTest, ReportsInvalidUtf8InCommentsStringsAndCode) {
  DiagnosticSink sink;
  LexText("# bad \xFF\nconst s = \"\xC3\x28\"\n\xFE", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP1007", "policies/t.cpl", 1, 7)) << Describe(sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP1007", "policies/t.cpl", 2, 12));
  EXPECT_TRUE(HasDiagnostic(sink, "CP1007", "policies/t.cpl", 3, 1));
}

TEST(LexerTest, AcceptsUtf8InStringsAndComments) {
  DiagnosticSink sink;
  LexText("# café ✓\nconst s = \"naïve ✓\"", sink);
  EXPECT_TRUE(sink.empty()) << Describe(sink);
}

TEST(LexerTest, ReportsANonAsciiCharacterOutsideStrings) {
  DiagnosticSink sink;
  LexText("const s = ✓", sink);
  ASSERT_EQ(sink.diagnostics().size(), 1u) << Describe(sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP4001", "policies/t.cpl", 1, 11));
  EXPECT_NE(sink.diagnostics()[0].message.find("✓"), std::string::npos);
}

}  // namespace
}  // namespace cocoplane::cpl
