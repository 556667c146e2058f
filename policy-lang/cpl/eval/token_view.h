// Internal to cpl/eval: the parts of an EAR token a release decision reads,
// located once per query, and the test of one condition against them.
//
// Semantics mirror the generated Rego (cpl/codegen/resource_policy.cc):
// a value that is missing or of the wrong type makes the test fail, as an
// undefined reference fails a Rego rule body. Borrowed pointers into the
// caller's JSON; valid while it is.
#ifndef COCOPLANE_CPL_EVAL_TOKEN_VIEW_H_
#define COCOPLANE_CPL_EVAL_TOKEN_VIEW_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/regex.h"
#include "cpl/ir/ir.h"
#include "gen/trustee/versions.h"

namespace cocoplane::cpl::eval {

// Member `key` of `object`, or nullptr when `object` is null, not an
// object, or has no such member. Does not allocate.
const nlohmann::json* Member(const nlohmann::json* object, std::string_view key);

// Rego truthiness of a reference used as a condition: defined and not false.
bool Truthy(const nlohmann::json* value);

struct TokenView {
  TokenView(const nlohmann::json& claims, const gen::trustee::TrusteeVersionFacts& facts);

  const gen::trustee::TrusteeVersionFacts& facts;
  const nlohmann::json* submods = nullptr;
  const nlohmann::json* cpu = nullptr;
  const nlohmann::json* status = nullptr;
  const nlohmann::json* trust_vector = nullptr;
  const nlohmann::json* evidence = nullptr;
  const nlohmann::json* init_data = nullptr;
  const nlohmann::json* init_data_claims = nullptr;
};

// True if the submod name is a GPU's: it starts with the facts' prefix
// ("gpu0", "gpu12"), as the Rego's startswith test says.
bool IsGpuSubmodName(std::string_view name, std::string_view prefix);

// The regexes of a policy's `matches` conditions, compiled once
// (CompiledReleasePolicy builds it): pattern -> Regex (RE2, the
// dialect Rego engines accept; ir::PortableRegex has checked each one).
using RegexTable = std::map<std::string, Regex, std::less<>>;

// `regexes` must hold every pattern of the condition's kMatches tests.
bool ConditionHolds(const ir::Condition& condition, const TokenView& token, const RegexTable& regexes);

// True if the evidence shows `tee_key` and an init_data equal to `binding`
// (case-insensitively when `hex`, in which case `binding` is lower case).
bool TargetMatches(const TokenView& token, std::string_view tee_key, std::string_view binding, bool hex);

}  // namespace cocoplane::cpl::eval

#endif  // COCOPLANE_CPL_EVAL_TOKEN_VIEW_H_
