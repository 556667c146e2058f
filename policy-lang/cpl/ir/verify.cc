#include "cpl/ir/verify.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "base/regex.h"
#include "cpl/ir/render.h"

namespace cocoplane::cpl::ir {
namespace {

bool IsIdentifier(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// KBS resource path segment characters: ^[a-zA-Z0-9_\-]+[a-zA-Z0-9_\-\.]*$
// (ResourceDesc::try_from, trustee.md §1).
bool IsSegmentChar(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  if (c == '_' || c == '-') return true;
  return c == '.' && !first;
}

bool IsSegmentText(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsSegmentChar(s[i], i == 0)) return false;
  }
  return true;
}

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

bool IsBase64(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=' ||
           c == '-' || c == '_';
  });
}

// Collects violations; each line is "<location>: <what>".
class Verifier {
 public:
  explicit Verifier(const Policy& policy) : policy_(policy), workloads_(policy) {}

  Status Run() {
    CheckWorkloads();
    CheckReleases();
    CheckReferenceValues();
    CheckAttestation();
    CheckAgentProfiles();
    CheckPools();
    if (errors_.empty()) return Status::Ok();
    return Status::InvalidArgument("CPL IR invariants violated:\n" + errors_);
  }

 private:
  void Fail(const Location& where, const std::string& what) {
    if (where.file.empty()) {
      errors_ += what;
    } else {
      errors_ += where.ToString() + ": " + what;
    }
    errors_ += '\n';
  }

  void CheckWorkloads() {
    std::set<std::string_view> names;
    for (const auto& w : policy_.workloads) {
      if (!IsIdentifierLike(w.name))
        Fail(w.location, "workload name '" + w.name + "' is not a valid name");
      if (!names.insert(w.name).second) Fail(w.location, "duplicate workload '" + w.name + "'");
      CheckBinding(w);
      if (!w.agent_profile.empty() && FindAgentProfile(policy_, w.agent_profile) == nullptr) {
        Fail(w.location,
             "workload '" + w.name + "' selects unknown agent profile '" + w.agent_profile + "'");
      }
    }
  }

  void CheckBinding(const Workload& w) {
    const std::string& b = w.init_data_binding;
    switch (TeeBindingEncoding(w.tee)) {
      case BindingEncoding::kHex:
        if (b.size() != TeeBindingHexLength(w.tee) || !IsHex(b)) {
          Fail(w.location, "workload '" + w.name + "': init_data binding for " +
                               std::string(TeeName(w.tee)) + " must be " +
                               std::to_string(TeeBindingHexLength(w.tee)) + " hex characters");
        }
        return;
      case BindingEncoding::kBase64:
        if (!IsBase64(b))
          Fail(w.location, "workload '" + w.name + "': init_data binding must be base64");
        return;
      case BindingEncoding::kUnsupported:
        if (!b.empty()) {
          Fail(w.location, "workload '" + w.name + "': TEE " + std::string(TeeName(w.tee)) +
                               " has no initdata binding, yet one is set");
        }
        return;
    }
  }

  void CheckReleases() {
    std::set<std::string_view> ids;
    for (const auto& rule : policy_.releases) {
      if (!IsIdentifier(rule.id))
        Fail(rule.location, "rule id '" + rule.id + "' is not [A-Za-z0-9_]+");
      if (!ids.insert(rule.id).second) Fail(rule.location, "duplicate rule id '" + rule.id + "'");
      CheckSegment(rule, rule.pattern.repo, "repository");
      CheckSegment(rule, rule.pattern.type, "type");
      CheckSegment(rule, rule.pattern.tag, "tag");
      CheckTargets(rule);
      for (const auto& c : rule.conditions) CheckCondition(c);
    }
  }

  void CheckSegment(const ReleaseRule& rule, const PatternSegment& s, const char* what) {
    bool ok = false;
    switch (s.kind) {
      case PatternSegment::Kind::kLiteral:
        ok = IsSegmentText(s.text);
        break;
      case PatternSegment::Kind::kAny:
        ok = s.text.empty();
        break;
      case PatternSegment::Kind::kPrefix:
        ok = IsSegmentText(s.text);
        break;
    }
    if (!ok)
      Fail(rule.location, "rule '" + rule.id + "': invalid " + what + " segment '" + s.text + "'");
  }

  void CheckTargets(const ReleaseRule& rule) {
    std::set<std::string_view> seen;
    for (const auto& name : rule.targets) {
      if (!seen.insert(name).second)
        Fail(rule.location, "rule '" + rule.id + "' targets '" + name + "' twice");
      const Workload* w = workloads_.Find(name);
      if (w == nullptr) {
        Fail(rule.location, "rule '" + rule.id + "' targets unknown workload '" + name + "'");
      } else if (TeeBindingEncoding(w->tee) == BindingEncoding::kUnsupported) {
        Fail(rule.location, "rule '" + rule.id + "' targets workload '" + name +
                                "' whose TEE has no initdata binding");
      }
    }
  }

  void CheckCondition(const Condition& c) {
    bool negatable = c.kind == Condition::Kind::kTrustCompare ||
                     c.kind == Condition::Kind::kInitDataClaimIn ||
                     c.kind == Condition::Kind::kEvidenceTest;
    if (c.negated && !negatable)
      Fail(c.location, "negated " + ToString(c) + ": fold the negation into the test");
    switch (c.kind) {
      case Condition::Kind::kTeeIn:
        if (c.tee_in.tees.empty()) Fail(c.location, "empty TEE set");
        return;
      case Condition::Kind::kEarStatusIn:
        if (c.ear_status_in.statuses.empty()) Fail(c.location, "empty status set");
        return;
      case Condition::Kind::kTrustCompare:
        CheckTrustValue(c.location, c.trust_compare.threshold);
        return;
      case Condition::Kind::kGpuAttested:
        return;
      case Condition::Kind::kGpuStatusIn:
        if (c.gpu_status_in.statuses.empty()) Fail(c.location, "empty GPU status set");
        return;
      case Condition::Kind::kInitDataClaimIn:
        CheckPath(c.location, c.init_data_claim_in.path);
        if (c.init_data_claim_in.values.empty())
          Fail(c.location, "empty init_data_claims value set");
        return;
      case Condition::Kind::kEvidenceTest:
        CheckEvidenceTest(c.location, c.evidence_test);
        return;
    }
  }

  // The root is an evidence key; the operands fit the operator.
  void CheckEvidenceTest(const Location& where, const EvidenceTest& t) {
    CheckPath(where, t.path);
    if (t.path.empty()) return;
    bool tee_root = false;
    for (TeeKind tee : AllTeeKinds()) tee_root = tee_root || TeeEvidenceKey(tee) == t.path[0];
    if (!tee_root && t.path[0] != "init_data" && t.path[0] != "init_data_claims") {
      Fail(where, "evidence test under unknown key '" + t.path[0] + "'");
    }
    switch (t.op) {
      case EvidenceTest::Op::kPresent:
      case EvidenceTest::Op::kAbsent:
        if (!t.values.empty()) Fail(where, "presence test with values");
        return;
      case EvidenceTest::Op::kIn:
      case EvidenceTest::Op::kNotIn:
        if (t.values.empty()) Fail(where, "empty evidence value set");
        return;
      case EvidenceTest::Op::kCompare:
        if (t.values.size() != 1 || t.values[0].kind != Literal::Kind::kInt) {
          Fail(where, "evidence comparison needs one integer");
        }
        return;
      case EvidenceTest::Op::kMatches:
        if (t.values.size() != 1 || t.values[0].kind != Literal::Kind::kString) {
          Fail(where, "evidence match needs one regex string");
          return;
        }
        if (Status st = PortableRegex(t.values[0].string_value); !st.ok())
          Fail(where, st.message());
        return;
    }
  }

  void CheckPath(const Location& where, const std::vector<std::string>& path) {
    if (path.empty()) Fail(where, "empty claim path");
    for (const auto& segment : path) {
      if (segment.empty()) Fail(where, "empty claim path segment");
    }
  }

  void CheckTrustValue(const Location& where, int value) {
    if (value < kTrustValueMin || value > kTrustValueMax) {
      Fail(where, "trust value " + std::to_string(value) + " outside [-127, 127]");
    }
  }

  void CheckReferenceValues() {
    std::set<std::string_view> names;
    for (const auto& name : policy_.reference_values) {
      if (name.empty()) Fail({}, "empty reference-value name");
      if (!names.insert(name).second) Fail({}, "duplicate reference value '" + name + "'");
    }
  }

  void CheckAttestation() {
    const auto& as = policy_.attestation;
    if (as.defaults.size() != static_cast<size_t>(kTrustClaimCount)) {
      Fail({}, "attestation defaults must list all 8 trust claims");
    }
    for (int v : as.defaults) CheckTrustValue({}, v);
    std::set<TeeKind> tees;
    for (const auto& appraisal : as.appraisals) {
      if (!tees.insert(appraisal.tee).second) {
        Fail(appraisal.location,
             "second attestation block for " + std::string(TeeName(appraisal.tee)));
      }
      for (const auto& a : appraisal.assignments) {
        CheckTrustValue(a.location, a.value);
        for (const auto& c : a.conditions) CheckAppraisalCondition(appraisal.tee, c);
      }
    }
  }

  void CheckAppraisalCondition(TeeKind tee, const AppraisalCondition& c) {
    switch (c.kind) {
      case AppraisalCondition::Kind::kReferenceContains:
        CheckPath(c.location, c.claim_path);
        if (std::find(policy_.reference_values.begin(), policy_.reference_values.end(),
                      c.reference_name) == policy_.reference_values.end()) {
          Fail(c.location, "unknown reference value '" + c.reference_name + "'");
        }
        return;
      case AppraisalCondition::Kind::kClaimEquals:
        CheckPath(c.location, c.claim_path);
        if (c.values.size() != 1) Fail(c.location, "claim equality needs exactly one literal");
        return;
      case AppraisalCondition::Kind::kDebugForbidden:
        if (TeeDebugClaimPath(tee).empty()) {
          Fail(c.location, "TEE " + std::string(TeeName(tee)) + " has no debug claim");
        }
        return;
      case AppraisalCondition::Kind::kTcbStatusIn:
        if (TeeTcbStatusClaimPath(tee).empty()) {
          Fail(c.location, "TEE " + std::string(TeeName(tee)) + " has no TCB status claim");
        }
        if (c.values.empty()) Fail(c.location, "empty TCB status set");
        for (const auto& v : c.values) {
          if (v.kind != Literal::Kind::kString) Fail(c.location, "TCB status values are strings");
        }
        return;
    }
  }

  void CheckAgentProfiles() {
    std::set<std::string_view> names;
    for (const auto& p : policy_.agent_profiles) {
      if (!IsIdentifierLike(p.name))
        Fail(p.location, "profile name '" + p.name + "' is not a valid name");
      if (!names.insert(p.name).second)
        Fail(p.location, "duplicate agent profile '" + p.name + "'");
      for (const auto& argv : p.exec.allow_argv) {
        if (argv.empty()) Fail(p.location, "profile '" + p.name + "': empty exec argv");
      }
      for (const auto& re : p.exec.allow_regexes) CheckRegex(p, re);
      for (const auto& re : p.env.allow_regexes) CheckRegex(p, re);
      for (const auto& prefix : p.copy_file.allow_prefixes) {
        if (prefix.empty() || prefix.front() != '/') {
          Fail(p.location,
               "profile '" + p.name + "': copy_file prefix '" + prefix + "' is not absolute");
        }
      }
    }
  }

  void CheckRegex(const AgentProfile& p, const std::string& re) {
    Status st = PortableRegex(re);
    if (!st.ok()) Fail(p.location, "profile '" + p.name + "': " + st.message());
  }

  void CheckPools() {
    std::set<std::string_view> names;
    for (const auto& pool : policy_.pools) {
      if (!IsIdentifierLike(pool.name))
        Fail(pool.location, "pool name '" + pool.name + "' is not a valid name");
      if (!names.insert(pool.name).second)
        Fail(pool.location, "duplicate pool '" + pool.name + "'");
      for (const auto& a : pool.allowed_annotations) {
        if (!IsIdentifier(a))
          Fail(pool.location, "pool '" + pool.name + "': bad annotation name '" + a + "'");
      }
      if (!std::is_sorted(pool.allowed_annotations.begin(), pool.allowed_annotations.end())) {
        Fail(pool.location, "pool '" + pool.name + "': allowed annotations must be sorted");
      }
      if (pool.memory_max_mib && *pool.memory_max_mib == 0)
        Fail(pool.location, "memory max must be > 0");
      if (pool.vcpus_max && *pool.vcpus_max == 0) Fail(pool.location, "vcpus max must be > 0");
    }
  }

  // Model names (workloads, pools, profiles): DNS-label-like, as Kubernetes
  // names are, plus '_' for CPL identifiers.
  static bool IsIdentifierLike(std::string_view s) {
    if (s.empty()) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
  }

  const Policy& policy_;
  const WorkloadIndex workloads_;
  std::string errors_;
};

}  // namespace

Status Verify(const Policy& policy) { return Verifier(policy).Run(); }

Status PortableRegex(std::string_view pattern) {
  for (std::string_view bad : {"(?=", "(?!", "(?<"}) {
    if (pattern.find(bad) != std::string_view::npos) {
      return Status::InvalidArgument("regex '" + std::string(pattern) +
                                     "' uses lookaround or named groups (" + std::string(bad) +
                                     "), which Rego engines do not support");
    }
  }
  for (size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      if (pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
        return Status::InvalidArgument("regex '" + std::string(pattern) +
                                       "' uses a backreference, which Rego engines do not support");
      }
      ++i;
    }
  }
  Result<Regex> compiled = Regex::Compile(pattern);
  if (!compiled.ok()) {
    return Status::InvalidArgument("regex '" + std::string(pattern) +
                                   "' does not compile: " + compiled.status().message());
  }
  return Status::Ok();
}

}  // namespace cocoplane::cpl::ir
