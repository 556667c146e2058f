// Text output: what a person reads in a terminal or a CI log.
//
//   FAIL tests/release.yaml:14:5: enckey refused to another workload [release]
//     expected refused, got released
//     | release enckey_1 (default/enckey/*) at policies/release.cpl:3:1: matched
//     | released: release rule enckey_1 matched
//
//   57 passed, 1 failed (58 cases in 3 suites)
//   coverage: 96.4% (27 of 28 rules decided a case)
#include <cmath>
#include <cstdio>

#include "cpl/testing/render.h"

namespace cocoplane::cpl::testing {
namespace {

std::string Paint(const ReportOptions& o, std::string_view code, std::string_view text) {
  if (!o.color) return std::string(text);
  return "\033[" + std::string(code) + "m" + std::string(text) + "\033[0m";
}

std::string_view VerdictWord(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "PASS";
    case Verdict::kFail:
      return "FAIL";
    case Verdict::kError:
      return "ERROR";
  }
  return "FAIL";
}

void Case(std::string& out, const CaseResult& r, const ReportOptions& o) {
  Verdict v = r.verdict();
  if (v == Verdict::kPass && !o.verbose) return;
  out += Paint(o, v == Verdict::kPass ? "32" : "31", VerdictWord(v)) + " " + r.location.ToString() +
         ": " + r.name + " [" + std::string(CaseKindName(r.kind)) + "]\n";
  if (v == Verdict::kPass) return;
  out += "  " + FailureMessage(r) + "\n";
  for (const auto& line : r.explanation) out += "  | " + line + "\n";
}

void CoverageLines(std::string& out, const RunReport& report, const ReportOptions& o) {
  const Coverage& c = report.coverage;
  out += "coverage: " + FormatPercent(c.percent()) + " (" + std::to_string(c.covered()) + " of " +
         std::to_string(c.items.size()) + " rules decided a case)";
  if (o.min_coverage && !CoverageMet(report, o)) {
    out += ", " + Paint(o, "31", "below the minimum " + FormatPercent(*o.min_coverage));
  }
  out += "\n";
  if (!o.coverage) return;
  for (const auto& item : c.items) {
    if (item.hits == 0)
      out += "  not covered: " + item.location.ToString() + ": " + item.description + "\n";
  }
}

}  // namespace

std::string FormatPercent(double percent) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", std::floor(percent * 10.0) / 10.0);
  return buffer;
}

bool CoverageMet(const RunReport& report, const ReportOptions& options) {
  return !options.min_coverage || report.coverage.percent() >= *options.min_coverage;
}

bool Succeeded(const RunReport& report, const ReportOptions& options) {
  return report.count(Verdict::kPass) == report.total() && CoverageMet(report, options);
}

std::string RenderText(const RunReport& report, const ReportOptions& options) {
  std::string out;
  for (const auto& suite : report.suites) {
    for (const auto& r : suite.cases) Case(out, r, options);
  }
  if (!out.empty()) out += "\n";
  out += std::to_string(report.count(Verdict::kPass)) + " passed, " +
         std::to_string(report.count(Verdict::kFail)) + " failed";
  if (size_t errors = report.count(Verdict::kError))
    out += ", " + std::to_string(errors) + " errors";
  out += " (" + std::to_string(report.total()) + " cases in " +
         std::to_string(report.suites.size()) + " suites)\n";
  if (report.engine_ran) {
    size_t checked = 0, disagreed = 0;
    for (const auto& suite : report.suites) {
      for (const auto& r : suite.cases) {
        checked += r.engine.state != EngineCheck::State::kNotRun;
        disagreed += r.engine.state == EngineCheck::State::kDisagreed;
      }
    }
    out += "Rego engine: " + std::to_string(checked) + " cases cross-checked, " +
           std::to_string(disagreed) + " disagreements\n";
  }
  CoverageLines(out, report, options);
  return out;
}

}  // namespace cocoplane::cpl::testing
