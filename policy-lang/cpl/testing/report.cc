#include "cpl/testing/report.h"

#include <algorithm>

namespace cocoplane::cpl::testing {

Verdict CaseResult::verdict() const {
  if (engine.state == EngineCheck::State::kFailed) return Verdict::kError;
  if (expected != actual || engine.state == EngineCheck::State::kDisagreed) return Verdict::kFail;
  return Verdict::kPass;
}

std::string FailureMessage(const CaseResult& r) {
  switch (r.verdict()) {
    case Verdict::kPass:
      return "";
    case Verdict::kError:
      return "the Rego engine failed: " + r.engine.message;
    case Verdict::kFail:
      break;
  }
  if (r.expected != r.actual) {
    return "expected " + std::string(OutcomeName(r.kind, r.expected)) + ", got " +
           std::string(OutcomeName(r.kind, r.actual));
  }
  return "the Rego engine decided " + std::string(OutcomeName(r.kind, r.engine.decision)) +
         " where the evaluator decided " + std::string(OutcomeName(r.kind, r.actual));
}

std::string_view CoverageKindName(CoverageKind kind) {
  switch (kind) {
    case CoverageKind::kRelease:
      return "release";
    case CoverageKind::kAgent:
      return "agent";
    case CoverageKind::kPool:
      return "pool";
  }
  return "release";
}

size_t Coverage::covered() const {
  return static_cast<size_t>(
      std::count_if(items.begin(), items.end(), [](const CoverageItem& i) { return i.hits > 0; }));
}

double Coverage::percent() const {
  if (items.empty()) return 100.0;
  return 100.0 * static_cast<double>(covered()) / static_cast<double>(items.size());
}

size_t RunReport::total() const {
  size_t n = 0;
  for (const auto& s : suites) n += s.cases.size();
  return n;
}

size_t RunReport::count(Verdict verdict) const {
  size_t n = 0;
  for (const auto& s : suites) {
    n +=
        static_cast<size_t>(std::count_if(s.cases.begin(), s.cases.end(), [&](const CaseResult& c) {
          return c.verdict() == verdict;
        }));
  }
  return n;
}

}  // namespace cocoplane::cpl::testing
