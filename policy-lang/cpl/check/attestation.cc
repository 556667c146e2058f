// `attestation TEE { ... }` -> ir::Appraisal (SPEC.md §4.5).
//
// A claim's value is that of the first statement, in source order, whose
// conditions hold; if none holds, the block's `default` for the claim, and
// without one 97 (contraindicated). The IR's AttestationPolicy::defaults are
// global (they also serve TEEs without a block), so the per-block fallback
// is lowered as a last, unconditional assignment of each claim the block
// mentions: codegen's `else` chain then ends in it, and the evaluator's
// first-match order gives the same answer.
//
// A statement with alternatives (`or`, `any`, `in [a, b]`) becomes one
// assignment per alternative, in order, which keeps first-match semantics.
#include <map>

#include "cpl/check/conditions.h"
#include "cpl/check/vocabulary.h"

namespace cocoplane::cpl::check {
namespace {

// SPEC.md §4.5: a claim whose checks all fail must not pass silently.
constexpr int kUnmetClaimValue = 97;

struct Fallback {
  int value = kUnmetClaimValue;
  Location location;
  bool stated = false;
};

class AttestationLowering {
 public:
  AttestationLowering(Context& ctx, ir::Policy& policy) : ctx_(ctx), policy_(policy) {}

  void Run() {
    for (const DeclRef<AttestationDecl>& ref : ctx_.attestations) Block(ref);
  }

 private:
  void Block(const DeclRef<AttestationDecl>& ref) {
    const Name& tee_name = ref.decl->tee;
    std::optional<ir::TeeKind> tee = TeeFromCpl(tee_name.text);
    const Ast& ast = *ref.scope->ast;
    if (!tee) {
      ctx_.Emit(DiagKind::kCplUnknownTee, ast.Locate(tee_name.span), "unknown TEE kind `" + tee_name.text + "`",
                DidYouMean(tee_name.text, TeeSpellings(), "TEE kinds are " + TeeList()));
      return;
    }
    auto [it, inserted] = seen_.emplace(*tee, ast.Locate(tee_name.span));
    if (!inserted) {
      ctx_.Emit(DiagKind::kCplDuplicateAttestation, ast.Locate(tee_name.span),
                "second attestation block for " + TeeSpelling(*tee) + "; the first is at " + it->second.ToString(),
                "merge the two blocks: a claim's statements are tried in order within one block");
      return;
    }
    ir::Appraisal appraisal;
    appraisal.tee = *tee;
    appraisal.location = ref.where();
    std::vector<ir::TrustClaim> mentioned;
    std::map<ir::TrustClaim, Fallback> fallbacks;
    for (const ClaimStmt& stmt : ref.decl->claims) {
      std::optional<ir::TrustClaim> claim = Claim(ast, stmt.claim);
      std::optional<int> value = ClaimValue(*ref.scope, stmt.value);
      if (!claim) continue;
      if (!fallbacks.count(*claim)) {
        mentioned.push_back(*claim);
        fallbacks[*claim].location = appraisal.location;
      }
      if (!value) continue;
      if (stmt.is_default) {
        Default(ast, stmt, fallbacks[*claim], *value);
      } else {
        Statement(*ref.scope, stmt, *claim, *value, *tee, appraisal);
      }
    }
    for (ir::TrustClaim claim : mentioned) {
      const Fallback& f = fallbacks[claim];
      appraisal.assignments.push_back(ir::TrustAssignment{claim, f.value, {}, f.location});
    }
    policy_.attestation.appraisals.push_back(std::move(appraisal));
  }

  std::optional<ir::TrustClaim> Claim(const Ast& ast, const Name& name) {
    if (auto claim = ir::TrustClaimFromName(name.text)) return claim;
    ctx_.Emit(DiagKind::kCplUnknownMember, ast.Locate(name.span), "`" + name.text + "` is not an AR4SI trust claim",
              DidYouMean(name.text, TrustClaimSpellings(),
                         "trust claims are instance_identity, configuration, executables, file_system, hardware, "
                         "runtime_opaque, storage_opaque, sourced_data"));
    return std::nullopt;
  }

  std::optional<int> ClaimValue(const FileScope& scope, const Expr& e) {
    return ReadTrustValue(ctx_, Evaluate(ctx_, scope, e), "a trust claim value");
  }

  void Default(const Ast& ast, const ClaimStmt& stmt, Fallback& f, int value) {
    if (f.stated) {
      ctx_.Emit(DiagKind::kCplConflictingSetting, ast.Locate(stmt.span),
                "second `default " + stmt.claim.text + "`; the first is at " + f.location.ToString(),
                "keep one default per claim");
      return;
    }
    f = Fallback{value, ast.Locate(stmt.span), true};
  }

  void Statement(const FileScope& scope, const ClaimStmt& stmt, ir::TrustClaim claim, int value, ir::TeeKind tee,
                 ir::Appraisal& appraisal) {
    std::optional<Terms<ir::AppraisalCondition>> terms = Always<ir::AppraisalCondition>();
    if (stmt.when) terms = LowerAppraisalConditions(ctx_, scope, *stmt.when, tee);
    if (!terms) return;
    Location at = scope.ast->Locate(stmt.span);
    for (auto& term : *terms) {
      if (!AppraisalTermSatisfiable(ctx_, term)) continue;
      appraisal.assignments.push_back(ir::TrustAssignment{claim, value, std::move(term), at});
    }
  }

  Context& ctx_;
  ir::Policy& policy_;
  std::map<ir::TeeKind, Location> seen_;
};

}  // namespace

void LowerAttestations(Context& ctx, ir::Policy& policy) { AttestationLowering(ctx, policy).Run(); }

}  // namespace cocoplane::cpl::check
