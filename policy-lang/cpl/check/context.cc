// The checker context (diagnostics) and the typed readers: a Value of the
// expected type, or a diagnostic (SPEC.md §6.1).
#include "base/strings.h"
#include "cpl/check/internal.h"
#include "cpl/check/vocabulary.h"
#include "cpl/ir/verify.h"

namespace cocoplane::cpl::check {

Context::Context(const std::vector<Ast>& files_in, const model::Model& model, DiagnosticSink& sink)
    : files(files_in), index(model), sink_(sink) {}

void Context::Emit(DiagKind kind, const Location& at, std::string message, std::string hint) {
  sink_.Emit(kind, at, std::move(message), std::move(hint));
}

void Context::TypeError(const Value& v, std::string_view what, std::string_view expected, std::string hint) {
  if (v.kind == Value::Kind::kError) return;
  if (hint.empty()) hint = "write " + std::string(expected) + " here";
  Emit(DiagKind::kCplTypeMismatch, v.where(),
       std::string(what) + " must be " + std::string(expected) + ", not " + std::string(KindNoun(v.kind)),
       std::move(hint));
}

void Context::UnknownConst(const Value& v) {
  Emit(DiagKind::kCplUnknownName, v.where(), "unknown name `" + v.text + "`",
       "declare `const " + v.text + " = ...` in this file, or import the file that declares it");
}

std::optional<ir::TeeKind> ReadTee(Context& ctx, const Value& v) {
  if (v.kind == Value::Kind::kName) {
    if (auto tee = TeeFromCpl(v.text)) return tee;
    ctx.Emit(DiagKind::kCplUnknownTee, v.where(), "unknown TEE kind `" + v.text + "`",
             DidYouMean(v.text, TeeSpellings(), "TEE kinds are " + TeeList()));
    return std::nullopt;
  }
  std::string hint = v.kind == Value::Kind::kString ? "write the TEE kind as a bare name: snp, not \"snp\"" : "";
  ctx.TypeError(v, "a TEE kind", "a name such as snp or tdx", hint);
  return std::nullopt;
}

std::optional<ir::EarStatus> ReadStatus(Context& ctx, const Value& v) {
  if (v.kind == Value::Kind::kName) {
    if (auto status = ir::EarStatusFromName(v.text)) return status;
    ctx.Emit(DiagKind::kCplUnknownMember, v.where(), "`" + v.text + "` is not an EAR status",
             DidYouMean(v.text, EarStatusSpellings(), "EAR statuses are affirming, warning, contraindicated, none"));
    return std::nullopt;
  }
  std::string hint =
      v.kind == Value::Kind::kString ? "write the status as a bare name: affirming, not \"affirming\"" : "";
  ctx.TypeError(v, "an EAR status", "affirming, warning, contraindicated or none", hint);
  return std::nullopt;
}

std::optional<int64_t> ReadInt(Context& ctx, const Value& v, std::string_view what) {
  if (v.kind == Value::Kind::kInt) return v.number;
  // A bare name where a number belongs can only be a const.
  if (v.kind == Value::Kind::kName) {
    ctx.UnknownConst(v);
    return std::nullopt;
  }
  ctx.TypeError(v, what, "an integer");
  return std::nullopt;
}

std::optional<int> ReadTrustValue(Context& ctx, const Value& v, std::string_view what) {
  std::optional<int64_t> n = ReadInt(ctx, v, what);
  if (!n) return std::nullopt;
  if (*n < ir::kTrustValueMin || *n > ir::kTrustValueMax) {
    ctx.Emit(DiagKind::kCplValueOutOfRange, v.where(),
             "trust value " + std::to_string(*n) + " is outside the AR4SI range -127..127",
             "AR4SI tiers: affirming 0..31, warning 32..95, contraindicated 96..127 (trustee.md §3)");
    return std::nullopt;
  }
  return static_cast<int>(*n);
}

std::optional<std::string> ReadString(Context& ctx, const Value& v, std::string_view what) {
  if (v.kind == Value::Kind::kString) return v.text;
  ctx.TypeError(v, what, "a string", v.kind == Value::Kind::kName ? "quote it: \"" + v.text + "\"" : "");
  return std::nullopt;
}

bool CheckRegex(Context& ctx, const Value& v) {
  Status st = ir::PortableRegex(v.text);
  if (st.ok()) return true;
  ctx.Emit(DiagKind::kCplBadRegex, v.where(), st.message(),
           "regexes must compile as ECMAScript and avoid lookaround and backreferences, which the Rego "
           "engines (OPA's RE2, regorus) reject");
  return false;
}

}  // namespace cocoplane::cpl::check
