// Printing a RunReport in the formats CI systems read.
//
// - text:  failures with the evaluator's explanation, then a summary line
//          (every case with `verbose`); like `opa test` / `go test`.
// - json:  one object, schemas/output/test-results.schema.json.
// - junit: JUnit XML as Jenkins and GitLab read it: <testsuites> with one
//          <testsuite> per suite file, a <testcase> per case, <failure>
//          for a wrong decision or an engine disagreement, <error> when the
//          engine could not answer.
// - tap:   TAP version 13; a YAML block under every `not ok`.
//
// With a coverage minimum, junit and tap add one more test ("coverage is
// at least N%") so CI dashboards show a coverage failure where they show
// test failures; text and json state it in their summary. `coverage` lists
// the rules no case decided (json always carries every item).
//
// Pure and deterministic (no timestamps or durations): the same report
// renders to the same bytes. Thread-safe.
#ifndef COCOPLANE_CPL_TESTING_RENDER_H_
#define COCOPLANE_CPL_TESTING_RENDER_H_

#include <optional>
#include <string>

#include "cpl/testing/report.h"

namespace cocoplane::cpl::testing {

struct ReportOptions {
  // List the items no case covered (text, tap, junit).
  bool coverage = false;
  // The minimum coverage in percent (`--min-coverage`), if any.
  std::optional<double> min_coverage;
  // Text: print passing cases too.
  bool verbose = false;
  // Text: ANSI colours for PASS / FAIL.
  bool color = false;
};

// True when every case passed and coverage meets the minimum, if any: the
// run's exit status 0 (`cocoplane test`).
bool Succeeded(const RunReport& report, const ReportOptions& options);
bool CoverageMet(const RunReport& report, const ReportOptions& options);

std::string RenderText(const RunReport& report, const ReportOptions& options);
std::string RenderJson(const RunReport& report, const ReportOptions& options);
std::string RenderJunit(const RunReport& report, const ReportOptions& options);
std::string RenderTap(const RunReport& report, const ReportOptions& options);

// "96.4%": one decimal, rounded down so 99.96% never prints as 100.0%.
std::string FormatPercent(double percent);

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_CPL_TESTING_RENDER_H_
