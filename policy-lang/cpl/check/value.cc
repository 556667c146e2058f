// Values: an Expr evaluated in its file's scope, consts substituted
// (SPEC.md §4.2, §5.3). Consts are evaluated lazily and once; a const met
// again while it is being evaluated is a cycle (CP5026).
#include <utility>

#include "cpl/check/internal.h"

namespace cocoplane::cpl::check {
namespace {

// A chain of consts defined through consts deeper than this is refused, so
// evaluation depth stays bounded whatever the input.
constexpr int kMaxConstDepth = 64;

class Evaluator {
 public:
  explicit Evaluator(Context& ctx) : ctx_(ctx) {}

  Value Eval(const FileScope& scope, const Expr& e) {
    Value v;
    v.ast = scope.ast;
    v.span = e.span;
    if (const auto* p = std::get_if<PathExpr>(&e.node)) return Path(scope, *p, std::move(v));
    if (const auto* s = std::get_if<StringLit>(&e.node)) {
      v.kind = Value::Kind::kString;
      v.text = s->value;
    } else if (const auto* i = std::get_if<IntLit>(&e.node)) {
      v.kind = Value::Kind::kInt;
      v.number = i->value();
    } else if (const auto* b = std::get_if<BoolLit>(&e.node)) {
      v.kind = Value::Kind::kBool;
      v.number = b->value ? 1 : 0;
    } else if (const auto* r = std::get_if<RegexLit>(&e.node)) {
      v.kind = Value::Kind::kRegex;
      v.text = r->pattern;
    } else if (const auto* l = std::get_if<ListExpr>(&e.node)) {
      v.kind = Value::Kind::kList;
      for (const Expr& item : l->elements) v.items.push_back(Eval(scope, item));
    } else if (const auto* ref = std::get_if<ReferenceExpr>(&e.node)) {
      v.kind = Value::Kind::kReference;
      v.text = ref->name.text;
      v.span = ref->name.span;
    } else if (const auto* paren = std::get_if<ParenExpr>(&e.node)) {
      return Eval(scope, *paren->inner);
    } else {
      v.kind = Value::Kind::kCondition;
    }
    return v;
  }

  const Value& Const(ConstEntry& c, const Value& use) {
    if (c.state == ConstEntry::State::kDone) return c.value;
    if (c.state == ConstEntry::State::kVisiting || depth_ >= kMaxConstDepth) {
      bool cycle = c.state == ConstEntry::State::kVisiting;
      ctx_.Emit(DiagKind::kCplConstCycle, use.where(),
                cycle ? "const `" + c.decl->name.text + "` refers to itself through this use"
                      : "const `" + c.decl->name.text + "` is defined through more than " +
                            std::to_string(kMaxConstDepth) + " other consts",
                cycle ? "a const's value must not depend on the const itself" : "write the value out");
      return error_;
    }
    c.state = ConstEntry::State::kVisiting;
    ++depth_;
    Value value = Eval(ctx_.scopes[c.file], c.decl->value);
    --depth_;
    c.value = std::move(value);
    c.state = ConstEntry::State::kDone;
    return c.value;
  }

 private:
  Value Path(const FileScope& scope, const PathExpr& p, Value v) {
    const Name& head = p.segments.front();
    auto it = scope.visible.find(head.text);
    bool is_const = !head.quoted && it != scope.visible.end();
    if (is_const && p.segments.size() == 1) return Const(*it->second, v);
    if (is_const) {
      ctx_.Emit(DiagKind::kCplUnknownPath, scope.ast->Locate(p.segments[1].span),
                "const `" + head.text + "` has no fields",
                "a const stands for its value; paths start with tee, ear, trust, gpu, init_data, "
                "init_data_claims or a TEE kind");
      return error_;
    }
    v.kind = p.segments.size() == 1 ? Value::Kind::kName : Value::Kind::kPath;
    v.path_expr = &p;
    if (v.kind == Value::Kind::kName) v.text = head.text;
    return v;
  }

  Context& ctx_;
  int depth_ = 0;
  const Value error_;
};

}  // namespace

std::string_view KindNoun(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kError: return "an invalid value";
    case Value::Kind::kString: return "a string";
    case Value::Kind::kInt: return "an integer";
    case Value::Kind::kBool: return "true or false";
    case Value::Kind::kRegex: return "a regex";
    case Value::Kind::kName: return "a name";
    case Value::Kind::kPath: return "a claim path";
    case Value::Kind::kList: return "a list";
    case Value::Kind::kReference: return "a reference value";
    case Value::Kind::kCondition: return "a condition";
  }
  return "a value";
}

Value Evaluate(Context& ctx, const FileScope& scope, const Expr& e) { return Evaluator(ctx).Eval(scope, e); }

void EvaluateConsts(Context& ctx) {
  Evaluator evaluator(ctx);
  for (ConstEntry& c : ctx.consts) {
    Value use;
    use.ast = c.ast;
    use.span = c.decl->name.span;
    evaluator.Const(c, use);
  }
}

}  // namespace cocoplane::cpl::check
