// The CPL intermediate representation: resolved, typed policy.
//
// The checker lowers the AST into this form; the evaluator (cpl/eval) and the
// Rego generators (cpl/codegen) read only this form. Every name in it is
// already resolved against the desired-state model: a release rule names the
// workloads it targets, a workload carries its TEE kind and the initdata
// binding the compiler computed for that TEE, an appraisal names reference
// values the model declares. Nothing here points back into the AST.
//
// The IR is plain data: value types, no behaviour beyond a few name helpers,
// no invariants enforced by construction. Verify() (cpl/ir/verify.h) states
// and checks the invariants; run it after lowering (tests and debug builds
// always do) and before handing the IR to eval or codegen, which assume them.
//
// Thread-safety: plain values; share freely for reading.
#ifndef COCOPLANE_CPL_IR_IR_H_
#define COCOPLANE_CPL_IR_IR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/location.h"
#include "cpl/ir/kinds.h"

namespace cocoplane::cpl::ir {

// ---------------------------------------------------------------------------
// Release rules (-> KBS resource policy)
// ---------------------------------------------------------------------------

// One segment of a resource pattern "repo/type/tag".
struct PatternSegment {
  enum class Kind {
    // Matches exactly `text`.
    kLiteral,
    // Matches any segment ("*"); `text` is empty.
    kAny,
    // Matches segments starting with `text` ("pay*"); `text` is not empty.
    kPrefix,
  };
  Kind kind = Kind::kAny;
  std::string text;
};

// A KBS resource path pattern: always exactly three segments, repo/type/tag
// (trustee.md §1 "Resource path").
struct ResourcePattern {
  PatternSegment repo;
  PatternSegment type;
  PatternSegment tag;
};

// `tee in [snp, tdx]`, `tee == snp` (kIn, one kind), `tee != sample` (kNotIn).
// The TEE kind of a token is the TEE key present in the CPU evidence.
struct TeeIn {
  SetOp op = SetOp::kIn;
  std::vector<TeeKind> tees;
};

// `ear.status == affirming`, `ear.status in [affirming, warning]`: the CPU
// submod's status.
struct EarStatusIn {
  SetOp op = SetOp::kIn;
  std::vector<EarStatus> statuses;
};

// `trust.executables <= 3`: an AR4SI trust-vector claim of the CPU submod
// compared with an integer in [-127, 127]. A claim missing from the token
// never satisfies a comparison (whatever the operator).
struct TrustCompare {
  TrustClaim claim = TrustClaim::kHardware;
  CompareOp op = CompareOp::kLe;
  int threshold = 0;
};

// `gpu.status == affirming`: at least one GPU submod is present and every
// GPU submod's status satisfies the set test.
struct GpuStatusIn {
  SetOp op = SetOp::kIn;
  std::vector<EarStatus> statuses;
};

// `init_data_claims."cdh.toml".kbc.name == "cc_kbc"`: the value at `path`
// under the evidence's init_data_claims, tested against string literals.
// A missing value satisfies neither kIn nor kNotIn.
struct InitDataClaimIn {
  std::vector<std::string> path;
  SetOp op = SetOp::kIn;
  std::vector<std::string> values;
};

// `snp.policy_debug_allowed == false`, `tdx.td_attributes.debug == false`,
// `init_data_claims."aa.toml".token_configs.kbs.url matches "^https://"`:
// a JSON value of the CPU evidence (the token's annotated evidence, `ev` in
// the generated Rego) tested against literals. `path` starts with the
// evidence key the value sits under: a TEE's (TeeEvidenceKey: "snp",
// "az-snp-vtpm", ...), "init_data" or "init_data_claims". As everywhere, an
// absent value satisfies no test (SPEC.md §6.3, Rego's undefined).
struct EvidenceTest {
  enum class Op {
    // Present and not `false` (a path used as a condition on its own).
    kPresent,
    // Absent or `false` (`not` before such a path).
    kAbsent,
    // Equal to one of `values` (`==` is kIn with one value). JSON numbers
    // compare numerically, other types exactly; no conversions.
    kIn,
    // Present and equal to none of `values`.
    kNotIn,
    // A number satisfying `compare_op values[0]` (an integer literal).
    kCompare,
    // A string that the regex `values[0]` (a string literal) matches,
    // unanchored, as Rego's regex.match does.
    kMatches,
  };
  std::vector<std::string> path;
  Op op = Op::kPresent;
  // kCompare only.
  CompareOp compare_op = CompareOp::kEq;
  std::vector<Literal> values;
};

// One predicate of a rule's `when { ... }` block.
struct Condition {
  enum class Kind {
    kTeeIn,
    kEarStatusIn,
    kTrustCompare,
    // `gpu.attested`: at least one GPU submod ("gpu0", "gpu1", ...) is
    // present. Has no operands.
    kGpuAttested,
    kGpuStatusIn,
    kInitDataClaimIn,
    kEvidenceTest,
  };
  Kind kind = Kind::kTeeIn;
  // Exactly the member named by `kind` is meaningful; the others stay empty.
  TeeIn tee_in;
  EarStatusIn ear_status_in;
  TrustCompare trust_compare;
  GpuStatusIn gpu_status_in;
  InitDataClaimIn init_data_claim_in;
  EvidenceTest evidence_test;
  // `not c`: holds exactly when the test above does not, which includes a
  // value absent from the token (Rego's `not` of an undefined expression).
  // The checker folds negations it can express as another test (`not tee
  // == snp` is `tee != snp`) and sets this only for kTrustCompare,
  // kInitDataClaimIn and kEvidenceTest.
  bool negated = false;
  Location location;
};

struct ReleaseRule {
  enum class Kind { kAllow, kDeny };
  // Stable identifier, unique in the policy, [A-Za-z0-9_]+. Used in traces
  // and as part of generated Rego names, e.g. "payments_1".
  std::string id;
  Kind kind = Kind::kAllow;
  ResourcePattern pattern;
  // Workload names (entries of Policy::workloads). Empty means "any
  // evidence": the rule does not bind to an initdata digest.
  std::vector<std::string> targets;
  // A conjunction; empty means "always".
  std::vector<Condition> conditions;
  Location location;
};

// What the codegen and evaluator need to know about a workload.
struct Workload {
  std::string name;
  // From the workload's node pool.
  TeeKind tee = TeeKind::kSnp;
  // The initdata digest as the TEE reports it in `init_data` (trustee.md §2,
  // guest-components-and-kata.md §1.3): for SNP 64 hex chars (HOST_DATA, 32
  // bytes), for TDX 96 hex chars (MRCONFIGID, 48 bytes), digest truncated or
  // zero-padded. Filled in by the compiler; tests set it directly.
  std::string init_data_binding;
  // Agent profile the workload selected (Workload.spec.agentPolicy); may be empty.
  std::string agent_profile;
  Location location;
};

// ---------------------------------------------------------------------------
// Attestation appraisal (-> attestation-service policy default_cpu.rego)
// ---------------------------------------------------------------------------

struct AppraisalCondition {
  enum class Kind {
    // `reference "name" contains <tee>.<claim_path>`:
    // input.<tee>.<path> in query_reference_value("name").
    kReferenceContains,
    // `<tee>.<claim_path> == <literal>`.
    kClaimEquals,
    // `not <tee>.debug`: the TEE's debug claim is false (TeeHasDebugClaim()).
    kDebugForbidden,
    // `<tee>.tcb_status in [...]` (TeeHasTcbStatusClaim()).
    kTcbStatusIn,
  };
  Kind kind = Kind::kClaimEquals;
  // kReferenceContains, kClaimEquals: path under input.<tee>, e.g. {"measurement"}.
  std::vector<std::string> claim_path;
  // kReferenceContains: reference-value name registered in RVPS.
  std::string reference_name;
  // kClaimEquals: the literal; kTcbStatusIn: the accepted statuses.
  std::vector<Literal> values;
  Location location;
};

// `hardware = 2 when { ... }`: the trust claim takes `value` when every
// condition holds. Within one TEE kind, assignments to the same claim are
// tried in order and the first that holds wins.
struct TrustAssignment {
  TrustClaim claim = TrustClaim::kHardware;
  int value = 0;
  std::vector<AppraisalCondition> conditions;
  Location location;
};

// `attestation snp { ... }`.
struct Appraisal {
  TeeKind tee = TeeKind::kSnp;
  std::vector<TrustAssignment> assignments;
  Location location;
};

struct AttestationPolicy {
  // Value of each trust claim when no assignment holds, indexed by
  // TrustClaim. The upstream defaults (ear_default_policy_cpu.rego) unless
  // the policy overrides them.
  std::vector<int> defaults = DefaultTrustClaimValues();
  // At most one per TEE kind.
  std::vector<Appraisal> appraisals;
};

// ---------------------------------------------------------------------------
// Agent profiles (-> Kata agent policy, policy.rego in initdata)
// ---------------------------------------------------------------------------

enum class Permission { kDeny, kAllow };

struct ExecPolicy {
  // Exact argv lists compared with ExecProcessRequest input.process.Args.
  std::vector<std::vector<std::string>> allow_argv;
  // Regexes matched (unanchored, like Rego regex.match) against the Args
  // joined with single spaces, as genpolicy's rules.rego does.
  std::vector<std::string> allow_regexes;
};

struct CopyFilePolicy {
  // kDeny refuses every CopyFileRequest. kAllow admits paths under the Kata
  // runtime's shared-files tree (genpolicy's default, agent_facts.h) and
  // under any of `allow_prefixes`; directory traversal is always refused.
  Permission permission = Permission::kAllow;
  std::vector<std::string> allow_prefixes;
};

struct VolumePolicy {
  // Refuse CreateContainer mounts that bind a host path into the guest
  // (agent_facts.h).
  bool deny_host_path = false;
  // Refuse disk-backed emptyDir storages that are not CDH-encrypted
  // (agent_facts.h).
  bool require_encrypted_empty_dir = false;
};

struct EnvPolicy {
  // false: the profile does not constrain CreateContainer env.
  // true: every env entry "NAME=value" must match one of `allow_regexes`
  // (none listed = no env at all).
  bool restricted = false;
  std::vector<std::string> allow_regexes;
};

struct AgentProfile {
  std::string name;
  ExecPolicy exec;
  // ReadStreamRequest (container stdout and stderr).
  Permission logs_access = Permission::kDeny;
  // WriteStreamRequest and CloseStdinRequest.
  Permission stdin_access = Permission::kDeny;
  CopyFilePolicy copy_file;
  VolumePolicy volumes;
  EnvPolicy env;
  // SetPolicyRequest; locked by default, as genpolicy does.
  Permission set_policy = Permission::kDeny;
  // GetDiagnosticDataRequest.
  Permission diagnostics = Permission::kDeny;
  Location location;
};

// ---------------------------------------------------------------------------
// Node pools (-> Kata drop-in, pod admission)
// ---------------------------------------------------------------------------

struct PoolConstraints {
  std::string name;
  TeeKind tee = TeeKind::kSnp;
  // Hypervisor annotation names a pod may set, without the
  // "io.katacontainers.config.hypervisor." prefix, sorted, e.g. {"cc_init_data"}.
  std::vector<std::string> allowed_annotations;
  std::optional<uint32_t> memory_max_mib;
  std::optional<uint32_t> vcpus_max;
  bool debug_forbidden = false;
  std::vector<std::string> kernel_params;
  Location location;
};

// ---------------------------------------------------------------------------

struct Policy {
  std::vector<ReleaseRule> releases;
  std::vector<Workload> workloads;
  // Reference-value names the model declares (ReferenceValues documents).
  std::vector<std::string> reference_values;
  AttestationPolicy attestation;
  std::vector<AgentProfile> agent_profiles;
  std::vector<PoolConstraints> pools;
};

// Look-ups by name; nullptr when absent. Linear: for lowering and tests,
// not for hot paths.
const Workload* FindWorkload(const Policy& policy, std::string_view name);
const AgentProfile* FindAgentProfile(const Policy& policy, std::string_view name);
const PoolConstraints* FindPool(const Policy& policy, std::string_view name);

// Workloads by name in constant time, for passes that look up every rule
// target: a FindWorkload per target is quadratic in workloads and took a
// twelfth of a 10,000-workload compile. Borrows `policy`, which must
// outlive the index and not change.
class WorkloadIndex {
 public:
  explicit WorkloadIndex(const Policy& policy);
  const Workload* Find(std::string_view name) const;

 private:
  std::unordered_map<std::string_view, const Workload*> by_name_;
};

}  // namespace cocoplane::cpl::ir

#endif  // COCOPLANE_CPL_IR_IR_H_
