// Conditions of attestation claim statements -> ir::AppraisalCondition
// atoms (SPEC.md §4.5, §6.2). The input is one device's evidence
// (trustee.md §3), so paths start with the block's own TEE kind:
// - `<tee>.<path> in reference R` / `reference R contains <tee>.<path>`
//   -> kReferenceContains (R declared in a ReferenceValues document);
// - `<tee>.<path> == literal`, `<tee>.<path> in [literals]` -> kClaimEquals
//   (one alternative per literal), or kTcbStatusIn on the TEE's TCB status;
// - `not <tee>.<debug claim>` -> kDebugForbidden.
// `tee`, `ear`, `trust` and `gpu` are outputs of the attestation service and
// are refused here (CP5034); other forms have no IR atom yet (CP5035).
#include <utility>

#include "cpl/check/conditions.h"
#include "cpl/check/release_paths.h"
#include "cpl/check/vocabulary.h"

namespace cocoplane::cpl::check {
namespace {

using Atom = ir::AppraisalCondition;

bool SamePath(const std::vector<std::string>& a, const std::vector<std::string_view>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

class AppraisalLeaf {
 public:
  AppraisalLeaf(Context& ctx, const FileScope& scope, ir::TeeKind tee) : ctx_(ctx), scope_(scope), tee_(tee) {}

  std::optional<Terms<Atom>> operator()(const Expr& e, bool negated) {
    at_ = scope_.ast->Locate(e.span);
    if (const auto* c = std::get_if<CompareExpr>(&e.node)) return Compare(*c, negated);
    return Bare(Evaluate(ctx_, scope_, e), negated);
  }

 private:
  std::optional<Terms<Atom>> Bare(const Value& v, bool negated) {
    if (v.kind == Value::Kind::kError) return std::nullopt;
    if (v.kind == Value::Kind::kBool) {
      if ((v.number != 0) != negated) return Always<Atom>();
      ctx_.Emit(DiagKind::kCplContradiction, at_, "this condition never holds", "remove the statement");
      return Terms<Atom>();
    }
    if (!IsPathLike(v)) {
      ctx_.TypeError(v, "a condition", "a comparison", "e.g. `snp.measurement in reference snp_launch_measurement`");
      return std::nullopt;
    }
    std::optional<std::vector<std::string>> path = Evidence(v);
    if (!path) return std::nullopt;
    if (negated && SamePath(*path, ir::TeeDebugClaimPath(tee_))) return One<Atom>(Make(Atom::Kind::kDebugForbidden));
    return Unsupported("only `not " + DebugClaim() + "` can stand alone as a condition here",
                       "compare the claim with a value, e.g. `" + Segments(v).front() + "." + Join(*path) +
                           " == true`");
  }

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
    if (!IsPathLike(lhs) && IsPathLike(rhs) && op == CompareOp::kEq) std::swap(lhs, rhs);
    if (!IsPathLike(lhs)) {
      ctx_.TypeError(lhs, "the left side of `" + std::string(CompareOpSpelling(op)) + "`",
                     "an evidence claim such as " + TeeSpelling(tee_) + ".<field>");
      return std::nullopt;
    }
    std::optional<std::vector<std::string>> path = Evidence(lhs);
    if (!path) return std::nullopt;
    if (negated || (op != CompareOp::kEq && op != CompareOp::kIn)) {
      return Unsupported("`" + std::string(negated ? "not" : CompareOpSpelling(op)) +
                             "` in attestation conditions cannot be compiled yet",
                         "write `==`, `in [...]`, `in reference NAME`, or `not " + DebugClaim() + "`");
    }
    if (op == CompareOp::kIn && rhs.kind == Value::Kind::kReference) return Reference(*path, rhs);
    if (op == CompareOp::kEq) {
      std::optional<ir::Literal> literal = ReadLiteral(rhs);
      if (!literal) return std::nullopt;
      return Equals(*path, {std::move(*literal)});
    }
    auto literals = ReadList<ir::Literal>(ctx_, rhs, "the right side of `in`",
                                          [&](const Value& v) { return ReadLiteral(v); });
    if (!literals) return std::nullopt;
    if (literals->empty()) {
      ctx_.Emit(DiagKind::kCplContradiction, at_, "`in []` never holds", "list the accepted values");
      return Terms<Atom>();
    }
    return Equals(*path, std::move(*literals));
  }

  // The claim path under input.<tee>, or a diagnostic.
  std::optional<std::vector<std::string>> Evidence(const Value& v) {
    std::vector<std::string> segs = Segments(v);
    for (const std::string& seg : segs) {
      if (seg.empty()) {
        ctx_.Emit(DiagKind::kCplUnknownPath, v.where(), "a claim key cannot be empty",
                  "name the key between the quotes");
        return std::nullopt;
      }
    }
    const std::string& root = segs.front();
    std::optional<ir::TeeKind> tee = TeeFromCpl(root);
    if (tee == tee_) {
      if (segs.size() == 1) {
        ctx_.Emit(DiagKind::kCplUnknownPath, v.where(), "name a claim of the " + root + " evidence",
                  "e.g. `" + root + "." + DebugClaimPath() + "`");
        return std::nullopt;
      }
      return std::vector<std::string>(segs.begin() + 1, segs.end());
    }
    if (tee || root == "tee" || root == "ear" || root == "trust" || root == "gpu") {
      std::string why = tee ? "`attestation " + TeeSpelling(tee_) + "` appraises " + TeeSpelling(tee_) +
                                  " evidence only"
                            : "`" + root + "` is an output of the attestation service, not one of its inputs";
      ctx_.Emit(DiagKind::kCplWrongContext, v.where(), why,
                "conditions here read the evidence: " + TeeSpelling(tee_) + ".<field>");
      return std::nullopt;
    }
    if (root == "init_data" || root == "init_data_claims") {
      Unsupported("`" + root + "` in attestation conditions cannot be compiled yet",
                  "bind resources to a workload's initdata with `to workload NAME` in a release rule");
      return std::nullopt;
    }
    ctx_.Emit(DiagKind::kCplUnknownName, v.where(), "unknown name `" + root + "`",
              DidYouMean(root, PathRootSpellings(), "conditions here start with " + TeeSpelling(tee_) + "."));
    return std::nullopt;
  }

  std::optional<Terms<Atom>> Reference(const std::vector<std::string>& path, const Value& ref) {
    if (!ctx_.index.HasReferenceValue(ref.text)) {
      ctx_.Emit(DiagKind::kCplUnknownReferenceValue, ref.where(), "unknown reference value `" + ref.text + "`",
                DidYouMean(ref.text, ctx_.index.reference_names(),
                           "reference values are declared in ReferenceValues documents (spec.values)"));
      return std::nullopt;
    }
    Atom atom = Make(Atom::Kind::kReferenceContains);
    atom.claim_path = path;
    atom.reference_name = ref.text;
    return One<Atom>(std::move(atom));
  }

  // `path == a` or `path in [a, b]`: one alternative per literal, or one
  // TCB-status atom on the TEE's TCB status claim.
  std::optional<Terms<Atom>> Equals(const std::vector<std::string>& path, std::vector<ir::Literal> literals) {
    if (SamePath(path, ir::TeeTcbStatusClaimPath(tee_))) {
      for (const ir::Literal& l : literals) {
        if (l.kind != ir::Literal::Kind::kString) {
          ctx_.Emit(DiagKind::kCplTypeMismatch, at_, "TCB statuses are strings", "e.g. \"UpToDate\"");
          return std::nullopt;
        }
      }
      Atom atom = Make(Atom::Kind::kTcbStatusIn);
      atom.values = std::move(literals);
      return One<Atom>(std::move(atom));
    }
    Terms<Atom> out;
    for (ir::Literal& l : literals) {
      Atom atom = Make(Atom::Kind::kClaimEquals);
      atom.claim_path = path;
      atom.values = {std::move(l)};
      out.emplace_back();
      out.back().push_back(std::move(atom));
    }
    return out;
  }

  std::optional<ir::Literal> ReadLiteral(const Value& v) {
    if (v.kind == Value::Kind::kString) return ir::Literal::String(v.text);
    if (v.kind == Value::Kind::kInt) return ir::Literal::Int(v.number);
    if (v.kind == Value::Kind::kBool) return ir::Literal::Bool(v.number != 0);
    ctx_.TypeError(v, "an evidence value", "a string, an integer, true or false",
                   v.kind == Value::Kind::kName ? "quote it: \"" + v.text + "\"" : "");
    return std::nullopt;
  }

  std::string DebugClaimPath() const {
    auto path = ir::TeeDebugClaimPath(tee_);
    if (path.empty()) return "<field>";
    std::string out;
    for (auto p : path) {
      if (!out.empty()) out += '.';
      out += p;
    }
    return out;
  }
  std::string DebugClaim() const { return TeeSpelling(tee_) + "." + DebugClaimPath(); }

  static std::string Join(const std::vector<std::string>& path) {
    std::string out;
    for (const auto& p : path) out += (out.empty() ? "" : ".") + p;
    return out;
  }

  Atom Make(Atom::Kind kind) const {
    Atom atom;
    atom.kind = kind;
    atom.location = at_;
    return atom;
  }

  std::optional<Terms<Atom>> Unsupported(std::string message, std::string hint) {
    ctx_.Emit(DiagKind::kCplUnsupported, at_, std::move(message), std::move(hint));
    return std::nullopt;
  }

  Context& ctx_;
  const FileScope& scope_;
  ir::TeeKind tee_;
  Location at_;
};

}  // namespace

std::optional<Terms<ir::AppraisalCondition>> LowerAppraisalConditions(Context& ctx, const FileScope& scope,
                                                                      const ConditionBlock& block, ir::TeeKind tee) {
  return MakeDnfBuilder<ir::AppraisalCondition>(ctx, scope, AppraisalLeaf(ctx, scope, tee)).Block(block);
}

}  // namespace cocoplane::cpl::check
