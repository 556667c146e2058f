// Policy test suites: the parsed form of the YAML files under a desired-state
// repository's `tests/` directory (format: cpl/testing/README.md).
//
// A suite is a list of cases; each case asks the evaluator one question and
// states the answer it expects:
//   release  a resource path and an EAR token        -> released | refused
//   agent    a profile, an endpoint and a request    -> allowed  | denied
//   pod      a node pool, annotations and resources  -> admitted | rejected
//
// These are plain values produced by LoadSuites (load.h). Names of
// workloads, profiles and pools are kept as written; the Runner (runner.h)
// resolves them against the compiled policy. Every field that a later phase
// may complain about keeps the Location it was written at.
//
// Thread-safety: plain values; share freely for reading.
#ifndef COCOPLANE_CPL_TESTING_SUITE_H_
#define COCOPLANE_CPL_TESTING_SUITE_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/location.h"
#include "cpl/ir/kinds.h"

namespace cocoplane::cpl::testing {

enum class CaseKind { kRelease, kAgent, kPod };

// "release", "agent", "pod".
std::string_view CaseKindName(CaseKind kind);
// The two outcomes of a kind, positive first: {"released", "refused"},
// {"allowed", "denied"}, {"admitted", "rejected"}.
std::pair<std::string_view, std::string_view> Outcomes(CaseKind kind);
// Outcomes(kind).first when `positive`, else .second.
std::string_view OutcomeName(CaseKind kind, bool positive);

// A name the runner resolves later, with where it was written.
struct NameRef {
  std::string name;
  Location location;
  bool empty() const { return name.empty(); }
};

// One GPU appraisal of the compact token builder (`gpus: [{status: ...}]`).
struct GpuSpec {
  ir::EarStatus status = ir::EarStatus::kAffirming;
  // Trust-vector claims to set, e.g. {kHardware, 2}. Empty: derived from
  // the status (token.h).
  std::vector<std::pair<ir::TrustClaim, int>> trust;
};

// The EAR token of a release case: a base (the full claims, inline or from
// a JSON file, or a skeleton the builder makes for `tee`), then the
// builder's overrides. token.h documents exactly what each one sets.
struct TokenSpec {
  // Inline `claims:` or the contents of the `token:` file; nullopt when the
  // builder makes the base.
  std::optional<nlohmann::json> claims;
  // Builder fields; each is applied only when written.
  std::optional<ir::TeeKind> tee;
  std::optional<ir::EarStatus> status;
  std::vector<std::pair<ir::TrustClaim, int>> trust;
  // The workload whose compiled init_data binding the evidence reports.
  NameRef workload;
  std::optional<std::string> init_data;
  std::optional<bool> debug;
  std::optional<nlohmann::json> init_data_claims;
  // `gpus:` written (an empty list removes every GPU appraisal).
  std::optional<std::vector<GpuSpec>> gpus;
};

struct ReleaseCase {
  // "repo/type/tag", checked to be a valid KBS resource path.
  std::string resource;
  TokenSpec token;
};

struct AgentCase {
  // Exactly one of the two is set: the workload's profile, or a profile.
  NameRef workload;
  NameRef profile;
  // An agent endpoint name (cpl/ir/agent_facts.h), e.g. "ExecProcessRequest".
  std::string endpoint;
  // The request input; an empty object when the case gives none.
  nlohmann::json request = nlohmann::json::object();
};

struct PodCase {
  NameRef pool;
  std::map<std::string, std::string> annotations;
  // Requested memory (MiB) and vCPUs; 0 when not given.
  uint32_t memory_mib = 0;
  uint32_t vcpus = 0;
};

struct TestCase {
  std::string name;
  // Where the case's mapping starts (its first key).
  Location location;
  CaseKind kind = CaseKind::kRelease;
  // True when the case expects released / allowed / admitted.
  bool expect_positive = false;
  // Exactly the member named by `kind` is meaningful.
  ReleaseCase release;
  AgentCase agent;
  PodCase pod;
};

struct Suite {
  // Repository-relative path of the YAML file.
  std::string file;
  // `name:` of the suite, or the file path (with "#<n>" for the n-th
  // document of a multi-document file, counting from 2).
  std::string name;
  Location location;
  std::vector<TestCase> cases;
};

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_CPL_TESTING_SUITE_H_
