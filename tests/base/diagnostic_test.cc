#include "base/diagnostic.h"

#include <gtest/gtest.h>

#include <set>

namespace cocoplane {
namespace {

TEST(DiagnosticRegistryTest, IdsAreUniqueAndWellFormed) {
  std::set<std::string_view> ids;
  for (const auto& info : AllDiagKinds()) {
    EXPECT_TRUE(ids.insert(info.id).second) << "duplicate id " << info.id;
    ASSERT_EQ(info.id.size(), 6u) << info.id;
    EXPECT_EQ(info.id.substr(0, 2), "CP");
    EXPECT_FALSE(info.summary.empty()) << info.id;
    EXPECT_EQ(&Info(info.kind), &info) << "registry order broken at " << info.id;
  }
}

TEST(DiagnosticRegistryTest, LooksUpById) {
  auto kind = DiagKindFromId("CP1001");
  ASSERT_TRUE(kind.has_value());
  EXPECT_EQ(*kind, DiagKind::kYamlSyntax);
  EXPECT_FALSE(DiagKindFromId("CP0000").has_value());
}

TEST(DiagnosticSinkTest, CountsBySeverityAndSorts) {
  DiagnosticSink sink;
  sink.Emit(DiagKind::kJsonSyntax, {"b.json", 2, 1, 1}, "b");
  sink.Emit(DiagKind::kYamlSyntax, {"a.yaml", 9, 1, 1}, "a9");
  sink.EmitWithSeverity(DiagKind::kYamlSyntax, Severity::kWarning, {"a.yaml", 3, 4, 1}, "a3");
  EXPECT_EQ(sink.error_count(), 2u);
  EXPECT_EQ(sink.warning_count(), 1u);
  sink.Sort();
  ASSERT_EQ(sink.diagnostics().size(), 3u);
  EXPECT_EQ(sink.diagnostics()[0].message, "a3");
  EXPECT_EQ(sink.diagnostics()[1].message, "a9");
  EXPECT_EQ(sink.diagnostics()[2].message, "b");
}

TEST(DiagnosticSinkTest, CapsTheNumberKeptButCountsAll) {
  DiagnosticSink sink;
  for (size_t i = 0; i < DiagnosticSink::kMaxDiagnostics + 50; ++i) {
    sink.Emit(DiagKind::kYamlSyntax, {"a.yaml", 1, 1, 1}, "x");
  }
  EXPECT_EQ(sink.diagnostics().size(), DiagnosticSink::kMaxDiagnostics + 1);
  EXPECT_EQ(sink.diagnostics().back().kind, DiagKind::kTooManyDiagnostics);
  EXPECT_EQ(sink.error_count(), DiagnosticSink::kMaxDiagnostics + 50);
}

}  // namespace
}  // namespace cocoplane
