// Metrics: every family is rendered, the text is well-formed exposition
// format 0.0.4, and the stateful families (revision, drift) keep only what
// they should. The prometheus integration test re-checks the text with the
// real parser (promtool and a scrape).
#include "metrics/metrics.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace cocoplane::metrics {
namespace {

const std::vector<std::string> kFamilies = {
    "cocoplane_reconcile_total",
    "cocoplane_reconcile_duration_seconds",
    "cocoplane_git_fetch_total",
    "cocoplane_applied_revision_info",
    "cocoplane_verification_failures_total",
    "cocoplane_webhook_requests_total",
    "cocoplane_drift_items",
    "cocoplane_drift_checks_total",
    "cocoplane_notifications_total",
};

// Problems with `text` as exposition format 0.0.4 (prometheus.io, "Exposition
// formats"): every line is a comment (# HELP / # TYPE name ...) or a sample
// `name{label="value",...} value [timestamp]`; every sample belongs to the
// family whose TYPE came last (histograms add _bucket/_sum/_count).
std::vector<std::string> TextFormatProblems(const std::string& text) {
  const std::string name = R"([a-zA-Z_:][a-zA-Z0-9_:]*)";
  const std::string label = R"([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")";
  const std::string value = R"([-+]?([0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?|Inf)|NaN)";
  const std::regex help("# HELP (" + name + ") .*");
  const std::regex type_line("# TYPE (" + name + ") (counter|gauge|histogram|summary|untyped)");
  const std::regex sample("(" + name + ")(\\{" + label + "(," + label + ")*\\})? (" + value +
                          ")( -?[0-9]+)?");
  std::vector<std::string> problems;
  if (!text.empty() && text.back() != '\n') problems.push_back("no final newline");
  std::istringstream lines(text);
  std::string line, family, type;
  std::smatch m;
  while (std::getline(lines, line)) {
    if (std::regex_match(line, m, help)) continue;
    if (std::regex_match(line, m, type_line)) {
      family = m[1];
      type = m[2];
      continue;
    }
    if (!std::regex_match(line, m, sample)) {
      problems.push_back("bad line: " + line);
      continue;
    }
    std::set<std::string> allowed = {family};
    if (type == "histogram") allowed = {family + "_bucket", family + "_sum", family + "_count"};
    if (!allowed.count(m[1])) problems.push_back("sample outside its family: " + line);
  }
  return problems;
}

bool Contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(Metrics, RendersEveryFamilyEvenBeforeAnyEvent) {
  Metrics metrics;
  const std::string text = metrics.Render();

  for (const std::string& family : kFamilies) {
    EXPECT_TRUE(Contains(text, "# TYPE " + family + " ")) << family << "\n" << text;
  }
  // Closed result sets and unlabelled series start at 0.
  EXPECT_TRUE(Contains(text, "cocoplane_reconcile_total{result=\"failure\"} 0\n")) << text;
  EXPECT_TRUE(Contains(text, "cocoplane_git_fetch_total{result=\"success\"} 0\n")) << text;
  EXPECT_TRUE(Contains(text, "cocoplane_drift_checks_total 0\n")) << text;
  EXPECT_TRUE(Contains(text, "cocoplane_reconcile_duration_seconds_count 0\n")) << text;
  EXPECT_EQ(TextFormatProblems(text), std::vector<std::string>{}) << text;
}

TEST(Metrics, RecordsEachKindOfEvent) {
  Metrics metrics;
  metrics.ObserveReconcile(Outcome::kSuccess, 0.3);
  metrics.ObserveReconcile(Outcome::kFailure, 12);
  metrics.CountGitFetch(Outcome::kFailure);
  metrics.SetAppliedRevision("0123abcd");
  metrics.CountVerificationFailure("unsigned");
  metrics.CountWebhook("github", WebhookResult::kAccepted);
  metrics.RecordDriftCheck({{"node/snp-a", "modified", 2}});
  metrics.CountNotification("alertmanager", Outcome::kSuccess);
  const std::string text = metrics.Render();

  EXPECT_TRUE(Contains(text, "cocoplane_reconcile_total{result=\"success\"} 1\n")) << text;
  EXPECT_TRUE(Contains(text, "cocoplane_reconcile_total{result=\"failure\"} 1\n"));
  EXPECT_TRUE(Contains(text, "cocoplane_reconcile_duration_seconds_count 2\n"));
  EXPECT_TRUE(Contains(text, "cocoplane_reconcile_duration_seconds_sum 12.3"));
  EXPECT_TRUE(Contains(text, "cocoplane_reconcile_duration_seconds_bucket{le=\"0.5\"} 1\n"));
  EXPECT_TRUE(Contains(text, "cocoplane_reconcile_duration_seconds_bucket{le=\"+Inf\"} 2\n"));
  EXPECT_TRUE(Contains(text, "cocoplane_git_fetch_total{result=\"failure\"} 1\n"));
  EXPECT_TRUE(Contains(text, "cocoplane_applied_revision_info{revision=\"0123abcd\"} 1\n"));
  EXPECT_TRUE(Contains(text, "cocoplane_verification_failures_total{reason=\"unsigned\"} 1\n"));
  EXPECT_TRUE(Contains(
      text, "cocoplane_webhook_requests_total{provider=\"github\",result=\"accepted\"} 1\n"));
  EXPECT_TRUE(Contains(text, "cocoplane_drift_items{kind=\"modified\",target=\"node/snp-a\"} 2\n"));
  EXPECT_TRUE(Contains(text, "cocoplane_drift_checks_total 1\n"));
  EXPECT_TRUE(Contains(
      text, "cocoplane_notifications_total{result=\"success\",sink=\"alertmanager\"} 1\n"));
  EXPECT_EQ(TextFormatProblems(text), std::vector<std::string>{}) << text;
}

TEST(Metrics, OnlyTheCurrentRevisionHasAnInfoSeries) {
  Metrics metrics;
  metrics.SetAppliedRevision("aaaa");
  metrics.SetAppliedRevision("bbbb");
  const std::string text = metrics.Render();

  EXPECT_TRUE(Contains(text, "cocoplane_applied_revision_info{revision=\"bbbb\"} 1\n"));
  EXPECT_FALSE(Contains(text, "aaaa")) << text;
}

TEST(Metrics, DriftPairsMissingFromTheLatestCheckDropToZero) {
  Metrics metrics;
  metrics.RecordDriftCheck({{"node/snp-a", "modified", 2}, {"kbs-storage", "missing", 1}});
  metrics.RecordDriftCheck({{"kbs-storage", "missing", 3}});
  const std::string text = metrics.Render();

  EXPECT_TRUE(Contains(text, "cocoplane_drift_items{kind=\"modified\",target=\"node/snp-a\"} 0\n"));
  EXPECT_TRUE(Contains(text, "cocoplane_drift_items{kind=\"missing\",target=\"kbs-storage\"} 3\n"));
  EXPECT_TRUE(Contains(text, "cocoplane_drift_checks_total 2\n"));
}

TEST(Metrics, LabelValuesAreEscapedOrReplacedWhenNotUtf8) {
  Metrics metrics;
  metrics.CountVerificationFailure("key \"a\\b\"\nrevoked");
  metrics.CountVerificationFailure(std::string("bad\xff", 4));
  const std::string text = metrics.Render();

  EXPECT_TRUE(Contains(
      text, "cocoplane_verification_failures_total{reason=\"key \\\"a\\\\b\\\"\\nrevoked\"} 1\n"))
      << text;
  EXPECT_TRUE(Contains(text, "cocoplane_verification_failures_total{reason=\"invalid\"} 1\n"));
  EXPECT_EQ(TextFormatProblems(text), std::vector<std::string>{}) << text;
}

TEST(Metrics, TheFormatCheckerRejectsMalformedText) {
  // The checker above is only worth its passes if it fails bad input.
  EXPECT_FALSE(TextFormatProblems("# TYPE x counter\nx{a=\"1} 1\n").empty());
  EXPECT_FALSE(TextFormatProblems("# TYPE x counter\nx 1 2 3\n").empty());
  EXPECT_FALSE(TextFormatProblems("# TYPE x counter\ny 1\n").empty());
  EXPECT_FALSE(TextFormatProblems("# TYPE x counter\nx one\n").empty());
  EXPECT_FALSE(TextFormatProblems("# TYPE x counter\nx 1").empty());
  EXPECT_TRUE(TextFormatProblems("# TYPE x counter\nx{a=\"1\"} 1\n").empty());
}

}  // namespace
}  // namespace cocoplane::metrics
