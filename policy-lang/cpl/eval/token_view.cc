#include "cpl/eval/token_view.h"

#include <algorithm>

namespace cocoplane::cpl::eval {
namespace {

using nlohmann::json;

bool StringIn(const json* value, const std::vector<std::string>& set) {
  if (value == nullptr || !value->is_string()) return false;
  const auto& s = value->get_ref<const std::string&>();
  return std::find(set.begin(), set.end(), s) != set.end();
}

bool StatusIn(const json* value, const std::vector<ir::EarStatus>& set) {
  if (value == nullptr || !value->is_string()) return false;
  const auto& s = value->get_ref<const std::string&>();
  return std::any_of(set.begin(), set.end(), [&](ir::EarStatus st) { return ir::EarStatusName(st) == s; });
}

// Rego's `x in set` for kIn; for kNotIn the Rego binds x first
// (`v := x; not v in set`), so a missing x fails both ways.
template <typename InFn>
bool SetTest(const json* value, ir::SetOp op, InFn in) {
  if (value == nullptr) return false;
  return op == ir::SetOp::kIn ? in(value) : !in(value);
}

// Numbers compare numerically whatever their JSON representation.
bool NumberCompare(const json* value, ir::CompareOp op, int64_t threshold) {
  if (value == nullptr || !value->is_number()) return false;
  if (value->is_number_float()) {
    double lhs = value->get<double>();
    double rhs = static_cast<double>(threshold);
    switch (op) {
      case ir::CompareOp::kEq: return lhs == rhs;
      case ir::CompareOp::kNe: return lhs != rhs;
      case ir::CompareOp::kLt: return lhs < rhs;
      case ir::CompareOp::kLe: return lhs <= rhs;
      case ir::CompareOp::kGt: return lhs > rhs;
      case ir::CompareOp::kGe: return lhs >= rhs;
    }
    return false;
  }
  if (value->is_number_unsigned() && value->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    // Larger than any threshold.
    return op == ir::CompareOp::kNe || op == ir::CompareOp::kGt || op == ir::CompareOp::kGe;
  }
  return ir::Compare(value->get<int64_t>(), op, threshold);
}

bool TeeIn(const ir::TeeIn& c, const TokenView& token) {
  bool any = std::any_of(c.tees.begin(), c.tees.end(), [&](ir::TeeKind tee) {
    return Truthy(Member(token.evidence, ir::TeeEvidenceKey(tee)));
  });
  return c.op == ir::SetOp::kIn ? any : !any;
}

template <typename Fn>
void ForEachGpu(const TokenView& token, Fn fn) {
  if (token.submods == nullptr || !token.submods->is_object()) return;
  for (auto it = token.submods->begin(); it != token.submods->end(); ++it) {
    if (IsGpuSubmodName(it.key(), token.facts.gpu_submod_prefix)) fn(*it);
  }
}

bool GpuAttested(const TokenView& token) {
  bool any = false;
  ForEachGpu(token, [&](const json&) { any = true; });
  return any;
}

bool GpuStatus(const ir::GpuStatusIn& c, const TokenView& token) {
  size_t count = 0;
  bool all = true;
  ForEachGpu(token, [&](const json& submod) {
    ++count;
    const json* status = Member(&submod, token.facts.status_claim);
    if (!SetTest(status, c.op, [&](const json* v) { return StatusIn(v, c.statuses); })) all = false;
  });
  return count > 0 && all;
}

bool InitDataClaim(const ir::InitDataClaimIn& c, const TokenView& token) {
  const json* value = token.init_data_claims;
  for (const auto& segment : c.path) value = Member(value, segment);
  return SetTest(value, c.op, [&](const json* v) { return StringIn(v, c.values); });
}

// Rego equality of a JSON value and a literal: numbers numerically, other
// types exactly (a string never equals a number).
bool LiteralEquals(const json& value, const ir::Literal& literal) {
  switch (literal.kind) {
    case ir::Literal::Kind::kString:
      return value.is_string() && value.get_ref<const std::string&>() == literal.string_value;
    case ir::Literal::Kind::kInt:
      if (!value.is_number()) return false;
      if (value.is_number_float()) return value.get<double>() == static_cast<double>(literal.int_value);
      if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return false;
      return value.get<int64_t>() == literal.int_value;
    case ir::Literal::Kind::kBool: return value.is_boolean() && value.get<bool>() == literal.bool_value;
  }
  return false;
}

bool EvidenceTestHolds(const ir::EvidenceTest& t, const TokenView& token, const RegexTable& regexes) {
  const json* value = token.evidence;
  for (const auto& segment : t.path) value = Member(value, segment);
  if (t.op == ir::EvidenceTest::Op::kAbsent) return !Truthy(value);
  if (value == nullptr) return false;
  auto in = [&] {
    return std::any_of(t.values.begin(), t.values.end(), [&](const ir::Literal& l) { return LiteralEquals(*value, l); });
  };
  switch (t.op) {
    case ir::EvidenceTest::Op::kPresent: return Truthy(value);
    case ir::EvidenceTest::Op::kAbsent: return !Truthy(value);
    case ir::EvidenceTest::Op::kIn: return in();
    case ir::EvidenceTest::Op::kNotIn: return !in();
    case ir::EvidenceTest::Op::kCompare:
      return !t.values.empty() && NumberCompare(value, t.compare_op, t.values[0].int_value);
    case ir::EvidenceTest::Op::kMatches: {
      if (!value->is_string() || t.values.empty()) return false;
      auto re = regexes.find(t.values[0].string_value);
      if (re == regexes.end()) return false;
      return re->second.Search(value->get_ref<const std::string&>());
    }
  }
  return false;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

const json* Member(const json* object, std::string_view key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

bool Truthy(const json* value) { return value != nullptr && !(value->is_boolean() && !value->get<bool>()); }

TokenView::TokenView(const json& claims, const gen::trustee::TrusteeVersionFacts& f) : facts(f) {
  submods = Member(&claims, "submods");
  cpu = Member(submods, facts.cpu_submod);
  status = Member(cpu, facts.status_claim);
  trust_vector = Member(cpu, facts.trust_vector_claim);
  evidence = Member(cpu, facts.evidence_claim);
  init_data = Member(evidence, facts.init_data_key);
  init_data_claims = Member(evidence, facts.init_data_claims_key);
}

bool IsGpuSubmodName(std::string_view name, std::string_view prefix) { return name.starts_with(prefix); }

static bool PositiveHolds(const ir::Condition& c, const TokenView& token, const RegexTable& regexes) {
  switch (c.kind) {
    case ir::Condition::Kind::kTeeIn: return TeeIn(c.tee_in, token);
    case ir::Condition::Kind::kEarStatusIn:
      return SetTest(token.status, c.ear_status_in.op,
                     [&](const json* v) { return StatusIn(v, c.ear_status_in.statuses); });
    case ir::Condition::Kind::kTrustCompare: {
      const auto& t = c.trust_compare;
      return NumberCompare(Member(token.trust_vector, ir::TrustClaimTokenKey(t.claim)), t.op, t.threshold);
    }
    case ir::Condition::Kind::kGpuAttested: return GpuAttested(token);
    case ir::Condition::Kind::kGpuStatusIn: return GpuStatus(c.gpu_status_in, token);
    case ir::Condition::Kind::kInitDataClaimIn: return InitDataClaim(c.init_data_claim_in, token);
    case ir::Condition::Kind::kEvidenceTest: return EvidenceTestHolds(c.evidence_test, token, regexes);
  }
  return false;
}

bool TargetMatches(const TokenView& token, std::string_view tee_key, std::string_view binding, bool hex) {
  if (!Truthy(Member(token.evidence, tee_key))) return false;
  if (token.init_data == nullptr || !token.init_data->is_string()) return false;
  const auto& reported = token.init_data->get_ref<const std::string&>();
  if (reported.size() != binding.size()) return false;
  if (!hex) return reported == binding;
  for (size_t i = 0; i < reported.size(); ++i) {
    if (Lower(reported[i]) != binding[i]) return false;
  }
  return true;
}

bool ConditionHolds(const ir::Condition& c, const TokenView& token, const RegexTable& regexes) {
  return PositiveHolds(c, token, regexes) != c.negated;
}

}  // namespace cocoplane::cpl::eval
