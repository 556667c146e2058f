// JSON output: schemas/output/test-results.schema.json, for scripts and
// dashboards. Keys are written in a fixed order (nlohmann's ordered_json)
// so the output diffs cleanly between runs.
#include <nlohmann/json.hpp>

#include "cpl/testing/render.h"

namespace cocoplane::cpl::testing {
namespace {

using Json = nlohmann::ordered_json;

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kError:
      return "error";
  }
  return "fail";
}

std::string_view EngineStateName(EngineCheck::State s) {
  switch (s) {
    case EngineCheck::State::kNotRun:
      return "not_run";
    case EngineCheck::State::kAgreed:
      return "agreed";
    case EngineCheck::State::kDisagreed:
      return "disagreed";
    case EngineCheck::State::kFailed:
      return "failed";
  }
  return "not_run";
}

void Position(Json& j, const Location& at) {
  j["file"] = at.file;
  j["line"] = at.line;
  j["column"] = at.column;
}

Json Engine(const CaseResult& r) {
  Json j;
  j["state"] = EngineStateName(r.engine.state);
  bool decided = r.engine.state == EngineCheck::State::kAgreed ||
                 r.engine.state == EngineCheck::State::kDisagreed;
  j["decision"] = decided ? std::string(OutcomeName(r.kind, r.engine.decision)) : "";
  j["message"] = r.engine.message;
  return j;
}

Json Case(const CaseResult& r) {
  Json j;
  j["name"] = r.name;
  j["kind"] = CaseKindName(r.kind);
  Position(j, r.location);
  j["expected"] = OutcomeName(r.kind, r.expected);
  j["actual"] = OutcomeName(r.kind, r.actual);
  j["verdict"] = VerdictName(r.verdict());
  j["message"] = FailureMessage(r);
  j["explanation"] = r.explanation;
  j["engine"] = Engine(r);
  return j;
}

Json CoverageJson(const RunReport& report, const ReportOptions& o) {
  const Coverage& c = report.coverage;
  Json j;
  j["percent"] = c.percent();
  j["covered"] = c.covered();
  j["total"] = c.items.size();
  if (o.min_coverage) j["minimum"] = *o.min_coverage;
  j["met"] = CoverageMet(report, o);
  Json items = Json::array();
  for (const auto& item : c.items) {
    Json i;
    i["kind"] = CoverageKindName(item.kind);
    i["id"] = item.id;
    i["description"] = item.description;
    Position(i, item.location);
    i["hits"] = item.hits;
    items.push_back(std::move(i));
  }
  j["items"] = std::move(items);
  return j;
}

}  // namespace

std::string RenderJson(const RunReport& report, const ReportOptions& options) {
  Json j;
  j["passed"] = Succeeded(report, options);
  Json summary;
  summary["suites"] = report.suites.size();
  summary["cases"] = report.total();
  summary["passed"] = report.count(Verdict::kPass);
  summary["failed"] = report.count(Verdict::kFail);
  summary["errors"] = report.count(Verdict::kError);
  summary["engine"] = report.engine_ran;
  j["summary"] = std::move(summary);
  Json suites = Json::array();
  for (const auto& s : report.suites) {
    Json suite;
    suite["name"] = s.name;
    suite["file"] = s.file;
    Json cases = Json::array();
    for (const auto& r : s.cases) cases.push_back(Case(r));
    suite["cases"] = std::move(cases);
    suites.push_back(std::move(suite));
  }
  j["suites"] = std::move(suites);
  j["coverage"] = CoverageJson(report, options);
  // Every string is validated UTF-8 already; `replace` only keeps a
  // library exception from ever escaping.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace cocoplane::cpl::testing
