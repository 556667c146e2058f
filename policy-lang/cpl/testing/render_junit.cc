// JUnit XML, the subset Jenkins (junit plugin) and GitLab (artifacts:
// reports:junit) read: testsuites > testsuite > testcase, with <failure>
// and <error> children carrying a `message` attribute and the explanation
// as text. No `time` attributes: the output must not depend on the clock.
#include "cpl/testing/render.h"

namespace cocoplane::cpl::testing {
namespace {

// XML 1.0 text or attribute value. Control characters other than tab,
// newline and carriage return are not allowed in XML at all; they become
// '?'.
std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        bool control =
            static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r';
        out += control ? '?' : ch;
    }
  }
  return out;
}

std::string Attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + Escape(value) + "\"";
}

std::string Attr(std::string_view name, size_t value) { return Attr(name, std::to_string(value)); }

void Case(std::string& out, const std::string& suite, const CaseResult& r) {
  out += "    <testcase" + Attr("name", r.name) + Attr("classname", suite) +
         Attr("file", r.location.file) + Attr("line", r.location.line);
  Verdict v = r.verdict();
  if (v == Verdict::kPass) {
    out += "/>\n";
    return;
  }
  std::string body;
  for (const auto& line : r.explanation) body += line + "\n";
  std::string tag = v == Verdict::kError ? "error" : "failure";
  std::string type = v == Verdict::kError     ? "engine"
                     : r.expected != r.actual ? "decision"
                                              : "engine-mismatch";
  out += ">\n      <" + tag + Attr("message", FailureMessage(r)) + Attr("type", type) + ">" +
         Escape(body) + "</" + tag + ">\n    </testcase>\n";
}

size_t Count(const SuiteResult& s, Verdict v) {
  size_t n = 0;
  for (const auto& c : s.cases) n += c.verdict() == v;
  return n;
}

// The extra suite that carries coverage: properties always, and a test
// that fails below the minimum.
void CoverageSuite(std::string& out, const RunReport& report, const ReportOptions& o) {
  const Coverage& c = report.coverage;
  bool met = CoverageMet(report, o);
  out += "  <testsuite" + Attr("name", "coverage") + Attr("tests", o.min_coverage ? 1 : 0) +
         Attr("failures", met ? 0 : 1) + Attr("errors", 0) + Attr("skipped", 0) + ">\n";
  out += "    <properties>\n";
  out += "      <property" + Attr("name", "coverage.percent") +
         Attr("value", FormatPercent(c.percent())) + "/>\n";
  out += "      <property" + Attr("name", "coverage.covered") + Attr("value", c.covered()) + "/>\n";
  out +=
      "      <property" + Attr("name", "coverage.total") + Attr("value", c.items.size()) + "/>\n";
  out += "    </properties>\n";
  if (o.min_coverage) {
    out += "    <testcase" +
           Attr("name", "coverage is at least " + FormatPercent(*o.min_coverage)) +
           Attr("classname", "coverage");
    if (met) {
      out += "/>\n";
    } else {
      std::string body;
      for (const auto& item : c.items) {
        if (item.hits == 0)
          body += "not covered: " + item.location.ToString() + ": " + item.description + "\n";
      }
      out += ">\n      <failure" +
             Attr("message", "coverage " + FormatPercent(c.percent()) + " is below the minimum") +
             Attr("type", "coverage") + ">" + Escape(body) + "</failure>\n    </testcase>\n";
    }
  }
  out += "  </testsuite>\n";
}

}  // namespace

std::string RenderJunit(const RunReport& report, const ReportOptions& options) {
  bool coverage_suite = options.coverage || options.min_coverage.has_value();
  size_t extra = options.min_coverage ? 1 : 0;
  size_t extra_failure = CoverageMet(report, options) ? 0 : 1;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites" + Attr("name", "cocoplane test") + Attr("tests", report.total() + extra) +
         Attr("failures", report.count(Verdict::kFail) + extra_failure) +
         Attr("errors", report.count(Verdict::kError)) + ">\n";
  for (const auto& s : report.suites) {
    out += "  <testsuite" + Attr("name", s.name) + Attr("tests", s.cases.size()) +
           Attr("failures", Count(s, Verdict::kFail)) + Attr("errors", Count(s, Verdict::kError)) +
           Attr("skipped", 0) + Attr("file", s.file) + ">\n";
    for (const auto& r : s.cases) Case(out, s.name, r);
    out += "  </testsuite>\n";
  }
  if (coverage_suite) CoverageSuite(out, report, options);
  out += "</testsuites>\n";
  return out;
}

}  // namespace cocoplane::cpl::testing
