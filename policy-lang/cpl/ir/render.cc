#include "cpl/ir/render.h"

#include <cctype>

#include "base/strings.h"

namespace cocoplane::cpl::ir {
namespace {

std::string SegmentToString(const PatternSegment& segment) {
  switch (segment.kind) {
    case PatternSegment::Kind::kLiteral: return segment.text;
    case PatternSegment::Kind::kAny: return "*";
    case PatternSegment::Kind::kPrefix: return segment.text + "*";
  }
  return "?";
}

// `x == a` / `x != a` for one value, `x in [a, b]` / `x not in [a, b]` for more.
template <typename T, typename NameFn>
std::string SetTest(std::string_view subject, SetOp op, const std::vector<T>& values, NameFn name) {
  std::string out(subject);
  if (values.size() == 1) {
    out += op == SetOp::kIn ? " == " : " != ";
    return out + std::string(name(values[0]));
  }
  out += op == SetOp::kIn ? " in [" : " not in [";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += name(values[i]);
  }
  return out + "]";
}

// A claim path as CPL writes it: identifiers bare, anything else quoted.
std::string PathToString(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& segment : path) {
    bool bare = !segment.empty();
    for (char c : segment) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) bare = false;
    }
    out += '.';
    out += bare ? segment : JsonQuote(segment);
  }
  return out;
}

std::string TeePath(TeeKind tee, const std::vector<std::string>& path) {
  return std::string(TeeName(tee)) + PathToString(path);
}

// `snp.policy_debug_allowed == false`: the evidence key as CPL spells the
// root (TEE kinds with hyphens are CPL names), the rest as claim paths.
std::string EvidenceTestToString(const EvidenceTest& t) {
  std::string subject;
  if (!t.path.empty()) {
    subject = t.path[0] + PathToString(std::vector<std::string>(t.path.begin() + 1, t.path.end()));
  }
  auto literal = [](const Literal& l) { return LiteralToRego(l); };
  switch (t.op) {
    case EvidenceTest::Op::kPresent: return subject;
    case EvidenceTest::Op::kAbsent: return "not " + subject;
    case EvidenceTest::Op::kIn: return SetTest(subject, SetOp::kIn, t.values, literal);
    case EvidenceTest::Op::kNotIn: return SetTest(subject, SetOp::kNotIn, t.values, literal);
    case EvidenceTest::Op::kCompare:
      return subject + " " + std::string(CompareOpSymbol(t.compare_op)) + " " +
             (t.values.empty() ? std::string("?") : LiteralToRego(t.values[0]));
    case EvidenceTest::Op::kMatches:
      return subject + " matches " + (t.values.empty() ? std::string("?") : LiteralToRego(t.values[0]));
  }
  return "?";
}

}  // namespace

std::string ToString(const ResourcePattern& pattern) {
  return SegmentToString(pattern.repo) + "/" + SegmentToString(pattern.type) + "/" +
         SegmentToString(pattern.tag);
}

std::string ToString(const Condition& condition) {
  if (condition.negated) {
    Condition positive = condition;
    positive.negated = false;
    return "not (" + ToString(positive) + ")";
  }
  switch (condition.kind) {
    case Condition::Kind::kTeeIn:
      return SetTest("tee", condition.tee_in.op, condition.tee_in.tees, TeeName);
    case Condition::Kind::kEarStatusIn:
      return SetTest("ear.status", condition.ear_status_in.op, condition.ear_status_in.statuses,
                     EarStatusName);
    case Condition::Kind::kTrustCompare: {
      const auto& c = condition.trust_compare;
      return "trust." + std::string(TrustClaimName(c.claim)) + " " +
             std::string(CompareOpSymbol(c.op)) + " " + std::to_string(c.threshold);
    }
    case Condition::Kind::kGpuAttested: return "gpu.attested";
    case Condition::Kind::kGpuStatusIn:
      return SetTest("gpu.status", condition.gpu_status_in.op, condition.gpu_status_in.statuses,
                     EarStatusName);
    case Condition::Kind::kInitDataClaimIn: {
      const auto& c = condition.init_data_claim_in;
      return SetTest("init_data_claims" + PathToString(c.path), c.op, c.values,
                     [](const std::string& v) { return JsonQuote(v); });
    }
    case Condition::Kind::kEvidenceTest: return EvidenceTestToString(condition.evidence_test);
  }
  return "?";
}

std::string ToString(const AppraisalCondition& condition, TeeKind tee) {
  switch (condition.kind) {
    case AppraisalCondition::Kind::kReferenceContains:
      return "reference " + JsonQuote(condition.reference_name) + " contains " +
             TeePath(tee, condition.claim_path);
    case AppraisalCondition::Kind::kClaimEquals:
      return TeePath(tee, condition.claim_path) + " == " +
             (condition.values.empty() ? std::string("?") : LiteralToRego(condition.values[0]));
    case AppraisalCondition::Kind::kDebugForbidden:
      return "not " + std::string(TeeName(tee)) + ".debug";
    case AppraisalCondition::Kind::kTcbStatusIn:
      return SetTest(std::string(TeeName(tee)) + ".tcb_status", SetOp::kIn, condition.values,
                     LiteralToRego);
  }
  return "?";
}

std::string_view KindName(ReleaseRule::Kind kind) {
  return kind == ReleaseRule::Kind::kAllow ? "release" : "deny";
}

}  // namespace cocoplane::cpl::ir
