// `release` and `deny` declarations -> ir::ReleaseRule (SPEC.md §4.4).
//
// One declaration becomes one IR rule per (resource pattern, DNF
// alternative) pair. Ids are `<file stem>_<n>` for the n-th rule of a file,
// with `_<k>` appended when the declaration expands to several IR rules;
// if two files share a stem, the whole path (sanitised) is used instead.
//
// Implicit conditions (SPEC.md §4.4): a release rule that neither targets
// workloads nor tests `tee ==` / `tee in` gets `tee != sample`, so the
// sample attester never receives a resource unless a rule names it. Deny
// rules get none: narrowing a deny can only release more.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "cpl/check/conditions.h"
#include "cpl/check/vocabulary.h"

namespace cocoplane::cpl::check {
namespace {

bool IsSegmentChar(char c, bool first) {
  bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alnum || c == '_' || c == '-' || (!first && c == '.');
}

// A pattern segment: "*", a literal, or a literal prefix followed by "*".
std::optional<ir::PatternSegment> ParseSegment(std::string_view s) {
  if (s == "*") return ir::PatternSegment{ir::PatternSegment::Kind::kAny, ""};
  auto kind = ir::PatternSegment::Kind::kLiteral;
  if (!s.empty() && s.back() == '*') {
    kind = ir::PatternSegment::Kind::kPrefix;
    s.remove_suffix(1);
  }
  if (s.empty()) return std::nullopt;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsSegmentChar(s[i], i == 0)) return std::nullopt;
  }
  return ir::PatternSegment{kind, std::string(s)};
}

std::optional<ir::ResourcePattern> ParsePattern(std::string_view text) {
  std::vector<ir::PatternSegment> segments;
  for (size_t begin = 0;;) {
    size_t end = text.find('/', begin);
    auto segment = ParseSegment(text.substr(begin, end == std::string_view::npos ? text.npos : end - begin));
    if (!segment || segments.size() == 3) return std::nullopt;
    segments.push_back(std::move(*segment));
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  if (segments.size() != 3) return std::nullopt;
  return ir::ResourcePattern{segments[0], segments[1], segments[2]};
}

std::string Sanitize(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) c = '_';
  }
  return out;
}

std::string StemOf(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name.ends_with(".cpl")) name.remove_suffix(4);
  return Sanitize(name);
}

struct Target {
  std::string name;
  ir::TeeKind tee;
  // Where the name is written (located only for a diagnostic).
  const Ast* ast;
  Span span;
};

class RuleLowering {
 public:
  RuleLowering(Context& ctx, ir::Policy& policy, std::vector<bool>& released)
      : ctx_(ctx), policy_(policy), released_(released) {}

  void Run() {
    released_.assign(ctx_.index.resources().size(), false);
    std::unordered_map<std::string, int> stems;
    for (const Ast& ast : ctx_.files) ++stems[StemOf(ast.path())];
    std::unordered_map<const Ast*, std::string> bases;
    for (const Ast& ast : ctx_.files) {
      std::string stem = StemOf(ast.path());
      std::string_view path = ast.path();
      if (path.ends_with(".cpl")) path.remove_suffix(4);
      bases[&ast] = stems[stem] > 1 ? Sanitize(path) : stem;
    }
    std::unordered_map<const Ast*, int> counts;
    for (const DeclRef<RuleDecl>& rule : ctx_.rules) {
      const Ast* ast = rule.scope->ast;
      Lower(rule, bases[ast] + "_" + std::to_string(++counts[ast]));
    }
  }

 private:
  void Lower(const DeclRef<RuleDecl>& ref, const std::string& id) {
    const RuleDecl& rule = *ref.decl;
    bool allow = rule.effect == RuleEffect::kRelease;
    std::optional<std::vector<ir::ResourcePattern>> patterns = Patterns(ref, allow);
    std::optional<std::vector<Target>> targets = Targets(ref);
    std::optional<Terms<ir::Condition>> terms = Always<ir::Condition>();
    if (rule.when) terms = LowerReleaseConditions(ctx_, *ref.scope, *rule.when);
    if (!patterns || !targets || !terms) return;
    if (patterns->size() * terms->size() > kMaxAlternatives) {
      ctx_.Emit(DiagKind::kCplTooManyAlternatives, ref.where(),
                "this rule expands to " + std::to_string(patterns->size() * terms->size()) +
                    " rules (patterns x alternatives), more than " + std::to_string(kMaxAlternatives),
                "split it into several declarations");
      return;
    }
    std::vector<ir::ReleaseRule> out;
    bool unbound_reported = false;
    for (auto& term : *terms) {
      uint32_t tees = 0;
      if (!ReleaseTermSatisfiable(ctx_, term, &tees)) continue;
      if (!TargetsAdmitted(*targets, tees, term)) continue;
      if (allow && targets->empty()) {
        if (!unbound_reported && !BindsWorkload(term)) unbound_reported = ReportUnbound(ref);
        AddImplicitConditions(term, ref);
      }
      for (size_t i = 0; i < patterns->size(); ++i) {
        bool last = i + 1 == patterns->size();
        out.push_back(Make(ref, allow, (*patterns)[i], *targets, last ? std::move(term) : term));
      }
    }
    for (size_t i = 0; i < out.size(); ++i) {
      out[i].id = out.size() == 1 ? id : id + "_" + std::to_string(i + 1);
      policy_.releases.push_back(std::move(out[i]));
    }
  }

  // The resource operand: a pattern string, a list of them, or a const.
  std::optional<std::vector<ir::ResourcePattern>> Patterns(const DeclRef<RuleDecl>& ref, bool allow) {
    Value v = Evaluate(ctx_, *ref.scope, ref.decl->resources);
    auto read = [&](const Value& item) -> std::optional<ir::ResourcePattern> {
      std::optional<std::string> text = ReadString(ctx_, item, "a resource pattern");
      if (!text) return std::nullopt;
      std::optional<ir::ResourcePattern> pattern = ParsePattern(*text);
      if (!pattern) {
        ctx_.Emit(DiagKind::kCplBadResourcePattern, item.where(), "resource pattern \"" + *text + "\" is malformed",
                  "write repo/type/tag; each segment is letters, digits, '_', '-', '.', or '*', or a prefix "
                  "followed by '*'");
        return std::nullopt;
      }
      Covered(*pattern, item, allow);
      return pattern;
    };
    if (v.kind == Value::Kind::kList) {
      return ReadList<ir::ResourcePattern>(ctx_, v, "a resource pattern list", read);
    }
    std::optional<ir::ResourcePattern> one = read(v);
    if (!one) return std::nullopt;
    return std::vector<ir::ResourcePattern>{std::move(*one)};
  }

  // CP5050 for a pattern that matches no KbsResource; marks what release
  // rules cover for CP5051.
  void Covered(const ir::ResourcePattern& pattern, const Value& where, bool allow) {
    std::vector<uint32_t> matches = ctx_.index.Matches(pattern);
    if (matches.empty()) {
      ctx_.Emit(DiagKind::kCplPatternMatchesNothing, where.where(),
                "resource pattern \"" + where.text + "\" matches no declared KbsResource",
                "declare the resource in a KbsResource document (spec.path), or fix the pattern");
    }
    if (!allow) return;
    for (uint32_t i : matches) released_[i] = true;
  }

  std::optional<std::vector<Target>> Targets(const DeclRef<RuleDecl>& ref) {
    std::vector<Target> out;
    if (!ref.decl->target) return out;
    const RuleTarget& target = *ref.decl->target;
    Value v = Evaluate(ctx_, *ref.scope, target.workloads);
    std::vector<Value> names;
    if (target.kind == TargetKind::kWorkload || v.kind != Value::Kind::kList) {
      if (v.kind == Value::Kind::kList) {
        ctx_.TypeError(v, "`to workload`", "one workload name", "use `to workloads` for a list");
        return std::nullopt;
      }
      if (target.kind == TargetKind::kWorkloads && v.kind == Value::Kind::kName) {
        // One workload's name, or a const that does not exist.
        if (ctx_.index.FindWorkload(v.text) == nullptr) {
          ctx_.UnknownConst(v);
        } else {
          ctx_.TypeError(v, "`to workloads`", "a list of workload names", "write `to workload " + v.text + "`");
        }
        return std::nullopt;
      }
      names.push_back(std::move(v));
    } else {
      names = std::move(v.items);
    }
    bool ok = true;
    std::unordered_set<std::string> seen;
    for (Value& name : names) {
      std::optional<Target> t = ResolveTarget(name);
      if (!t) {
        ok = false;
      } else if (!seen.insert(t->name).second) {
        ctx_.Emit(DiagKind::kCplDuplicateTarget, name.where(), "workload `" + t->name + "` is listed twice",
                  "remove the repetition");
      } else {
        out.push_back(std::move(*t));
      }
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<Target> ResolveTarget(const Value& v) {
    if (v.kind != Value::Kind::kName) {
      ctx_.TypeError(v, "a rule target", "a workload name");
      return std::nullopt;
    }
    const model::Workload* w = ctx_.index.FindWorkload(v.text);
    if (w == nullptr) {
      ctx_.Emit(DiagKind::kCplUnknownWorkload, v.where(), "unknown workload `" + v.text + "`",
                DidYouMean(v.text, ctx_.index.workload_names(),
                           "targets name Workload documents by metadata.name"));
      return std::nullopt;
    }
    // An unknown node pool is the model's error (CP3004).
    std::optional<ir::TeeKind> tee = ctx_.index.WorkloadTee(*w);
    if (!tee) return std::nullopt;
    if (ir::TeeBindingEncoding(*tee) == ir::BindingEncoding::kUnsupported) {
      ctx_.Emit(DiagKind::kCplTargetUnbindable, v.where(),
                "workload `" + v.text + "` runs on " + TeeSpelling(*tee) +
                    ", whose initdata binding cocoplane cannot compute, so no rule can be bound to it",
                "release to it by conditions other than the workload target, or move it to a pool whose TEE "
                "reports the binding (snp, tdx, az-snp-vtpm, ...)");
      return std::nullopt;
    }
    return Target{v.text, *tee, v.ast, v.span};
  }

  // CP5041: a target whose TEE the term's `tee` conditions exclude.
  bool TargetsAdmitted(const std::vector<Target>& targets, uint32_t tees, const std::vector<ir::Condition>& term) {
    bool ok = true;
    for (const Target& t : targets) {
      if ((tees & TeeBit(t.tee)) != 0) continue;
      ok = false;
      std::string cond;
      for (const auto& c : term) {
        if (c.kind == ir::Condition::Kind::kTeeIn) cond = " (" + c.location.ToString() + ")";
      }
      ctx_.Emit(DiagKind::kCplTargetExcluded, t.ast->Locate(t.span),
                "workload `" + t.name + "` runs on " + TeeSpelling(t.tee) +
                    ", which the rule's `tee` conditions exclude" + cond,
                "the rule can never release to it: add " + TeeSpelling(t.tee) + " to the TEE list, or drop the "
                "target");
    }
    return ok;
  }

  // A test that the evidence's initdata says something (init_data_claims
  // or init_data itself, not negated) ties the rule to the workloads whose
  // initdata says it.
  static bool BindsWorkload(const std::vector<ir::Condition>& term) {
    return std::any_of(term.begin(), term.end(), [](const ir::Condition& c) {
      if (c.negated) return false;
      if (c.kind == ir::Condition::Kind::kInitDataClaimIn) return true;
      if (c.kind != ir::Condition::Kind::kEvidenceTest || c.evidence_test.path.empty()) return false;
      const std::string& root = c.evidence_test.path[0];
      return (root == "init_data" || root == "init_data_claims") && c.evidence_test.op != ir::EvidenceTest::Op::kAbsent;
    });
  }

  // CP5052: under a Restricted profile every release must be bound to a
  // workload (a target, or at least a test of its initdata claims).
  bool ReportUnbound(const DeclRef<RuleDecl>& ref) {
    if (!ctx_.index.restricted()) return false;
    const model::Cluster& cluster = *ctx_.index.model().cluster;
    ctx_.Emit(DiagKind::kCplReleasedToAnyTee, ref.scope->ast->Locate(ref.decl->resources.span),
              "this rule releases to every attested TEE, but the Cluster's TrusteeProfile \"" +
                  cluster.trustee_profile.value + "\" is Restricted",
              "bind the rule to workloads with `to workload NAME` (their initdata digest), or test "
              "init_data_claims; or use a Permissive profile");
    return true;
  }

  void AddImplicitConditions(std::vector<ir::Condition>& term, const DeclRef<RuleDecl>& ref) {
    for (const ir::Condition& c : term) {
      if (c.kind == ir::Condition::Kind::kTeeIn && c.tee_in.op == ir::SetOp::kIn) return;
    }
    ir::Condition not_sample;
    not_sample.kind = ir::Condition::Kind::kTeeIn;
    not_sample.tee_in = {ir::SetOp::kNotIn, {ir::TeeKind::kSample}};
    not_sample.location = ref.where();
    term.push_back(std::move(not_sample));
  }

  ir::ReleaseRule Make(const DeclRef<RuleDecl>& ref, bool allow, const ir::ResourcePattern& pattern,
                       const std::vector<Target>& targets, std::vector<ir::Condition> term) {
    ir::ReleaseRule rule;
    rule.kind = allow ? ir::ReleaseRule::Kind::kAllow : ir::ReleaseRule::Kind::kDeny;
    rule.pattern = pattern;
    for (const Target& t : targets) rule.targets.push_back(t.name);
    rule.conditions = std::move(term);
    rule.location = ref.where();
    return rule;
  }

  Context& ctx_;
  ir::Policy& policy_;
  std::vector<bool>& released_;
};

}  // namespace

void LowerRules(Context& ctx, ir::Policy& policy, std::vector<bool>& released) {
  RuleLowering(ctx, policy, released).Run();
}

}  // namespace cocoplane::cpl::check
