// Dead alternatives: a conjunction of atoms that no token can satisfy
// (CP5040), e.g. `tee == snp` with `tee == tdx`, or `trust.x <= 1` with
// `trust.x >= 5`. One pass over the term: each atom narrows the set of
// values its path may take; the atom that empties a set is reported, naming
// the earlier atom it conflicts with. Linear in the term's size.
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>

#include "cpl/check/conditions.h"
#include "cpl/ir/render.h"

namespace cocoplane::cpl::check {
namespace {

// A finite domain (TEE kinds, EAR statuses) as a bit set.
struct BitDomain {
  explicit BitDomain(uint32_t all) : allowed(all) {}
  uint32_t allowed;
  // The last atom that narrowed the domain (rendered only for a message).
  const ir::Condition* last = nullptr;
};

template <typename T>
uint32_t Mask(const std::vector<T>& items) {
  uint32_t mask = 0;
  for (T item : items) mask |= 1u << static_cast<unsigned>(item);
  return mask;
}

// Integers: an interval and the points `!=` removed from it.
struct IntDomain {
  int64_t lo = ir::kTrustValueMin;
  int64_t hi = ir::kTrustValueMax;
  std::set<int64_t> excluded;
  const ir::Condition* last = nullptr;

  void Apply(ir::CompareOp op, int64_t v) {
    switch (op) {
      case ir::CompareOp::kEq: lo = std::max(lo, v), hi = std::min(hi, v); break;
      case ir::CompareOp::kNe: excluded.insert(v); break;
      case ir::CompareOp::kLt: hi = std::min(hi, v - 1); break;
      case ir::CompareOp::kLe: hi = std::min(hi, v); break;
      case ir::CompareOp::kGt: lo = std::max(lo, v + 1); break;
      case ir::CompareOp::kGe: lo = std::max(lo, v); break;
    }
  }
  bool Empty() const {
    if (lo > hi) return true;
    // The range is at most 255 wide, so counting is cheap.
    for (int64_t v = lo; v <= hi; ++v) {
      if (excluded.count(v) == 0) return false;
    }
    return true;
  }
};

// Strings of one init_data_claims path: the accepted set (if any) and the
// refused values.
struct StringDomain {
  bool bounded = false;
  std::set<std::string> accepted;
  std::set<std::string> refused;
  const ir::Condition* last = nullptr;

  void Apply(ir::SetOp op, const std::vector<std::string>& values) {
    if (op == ir::SetOp::kNotIn) {
      refused.insert(values.begin(), values.end());
      return;
    }
    std::set<std::string> next(values.begin(), values.end());
    if (bounded) {
      std::set<std::string> both;
      std::set_intersection(accepted.begin(), accepted.end(), next.begin(), next.end(),
                            std::inserter(both, both.begin()));
      next = std::move(both);
    }
    accepted = std::move(next);
    bounded = true;
  }
  bool Empty() const {
    if (!bounded) return false;
    return std::all_of(accepted.begin(), accepted.end(), [&](const std::string& s) { return refused.count(s) > 0; });
  }
};

class ReleaseTerm {
 public:
  explicit ReleaseTerm(Context& ctx) : ctx_(ctx) {}

  bool Run(const std::vector<ir::Condition>& term, uint32_t* tees) {
    for (const ir::Condition& c : term) {
      if (!Apply(c)) return false;
    }
    *tees = tee_.allowed;
    return true;
  }

 private:
  bool Apply(const ir::Condition& c) {
    // A negated test narrows nothing it could be checked against (it also
    // holds when the value is absent).
    if (c.negated) return true;
    switch (c.kind) {
      case ir::Condition::Kind::kTeeIn: return Narrow(tee_, c.tee_in.op, Mask(c.tee_in.tees), c);
      case ir::Condition::Kind::kEarStatusIn:
        return Narrow(status_, c.ear_status_in.op, Mask(c.ear_status_in.statuses), c);
      case ir::Condition::Kind::kGpuStatusIn:
        return Narrow(gpu_status_, c.gpu_status_in.op, Mask(c.gpu_status_in.statuses), c);
      case ir::Condition::Kind::kTrustCompare: {
        IntDomain& d = trust_[static_cast<size_t>(c.trust_compare.claim)];
        d.Apply(c.trust_compare.op, c.trust_compare.threshold);
        return Check(d, c);
      }
      case ir::Condition::Kind::kInitDataClaimIn: {
        StringDomain& d = claims_[c.init_data_claim_in.path];
        d.Apply(c.init_data_claim_in.op, c.init_data_claim_in.values);
        return Check(d, c);
      }
      case ir::Condition::Kind::kGpuAttested: return true;
      case ir::Condition::Kind::kEvidenceTest: return Evidence(c);
    }
    return true;
  }

  // A value under a TEE's evidence key exists only in that TEE's evidence;
  // equality tests on one path narrow its literals as strings do.
  bool Evidence(const ir::Condition& c) {
    const ir::EvidenceTest& t = c.evidence_test;
    if (t.op == ir::EvidenceTest::Op::kAbsent || t.path.empty()) return true;
    for (ir::TeeKind tee : ir::AllTeeKinds()) {
      if (ir::TeeEvidenceKey(tee) == t.path[0] && !Narrow(tee_, ir::SetOp::kIn, TeeBit(tee), c)) return false;
    }
    if (t.op != ir::EvidenceTest::Op::kIn && t.op != ir::EvidenceTest::Op::kNotIn) return true;
    std::vector<std::string> literals;
    for (const ir::Literal& l : t.values) literals.push_back(ir::LiteralToRego(l));
    StringDomain& d = evidence_[t.path];
    d.Apply(t.op == ir::EvidenceTest::Op::kIn ? ir::SetOp::kIn : ir::SetOp::kNotIn, literals);
    return Check(d, c);
  }

  bool Narrow(BitDomain& d, ir::SetOp op, uint32_t mask, const ir::Condition& c) {
    d.allowed = op == ir::SetOp::kIn ? (d.allowed & mask) : (d.allowed & ~mask);
    return Check(d, c, d.allowed == 0);
  }

  template <typename D>
  bool Check(D& d, const ir::Condition& c) {
    return Check(d, c, d.Empty());
  }

  template <typename D>
  bool Check(D& d, const ir::Condition& c, bool empty) {
    if (!empty) {
      d.last = &c;
      return true;
    }
    std::string message = std::string("`") + ir::ToString(c) + "` can never hold";
    if (d.last != nullptr) {
      message += " together with `" + ir::ToString(*d.last) + "` (" + d.last->location.ToString() + ")";
    }
    ctx_.Emit(DiagKind::kCplContradiction, c.location, message,
              "these conditions exclude each other, so this rule never matches: fix one of them, or use `any { }` "
              "for alternatives");
    return false;
  }

  Context& ctx_;
  BitDomain tee_{(1u << ir::kTeeKindCount) - 1};
  BitDomain status_{0xFu};
  BitDomain gpu_status_{0xFu};
  std::array<IntDomain, ir::kTrustClaimCount> trust_;
  std::map<std::vector<std::string>, StringDomain> claims_;
  // Keyed by the evidence path; literals as Rego text ("1", "\"1\"").
  std::map<std::vector<std::string>, StringDomain> evidence_;
};

}  // namespace

bool ReleaseTermSatisfiable(Context& ctx, const std::vector<ir::Condition>& term, uint32_t* tees) {
  return ReleaseTerm(ctx).Run(term, tees);
}

bool AppraisalTermSatisfiable(Context& ctx, const std::vector<ir::AppraisalCondition>& term) {
  // Two equalities on one claim path with different literals.
  std::map<std::vector<std::string>, const ir::AppraisalCondition*> equal;
  for (const ir::AppraisalCondition& c : term) {
    if (c.kind != ir::AppraisalCondition::Kind::kClaimEquals) continue;
    auto [it, inserted] = equal.emplace(c.claim_path, &c);
    if (inserted || it->second->values == c.values) continue;
    ctx.Emit(DiagKind::kCplContradiction, c.location,
             "this claim is already required to equal " + ir::LiteralToRego(it->second->values.at(0)) + " (" +
                 it->second->location.ToString() + ")",
             "the two conditions exclude each other, so this statement never applies");
    return false;
  }
  return true;
}

}  // namespace cocoplane::cpl::check
