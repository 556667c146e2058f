// Release-rule conditions -> ir::Condition atoms (SPEC.md §6.2, §6.3).
//
// Each comparison becomes one atom, or several alternatives for
// `trust.x in [...]`. `not` reaches a leaf as `negated` and is folded into
// the atom only where the negation is exact under Rego's undefined
// semantics (SPEC.md §6.3 "Absent values"):
// - `tee`: the TEE key of the evidence is always present, so `not tee == a`
//   is `tee != a`;
// - `ear.status`: every EAR appraisal carries a status (trustee.md §2), so
//   `not ear.status == a` is `ear.status != a`.
// Everywhere else a value may be absent (`not trust.x <= 3` holds for a
// token without the claim, `trust.x > 3` does not), so `not` stays a
// negation: the atom gets ir::Condition::negated (trust claims,
// init_data_claims, evidence values), or, for a bare path, becomes the
// "absent or false" test. `not` before GPU tests is CP5035: the build
// checks read GPU atoms as "needs a GPU".
//
// Evidence values (`snp.policy_debug_allowed`, `init_data`,
// `init_data_claims.<k>` compared with numbers or booleans, by order or by
// regex) become ir::EvidenceTest. GPU trust claims and the `gpu.count`
// forms other than "at least one" have no atom (CP5035).
#include <algorithm>
#include <utility>

#include "cpl/check/conditions.h"
#include "cpl/check/release_paths.h"

namespace cocoplane::cpl::check {
namespace {

using Atom = ir::Condition;
using Type = ClaimPath::Type;

bool IsOrdering(CompareOp op) {
  return op == CompareOp::kLt || op == CompareOp::kLe || op == CompareOp::kGt || op == CompareOp::kGe;
}

// `3 < trust.x` is `trust.x > 3`.
CompareOp Mirror(CompareOp op) {
  switch (op) {
    case CompareOp::kLt: return CompareOp::kGt;
    case CompareOp::kLe: return CompareOp::kGe;
    case CompareOp::kGt: return CompareOp::kLt;
    case CompareOp::kGe: return CompareOp::kLe;
    case CompareOp::kEq:
    case CompareOp::kNe:
    case CompareOp::kIn:
    case CompareOp::kNotIn:
    case CompareOp::kContains:
    case CompareOp::kMatches: return op;
  }
  return op;
}

ir::CompareOp ToIr(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return ir::CompareOp::kEq;
    case CompareOp::kNe: return ir::CompareOp::kNe;
    case CompareOp::kLt: return ir::CompareOp::kLt;
    case CompareOp::kLe: return ir::CompareOp::kLe;
    case CompareOp::kGt: return ir::CompareOp::kGt;
    case CompareOp::kGe: return ir::CompareOp::kGe;
    case CompareOp::kIn:
    case CompareOp::kNotIn:
    case CompareOp::kContains:
    case CompareOp::kMatches: break;
  }
  return ir::CompareOp::kEq;
}

class ReleaseLeaf {
 public:
  ReleaseLeaf(Context& ctx, const FileScope& scope) : ctx_(ctx), scope_(scope) {}

  std::optional<Terms<Atom>> operator()(const Expr& e, bool negated) {
    at_ = scope_.ast->Locate(e.span);
    if (const auto* c = std::get_if<CompareExpr>(&e.node)) return Compare(*c, negated);
    return Bare(Evaluate(ctx_, scope_, e), negated);
  }

 private:
  // ---- a value used as a condition: `gpu.attested`, a bool const
  std::optional<Terms<Atom>> Bare(const Value& v, bool negated) {
    if (v.kind == Value::Kind::kError) return std::nullopt;
    if (v.kind == Value::Kind::kBool) return Constant((v.number != 0) != negated);
    if (!IsPathLike(v)) {
      ctx_.TypeError(v, "a condition", "a comparison or a bool claim", "e.g. `ear.status == affirming`");
      return std::nullopt;
    }
    std::optional<ClaimPath> path = ClassifyReleasePath(ctx_, v);
    if (!path) return std::nullopt;
    switch (path->type) {
      case Type::kGpuAttested: return GpuAttested(true, negated);
      case Type::kTee:
      case Type::kEarStatus:
      case Type::kGpuStatus: return NotACondition(*path, "compare it, e.g. `" + path->text + " == ...`");
      case Type::kTrust:
      case Type::kGpuCount:
      case Type::kGpuTrust: return NotACondition(*path, "compare it, e.g. `" + path->text + " <= 3`");
      case Type::kInitData:
      case Type::kInitDataClaims:
      case Type::kEvidence:
        return One<Atom>(EvidenceAtom(*path, negated ? ir::EvidenceTest::Op::kAbsent : ir::EvidenceTest::Op::kPresent,
                                      {}));
    }
    return std::nullopt;
  }

  // ---- lhs op rhs
  std::optional<Terms<Atom>> Compare(const CompareExpr& c, bool negated) {
    CompareOp op = c.op;
    const Expr* l = c.lhs.get();
    const Expr* r = c.rhs.get();
    if (op == CompareOp::kContains) {
      std::swap(l, r);
      op = CompareOp::kIn;
    }
    Value lhs = Evaluate(ctx_, scope_, *l);
    Value rhs = Evaluate(ctx_, scope_, *r);
    if (lhs.kind == Value::Kind::kError || rhs.kind == Value::Kind::kError) return std::nullopt;
    if (!HasPlainRoot(lhs) && HasPlainRoot(rhs) && (op == CompareOp::kEq || op == CompareOp::kNe || IsOrdering(op))) {
      std::swap(lhs, rhs);
      op = Mirror(op);
    }
    if (!IsPathLike(lhs)) {
      ctx_.TypeError(lhs, "the left side of `" + std::string(CompareOpSpelling(op)) + "`",
                     "a claim path such as ear.status or trust.executables");
      return std::nullopt;
    }
    std::optional<ClaimPath> path = ClassifyReleasePath(ctx_, lhs);
    if (!path) return std::nullopt;
    return Dispatch(*path, op, rhs, negated);
  }

  std::optional<Terms<Atom>> Dispatch(const ClaimPath& path, CompareOp op, const Value& rhs, bool negated) {
    switch (path.type) {
      case Type::kTee: return Tee(path, op, rhs, negated);
      case Type::kEarStatus: return Status(path, op, rhs, negated, /*gpu=*/false);
      case Type::kGpuStatus: return Status(path, op, rhs, negated, /*gpu=*/true);
      case Type::kTrust: return Trust(path, op, rhs, negated);
      case Type::kGpuAttested: return GpuAttestedCompare(path, op, rhs, negated);
      case Type::kGpuCount: return GpuCount(path, op, rhs, negated);
      case Type::kInitDataClaims: return InitDataClaims(path, op, rhs, negated);
      case Type::kGpuTrust:
        return Unsupported("GPU trust-claim conditions (`" + path.text + "`) cannot be compiled yet",
                           "test `gpu.status`, which the attestation service derives from the GPU trust vector");
      case Type::kInitData:
      case Type::kEvidence: return Evidence(path, op, rhs, negated);
    }
    return std::nullopt;
  }

  // ---- enum-valued paths: ==, !=, in, not in
  template <typename T, typename Read>
  std::optional<std::pair<ir::SetOp, std::vector<T>>> SetTest(const ClaimPath& path, CompareOp op, const Value& rhs,
                                                              std::string_view noun, Read read) {
    bool single = op == CompareOp::kEq || op == CompareOp::kNe;
    if (!single && op != CompareOp::kIn && op != CompareOp::kNotIn) {
      BadOperator(path, op, noun, "use ==, !=, in or not in");
      return std::nullopt;
    }
    ir::SetOp set_op = (op == CompareOp::kEq || op == CompareOp::kIn) ? ir::SetOp::kIn : ir::SetOp::kNotIn;
    if (single) {
      if (rhs.kind == Value::Kind::kList) {
        ctx_.TypeError(rhs, "the right side of `" + std::string(CompareOpSpelling(op)) + "`", noun,
                       "use `in` or `not in` to test membership in a list");
        return std::nullopt;
      }
      std::optional<T> one = read(rhs);
      if (!one) return std::nullopt;
      return std::make_pair(set_op, std::vector<T>{*one});
    }
    if (rhs.kind == Value::Kind::kReference) {
      ReferenceHere(rhs);
      return std::nullopt;
    }
    auto many = ReadList<T>(ctx_, rhs, "the right side of `" + std::string(CompareOpSpelling(op)) + "`", read);
    if (!many) return std::nullopt;
    return std::make_pair(set_op, std::move(*many));
  }

  std::optional<Terms<Atom>> Tee(const ClaimPath& path, CompareOp op, const Value& rhs, bool negated) {
    auto test = SetTest<ir::TeeKind>(path, op, rhs, "a TEE kind", [&](const Value& v) { return ReadTee(ctx_, v); });
    if (!test) return std::nullopt;
    Atom atom = Make(Atom::Kind::kTeeIn);
    atom.tee_in.op = negated ? Flip(test->first) : test->first;
    atom.tee_in.tees = std::move(test->second);
    ir::SetOp set_op = atom.tee_in.op;
    bool empty = atom.tee_in.tees.empty();
    return SetAtom(std::move(atom), set_op, empty);
  }

  std::optional<Terms<Atom>> Status(const ClaimPath& path, CompareOp op, const Value& rhs, bool negated, bool gpu) {
    auto test =
        SetTest<ir::EarStatus>(path, op, rhs, "an EAR status", [&](const Value& v) { return ReadStatus(ctx_, v); });
    if (!test) return std::nullopt;
    if (gpu && negated) {
      return Unsupported("`not` before a `gpu.status` test cannot be compiled yet",
                         "write `gpu.status != ...` (every GPU) or `gpu.status not in [...]`");
    }
    ir::SetOp set_op = negated ? Flip(test->first) : test->first;
    bool empty = test->second.empty();
    Atom atom = Make(gpu ? Atom::Kind::kGpuStatusIn : Atom::Kind::kEarStatusIn);
    if (gpu) {
      atom.gpu_status_in = {set_op, std::move(test->second)};
    } else {
      atom.ear_status_in = {set_op, std::move(test->second)};
    }
    return SetAtom(std::move(atom), set_op, empty);
  }

  // ---- trust.<claim>: integers in [-127, 127]
  std::optional<Terms<Atom>> Trust(const ClaimPath& path, CompareOp op, const Value& rhs, bool negated) {
    if (op == CompareOp::kMatches) {
      BadOperator(path, op, "an integer", "use ==, !=, <, <=, >, >=, in or not in");
      return std::nullopt;
    }
    if (op == CompareOp::kIn || op == CompareOp::kNotIn) {
      std::optional<Terms<Atom>> terms = TrustSet(path, op, rhs);
      if (!terms || !negated) return terms;
      return Negate(std::move(*terms));
    }
    std::optional<int> threshold = Threshold(path, rhs);
    if (!threshold) return std::nullopt;
    Atom atom = TrustAtom(path.claim, ToIr(op), *threshold);
    atom.negated = negated;
    return One<Atom>(std::move(atom));
  }

  // De Morgan for the two shapes a set test lowers to: alternatives of one
  // atom each become one conjunction of negated atoms, and one conjunction
  // becomes alternatives of one negated atom each. `{}` (never) becomes
  // always, `{{}}` (always) never.
  std::optional<Terms<Atom>> Negate(Terms<Atom> terms) {
    if (terms.empty()) return Always<Atom>();
    Terms<Atom> out;
    if (terms.size() == 1) {
      if (terms[0].empty()) return Constant(false);
      for (Atom& atom : terms[0]) {
        atom.negated = !atom.negated;
        out.emplace_back();
        out.back().push_back(std::move(atom));
      }
      return out;
    }
    out.emplace_back();
    for (auto& term : terms) {
      for (Atom& atom : term) {
        atom.negated = !atom.negated;
        out.back().push_back(std::move(atom));
      }
    }
    return out;
  }

  // `trust.x in [a, b]` is `trust.x == a or trust.x == b`; `not in` is the
  // conjunction of `!=`.
  std::optional<Terms<Atom>> TrustSet(const ClaimPath& path, CompareOp op, const Value& rhs) {
    auto values = ReadList<int>(ctx_, rhs, "the right side of `in`", [&](const Value& v) { return Threshold(path, v); });
    if (!values) return std::nullopt;
    if (values->empty()) return SetAtom(Make(Atom::Kind::kTrustCompare), Set(op), true);
    Terms<Atom> out;
    if (op == CompareOp::kIn) {
      for (int v : *values) {
        out.emplace_back();
        out.back().push_back(TrustAtom(path.claim, ir::CompareOp::kEq, v));
      }
    } else {
      out.emplace_back();
      for (int v : *values) out.back().push_back(TrustAtom(path.claim, ir::CompareOp::kNe, v));
    }
    return out;
  }

  std::optional<int> Threshold(const ClaimPath& path, const Value& v) {
    return ReadTrustValue(ctx_, v, "a threshold of `" + path.text + "`");
  }

  Atom TrustAtom(ir::TrustClaim claim, ir::CompareOp op, int threshold) {
    Atom atom = Make(Atom::Kind::kTrustCompare);
    atom.trust_compare = {claim, op, threshold};
    return atom;
  }

  // ---- gpu.attested, gpu.count
  std::optional<Terms<Atom>> GpuAttested(bool wanted, bool negated) {
    if (wanted != negated) return One<Atom>(Make(Atom::Kind::kGpuAttested));
    return Unsupported("testing that no GPU is attested cannot be compiled yet",
                       "release rules can require GPUs (`gpu.attested`), not their absence");
  }

  std::optional<Terms<Atom>> GpuAttestedCompare(const ClaimPath& path, CompareOp op, const Value& rhs, bool negated) {
    if (op != CompareOp::kEq && op != CompareOp::kNe) {
      BadOperator(path, op, "true or false", "write `gpu.attested` or `gpu.attested == true`");
      return std::nullopt;
    }
    if (rhs.kind != Value::Kind::kBool) {
      ctx_.TypeError(rhs, "the right side of `" + std::string(CompareOpSpelling(op)) + "`", "true or false");
      return std::nullopt;
    }
    return GpuAttested((op == CompareOp::kEq) == (rhs.number != 0), negated);
  }

  // Only the forms that mean "at least one GPU" (or "always") have an atom.
  std::optional<Terms<Atom>> GpuCount(const ClaimPath& path, CompareOp op, const Value& rhs, bool negated) {
    if (op == CompareOp::kMatches) {
      BadOperator(path, op, "an integer", "use ==, !=, <, <=, >, >=");
      return std::nullopt;
    }
    if (op == CompareOp::kIn || op == CompareOp::kNotIn) return UnsupportedCount();
    std::optional<int64_t> n = ReadInt(ctx_, rhs, "the right side of `" + std::string(CompareOpSpelling(op)) + "`");
    if (!n) return std::nullopt;
    if (negated) return UnsupportedCount();
    bool at_least_one = (op == CompareOp::kGe && *n == 1) || (op == CompareOp::kGt && *n == 0) ||
                        (op == CompareOp::kNe && *n == 0);
    if (at_least_one) return One<Atom>(Make(Atom::Kind::kGpuAttested));
    bool always = (op == CompareOp::kGe && *n <= 0) || (op == CompareOp::kGt && *n < 0) ||
                  (op == CompareOp::kNe && *n < 0);
    if (always) return Always<Atom>();
    bool never = (op == CompareOp::kLt && *n <= 0) || ((op == CompareOp::kLe || op == CompareOp::kEq) && *n < 0);
    if (never) return Constant(false);
    return UnsupportedCount();
  }

  std::optional<Terms<Atom>> UnsupportedCount() {
    return Unsupported("this `gpu.count` test cannot be compiled yet",
                       "`gpu.count >= 1` (the same as `gpu.attested`) is the form the IR supports");
  }

  // ---- init_data_claims.<k>...: string values
  // String values keep their own atom (kInitDataClaimIn, which the
  // generated Rego tests as sets of strings); everything else is an
  // evidence value.
  std::optional<Terms<Atom>> InitDataClaims(const ClaimPath& path, CompareOp op, const Value& rhs, bool negated) {
    bool set_op = op == CompareOp::kEq || op == CompareOp::kNe || op == CompareOp::kIn || op == CompareOp::kNotIn;
    if (!set_op || !AllStrings(rhs) || (rhs.kind == Value::Kind::kList && rhs.items.empty())) {
      return Evidence(path, op, rhs, negated);
    }
    auto read = [&](const Value& v) { return ReadString(ctx_, v, "a value of `" + path.text + "`"); };
    auto test = SetTest<std::string>(path, op, rhs, "a string", read);
    if (!test) return std::nullopt;
    Atom atom = Make(Atom::Kind::kInitDataClaimIn);
    atom.init_data_claim_in = {path.keys, test->first, std::move(test->second)};
    atom.negated = negated;
    return One<Atom>(std::move(atom));
  }

  static bool AllStrings(const Value& v) {
    if (v.kind == Value::Kind::kString) return true;
    if (v.kind != Value::Kind::kList) return false;
    return std::all_of(v.items.begin(), v.items.end(), [](const Value& i) { return i.kind == Value::Kind::kString; });
  }

  // ---- evidence values: <tee>.<field>..., init_data, init_data_claims.<k>...
  std::optional<Terms<Atom>> Evidence(const ClaimPath& path, CompareOp op, const Value& rhs, bool negated) {
    using Op = ir::EvidenceTest::Op;
    if (rhs.kind == Value::Kind::kReference) {
      ReferenceHere(rhs);
      return std::nullopt;
    }
    std::optional<Atom> atom;
    switch (op) {
      case CompareOp::kEq:
      case CompareOp::kNe: {
        if (rhs.kind == Value::Kind::kList) {
          ctx_.TypeError(rhs, "the right side of `" + std::string(CompareOpSpelling(op)) + "`", "one literal",
                         "use `in` or `not in` to test membership in a list");
          return std::nullopt;
        }
        std::optional<ir::Literal> one = ReadLiteral(path, rhs);
        if (!one) return std::nullopt;
        atom = EvidenceAtom(path, op == CompareOp::kEq ? Op::kIn : Op::kNotIn, {std::move(*one)});
        break;
      }
      case CompareOp::kIn:
      case CompareOp::kNotIn: {
        auto many = ReadList<ir::Literal>(ctx_, rhs, "the right side of `" + std::string(CompareOpSpelling(op)) + "`",
                                          [&](const Value& v) { return ReadLiteral(path, v); });
        if (!many) return std::nullopt;
        if (many->empty()) {
          // `x in []` never holds; `x not in []` holds for any present x.
          if (op == CompareOp::kIn) return negated ? Always<Atom>() : Constant(false);
          atom = EvidenceAtom(path, Op::kPresent, {});
          break;
        }
        atom = EvidenceAtom(path, op == CompareOp::kIn ? Op::kIn : Op::kNotIn, std::move(*many));
        break;
      }
      case CompareOp::kLt:
      case CompareOp::kLe:
      case CompareOp::kGt:
      case CompareOp::kGe: {
        std::optional<int64_t> n = ReadInt(ctx_, rhs, "the right side of `" + std::string(CompareOpSpelling(op)) + "`");
        if (!n) return std::nullopt;
        atom = EvidenceAtom(path, Op::kCompare, {ir::Literal::Int(*n)});
        atom->evidence_test.compare_op = ToIr(op);
        break;
      }
      case CompareOp::kMatches: {
        if (rhs.kind != Value::Kind::kRegex && rhs.kind != Value::Kind::kString) {
          ctx_.TypeError(rhs, "the right side of `matches`", "a regex or a string");
          return std::nullopt;
        }
        if (!CheckRegex(ctx_, rhs)) return std::nullopt;
        atom = EvidenceAtom(path, Op::kMatches, {ir::Literal::String(rhs.text)});
        break;
      }
      case CompareOp::kContains:
        // Swapped into `in` by Compare().
        return std::nullopt;
    }
    if (negated && atom->evidence_test.op == Op::kPresent) {
      atom->evidence_test.op = Op::kAbsent;
    } else {
      atom->negated = negated;
    }
    return One<Atom>(std::move(*atom));
  }

  // A literal to compare an evidence value with: a string, an integer or
  // a boolean (JSON scalars); a bare name here can only be a const.
  std::optional<ir::Literal> ReadLiteral(const ClaimPath& path, const Value& v) {
    switch (v.kind) {
      case Value::Kind::kString: return ir::Literal::String(v.text);
      case Value::Kind::kInt: return ir::Literal::Int(v.number);
      case Value::Kind::kBool: return ir::Literal::Bool(v.number != 0);
      case Value::Kind::kError: return std::nullopt;
      case Value::Kind::kName:
        ctx_.UnknownConst(v);
        return std::nullopt;
      case Value::Kind::kReference:
        ReferenceHere(v);
        return std::nullopt;
      case Value::Kind::kRegex:
      case Value::Kind::kPath:
      case Value::Kind::kList:
      case Value::Kind::kCondition: break;
    }
    ctx_.TypeError(v, "a value of `" + path.text + "`", "a string, an integer or true/false",
                   "evidence values are compared with literals");
    return std::nullopt;
  }

  Atom EvidenceAtom(const ClaimPath& path, ir::EvidenceTest::Op op, std::vector<ir::Literal> values) {
    Atom atom = Make(Atom::Kind::kEvidenceTest);
    atom.evidence_test.path = path.evidence_path;
    atom.evidence_test.op = op;
    atom.evidence_test.values = std::move(values);
    return atom;
  }

  // ---- helpers
  Atom Make(Atom::Kind kind) const {
    Atom atom;
    atom.kind = kind;
    atom.location = at_;
    return atom;
  }

  static ir::SetOp Flip(ir::SetOp op) { return op == ir::SetOp::kIn ? ir::SetOp::kNotIn : ir::SetOp::kIn; }
  static ir::SetOp Set(CompareOp op) {
    return op == CompareOp::kNotIn || op == CompareOp::kNe ? ir::SetOp::kNotIn : ir::SetOp::kIn;
  }

  // `x in []` never holds; `x not in []` always does (the IR has no empty
  // sets).
  std::optional<Terms<Atom>> SetAtom(Atom atom, ir::SetOp op, bool empty) {
    if (!empty) return One<Atom>(std::move(atom));
    return Constant(op == ir::SetOp::kNotIn);
  }

  std::optional<Terms<Atom>> Constant(bool value) {
    if (value) return Always<Atom>();
    ctx_.Emit(DiagKind::kCplContradiction, at_, "this condition never holds",
              "remove it, or the alternative it belongs to");
    return Terms<Atom>();
  }

  std::optional<Terms<Atom>> Unsupported(std::string message, std::string hint) {
    ctx_.Emit(DiagKind::kCplUnsupported, at_, std::move(message), std::move(hint));
    return std::nullopt;
  }

  std::optional<Terms<Atom>> NotACondition(const ClaimPath& path, std::string hint) {
    ctx_.Emit(DiagKind::kCplTypeMismatch, at_, "`" + path.text + "` is not a condition on its own", std::move(hint));
    return std::nullopt;
  }

  void BadOperator(const ClaimPath& path, CompareOp op, std::string_view noun, std::string hint) {
    ctx_.Emit(DiagKind::kCplBadOperator, at_,
              std::string("`") + std::string(CompareOpSpelling(op)) + "` does not apply to `" + path.text + "`, which is " +
                  std::string(noun),
              std::move(hint));
  }

  void ReferenceHere(const Value& v) {
    ctx_.Emit(DiagKind::kCplWrongContext, v.where(), "reference values cannot be used in release rules",
              "reference values are read by the attestation service: compare evidence with them in an "
              "`attestation` block");
  }

  Context& ctx_;
  const FileScope& scope_;
  Location at_;
};

}  // namespace

std::optional<Terms<ir::Condition>> LowerReleaseConditions(Context& ctx, const FileScope& scope,
                                                           const ConditionBlock& block) {
  return MakeDnfBuilder<ir::Condition>(ctx, scope, ReleaseLeaf(ctx, scope)).Block(block);
}

}  // namespace cocoplane::cpl::check
