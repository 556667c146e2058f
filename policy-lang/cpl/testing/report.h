// The outcome of a test run: per case the expected and actual decision,
// the evaluator's explanation, the optional Rego engine cross-check, and the
// coverage of the policy's rules. The Runner (runner.h) produces it; the
// renderers (render.h) print it.
//
// Coverage (README.md "Coverage"): the policy's rules are items; an item is
// covered when it decided at least one case:
// - a release rule: it matched, and the decision was its kind's (a release
//   rule on a released case, a deny rule on a refused one);
// - an agent profile: each `exec allow` entry, when it let an
//   ExecProcessRequest through; the profile's exec default, when it denied
//   one; logs, stdin, copy_file, CreateContainer (volumes and env),
//   set_policy and diagnostics, when a case asked their endpoints;
// - a pool: each constraint it sets (annotations, memory, vCPUs, debug),
//   when relaxing that constraint alone removes a reason a pod was rejected.
//   `debug forbid` counts only where the kernel_params annotation is
//   enabled: elsewhere the annotation gate refuses first, so it can decide
//   nothing.
//
// Plain values that own their strings; thread-safe for reading.
#ifndef COCOPLANE_CPL_TESTING_REPORT_H_
#define COCOPLANE_CPL_TESTING_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/location.h"
#include "cpl/testing/suite.h"

namespace cocoplane::cpl::testing {

// The Rego engine's view of one case (`cocoplane test --engine`).
struct EngineCheck {
  enum class State {
    // No engine, or the case kind has no Rego (pod cases).
    kNotRun,
    kAgreed,
    kDisagreed,
    // The engine could not answer (did not run, bad output): `message`.
    kFailed,
  };
  State state = State::kNotRun;
  // The engine's decision, for kAgreed and kDisagreed.
  bool decision = false;
  std::string message;
};

enum class Verdict { kPass, kFail, kError };

struct CaseResult {
  std::string name;
  Location location;
  CaseKind kind = CaseKind::kRelease;
  bool expected = false;
  bool actual = false;
  // The evaluator's explanation, one step per line; the last line is the
  // verdict (cpl/eval RenderTrace, AgentDecision::trace, pod reasons).
  std::vector<std::string> explanation;
  EngineCheck engine;

  // kError when the engine failed; kFail when the evaluator's decision is
  // not the expected one or the engine disagrees with it; else kPass.
  Verdict verdict() const;
};

// One line saying what went wrong, "" for a passing case:
//   expected refused, got released
//   the Rego engine decided released where the evaluator decided refused
//   the Rego engine failed: <message>
std::string FailureMessage(const CaseResult& result);

struct SuiteResult {
  std::string name;
  std::string file;
  std::vector<CaseResult> cases;
};

enum class CoverageKind { kRelease, kAgent, kPool };
// "release", "agent", "pool".
std::string_view CoverageKindName(CoverageKind kind);

struct CoverageItem {
  CoverageKind kind = CoverageKind::kRelease;
  // Stable id: the release rule id ("enckey_1"), "<profile>.<setting>"
  // ("strict_service.exec[0]", "strict_service.logs") or "<pool>.<setting>"
  // ("snp.memory").
  std::string id;
  // For people: `release enckey_1 (default/enckey/*)`,
  // `agent profile strict_service: logs deny`, `pool snp: memory max 65536`.
  std::string description;
  // The rule's CPL location; for profile and pool settings, the profile's
  // or pool's (the IR keeps no finer location).
  Location location;
  // Cases this item decided.
  uint32_t hits = 0;
};

struct Coverage {
  // In policy order: release rules, then profiles, then pools.
  std::vector<CoverageItem> items;

  size_t covered() const;
  // 100 * covered / items; 100 when there is nothing to cover.
  double percent() const;
};

struct RunReport {
  std::vector<SuiteResult> suites;
  Coverage coverage;
  // True when a Rego engine cross-checked the cases.
  bool engine_ran = false;

  size_t total() const;
  size_t count(Verdict verdict) const;
};

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_CPL_TESTING_REPORT_H_
