// Internal to cpl/check: condition blocks -> disjunctive normal form.
//
// The IR has no `or` and no `not`: a release rule is a conjunction, and an
// attestation claim statement a conjunction too. So `when { ... }` is put
// into DNF, a list of alternatives ("terms"), each a conjunction of atoms;
// the caller turns each term into one IR rule (or one trust assignment).
//
// `not` is pushed down to the atoms (De Morgan), and each leaf lowering
// decides whether its atom has an exact negation. The structural part —
// `not`, `and`, `or`, `any {}`, `all {}`, parentheses, `true`, `false` — is
// the same for every kind of atom and lives here; the leaves (comparisons,
// bare paths) are the caller's `Leaf`:
//
//   std::optional<Terms<Atom>> leaf(const Expr& e, bool negated);
//
// returning nullopt after reporting a diagnostic.
//
// Expansion is capped: more than kMaxAlternatives terms is CP5036, reported
// once per block, so a hostile `any` product cannot take exponential time.
#ifndef COCOPLANE_CPL_CHECK_DNF_H_
#define COCOPLANE_CPL_CHECK_DNF_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cpl/check/check.h"
#include "cpl/check/internal.h"

namespace cocoplane::cpl::check {

// Alternatives of conjunctions. {} never holds; {{}} always holds.
template <typename Atom>
using Terms = std::vector<std::vector<Atom>>;

template <typename Atom>
Terms<Atom> Always() {
  return Terms<Atom>(1);
}

// One alternative holding one atom.
template <typename Atom>
Terms<Atom> One(Atom atom) {
  Terms<Atom> out(1);
  out[0].push_back(std::move(atom));
  return out;
}

template <typename Atom, typename Leaf>
class DnfBuilder {
 public:
  DnfBuilder(Context& ctx, const FileScope& scope, Leaf leaf) : ctx_(ctx), scope_(scope), leaf_(std::move(leaf)) {}

  // The conjunction of a `when { ... }` block's lines.
  std::optional<Terms<Atom>> Block(const ConditionBlock& block) { return Lines(block, /*conjunction=*/true, false); }

 private:
  std::optional<Terms<Atom>> Lower(const Expr& e, bool negated) {
    if (const auto* n = std::get_if<NotExpr>(&e.node)) return Lower(*n->operand, !negated);
    if (const auto* p = std::get_if<ParenExpr>(&e.node)) return Lower(*p->inner, negated);
    if (const auto* l = std::get_if<LogicalExpr>(&e.node)) {
      bool conjunction = (l->op == LogicalOp::kAnd) != negated;
      return Combine(l->operands, conjunction, negated, e.span);
    }
    if (const auto* g = std::get_if<GroupExpr>(&e.node)) {
      bool conjunction = (g->kind == GroupKind::kAll) != negated;
      return Lines(g->block, conjunction, negated);
    }
    if (const auto* b = std::get_if<BoolLit>(&e.node)) return Constant(b->value != negated, e);
    return leaf_(e, negated);
  }

  std::optional<Terms<Atom>> Lines(const ConditionBlock& block, bool conjunction, bool negated) {
    return Combine(block.conditions, conjunction, negated, block.span);
  }

  // The conjunction (or disjunction) of `parts`, each lowered with `negated`.
  std::optional<Terms<Atom>> Combine(const std::vector<Expr>& parts, bool conjunction, bool negated,
                                     Span where) {
    Terms<Atom> acc = conjunction ? Always<Atom>() : Terms<Atom>();
    bool ok = true;
    for (const Expr& part : parts) {
      std::optional<Terms<Atom>> next = Lower(part, negated);
      if (!next) {
        ok = false;
        continue;
      }
      if (!ok) continue;
      if (!(conjunction ? And(acc, std::move(*next)) : Or(acc, std::move(*next)))) {
        TooMany(where);
        return std::nullopt;
      }
    }
    if (!ok) return std::nullopt;
    return acc;
  }

  bool And(Terms<Atom>& acc, Terms<Atom>&& next) {
    if (acc.size() * next.size() > kMaxAlternatives) return false;
    // The common case, one alternative on each side, appends in place.
    if (acc.size() == 1 && next.size() == 1) {
      if (acc[0].empty()) {
        acc[0] = std::move(next[0]);
      } else {
        for (Atom& atom : next[0]) acc[0].push_back(std::move(atom));
      }
      return true;
    }
    Terms<Atom> out;
    out.reserve(acc.size() * next.size());
    for (const auto& a : acc) {
      for (const auto& b : next) {
        std::vector<Atom> term = a;
        term.insert(term.end(), b.begin(), b.end());
        out.push_back(std::move(term));
      }
    }
    acc = std::move(out);
    return true;
  }

  bool Or(Terms<Atom>& acc, Terms<Atom>&& next) {
    if (acc.size() + next.size() > kMaxAlternatives) return false;
    for (auto& term : next) acc.push_back(std::move(term));
    return true;
  }

  // `true` holds always. `false` never does: that is always a mistake, so
  // it is reported here (CP5040) and the alternative dropped.
  std::optional<Terms<Atom>> Constant(bool value, const Expr& e) {
    if (value) return Always<Atom>();
    ctx_.Emit(DiagKind::kCplContradiction, scope_.ast->Locate(e.span), "this condition never holds",
              "remove it, or the alternative it belongs to");
    return Terms<Atom>();
  }

  void TooMany(Span where) {
    if (reported_) return;
    reported_ = true;
    ctx_.Emit(DiagKind::kCplTooManyAlternatives, scope_.ast->Locate(where),
              "the alternatives (`or`, `any`, `not`) expand to more than " + std::to_string(kMaxAlternatives) +
                  " combinations",
              "split the declaration into several, or use `in [...]` lists instead of `or` chains");
  }

  Context& ctx_;
  const FileScope& scope_;
  Leaf leaf_;
  bool reported_ = false;
};

template <typename Atom, typename Leaf>
DnfBuilder<Atom, Leaf> MakeDnfBuilder(Context& ctx, const FileScope& scope, Leaf leaf) {
  return DnfBuilder<Atom, Leaf>(ctx, scope, std::move(leaf));
}

}  // namespace cocoplane::cpl::check

#endif  // COCOPLANE_CPL_CHECK_DNF_H_
