// TAP version 13 (testanything.org/tap-version-13-specification.html):
// the plan first, one test point per case, and under every `not ok` a YAML
// block indented by two spaces between `---` and `...`. Strings in the
// block are JSON-quoted, which is valid YAML whatever they contain.
#include "base/strings.h"
#include "cpl/testing/render.h"

namespace cocoplane::cpl::testing {
namespace {

// A test point description: one line, and `#` would start a directive.
std::string Description(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '#') {
      out += "\\#";
    } else if (ch == '\n' || ch == '\r') {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

void Block(std::string& out, const CaseResult& r) {
  out += "  ---\n";
  out += "  message: " + JsonQuote(FailureMessage(r)) + "\n";
  out += "  severity: " + std::string(r.verdict() == Verdict::kError ? "error" : "fail") + "\n";
  out += "  at: " + JsonQuote(r.location.ToString()) + "\n";
  out += "  kind: " + std::string(CaseKindName(r.kind)) + "\n";
  out += "  expected: " + std::string(OutcomeName(r.kind, r.expected)) + "\n";
  out += "  actual: " + std::string(OutcomeName(r.kind, r.actual)) + "\n";
  if (r.engine.state == EngineCheck::State::kDisagreed) {
    out += "  engine: " + std::string(OutcomeName(r.kind, r.engine.decision)) + "\n";
  }
  out += "  explanation:\n";
  for (const auto& line : r.explanation) out += "    - " + JsonQuote(line) + "\n";
  out += "  ...\n";
}

}  // namespace

std::string RenderTap(const RunReport& report, const ReportOptions& options) {
  bool coverage_point = options.min_coverage.has_value();
  std::string out = "TAP version 13\n";
  out += "1.." + std::to_string(report.total() + (coverage_point ? 1 : 0)) + "\n";
  size_t n = 0;
  for (const auto& s : report.suites) {
    for (const auto& r : s.cases) {
      bool pass = r.verdict() == Verdict::kPass;
      out += std::string(pass ? "ok " : "not ok ") + std::to_string(++n) + " - " +
             Description(s.name) + ": " + Description(r.name) + "\n";
      if (!pass) Block(out, r);
    }
  }
  const Coverage& c = report.coverage;
  if (coverage_point) {
    bool met = CoverageMet(report, options);
    out += std::string(met ? "ok " : "not ok ") + std::to_string(++n) + " - coverage is at least " +
           Description(FormatPercent(*options.min_coverage)) + "\n";
  }
  out += "# coverage: " + Description(FormatPercent(c.percent())) + " (" +
         std::to_string(c.covered()) + " of " + std::to_string(c.items.size()) + " rules)\n";
  if (options.coverage) {
    for (const auto& item : c.items) {
      if (item.hits == 0)
        out += "# not covered: " + item.location.ToString() + ": " + item.description + "\n";
    }
  }
  return out;
}

}  // namespace cocoplane::cpl::testing
