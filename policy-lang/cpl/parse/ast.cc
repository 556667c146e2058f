#include "cpl/parse/ast.h"

namespace cocoplane::cpl {
namespace {

struct SettingInfo {
  SettingKind kind;
  SettingBlock block;
  std::string_view spelling;
};

constexpr SettingInfo kSettings[] = {
#define CPL_SETTING(Block, Name, spelling) \
  {SettingKind::k##Name, SettingBlock::k##Block, spelling},
#include "cpl/parse/settings.def"
};

struct SettingForm {
  SettingKind kind;
  SettingVerb verb;
  bool takes_value;
};

constexpr SettingForm kForms[] = {
#define CPL_FORM(Name, Verb, takes_value) \
  {SettingKind::k##Name, SettingVerb::k##Verb, takes_value},
#include "cpl/parse/settings.def"
};

constexpr std::string_view kVerbSpellings[] = {"", "allow", "deny", "require", "forbid", "max"};

}  // namespace

std::string_view CompareOpSpelling(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "==";
    case CompareOp::kNe: return "!=";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
    case CompareOp::kIn: return "in";
    case CompareOp::kNotIn: return "not in";
    case CompareOp::kContains: return "contains";
    case CompareOp::kMatches: return "matches";
  }
  return "==";
}

std::string_view LogicalOpSpelling(LogicalOp op) {
  switch (op) {
    case LogicalOp::kAnd: return "and";
    case LogicalOp::kOr: return "or";
  }
  return "and";
}

std::string_view GroupKindSpelling(GroupKind kind) {
  switch (kind) {
    case GroupKind::kAny: return "any";
    case GroupKind::kAll: return "all";
  }
  return "any";
}

std::string_view SettingKindSpelling(SettingKind kind) {
  return kSettings[static_cast<size_t>(kind)].spelling;
}

SettingBlock SettingKindBlock(SettingKind kind) {
  return kSettings[static_cast<size_t>(kind)].block;
}

std::string_view SettingVerbSpelling(SettingVerb verb) {
  return kVerbSpellings[static_cast<size_t>(verb)];
}

std::optional<SettingKind> SettingKindFromText(SettingBlock block, std::string_view word) {
  for (const SettingInfo& s : kSettings) {
    if (s.block == block && s.spelling == word) return s.kind;
  }
  return std::nullopt;
}

std::optional<SettingVerb> SettingVerbFromText(std::string_view word) {
  for (size_t i = 1; i < std::size(kVerbSpellings); ++i) {
    if (kVerbSpellings[i] == word) return static_cast<SettingVerb>(i);
  }
  return std::nullopt;
}

bool SettingHasForm(SettingKind kind, SettingVerb verb, bool* takes_value) {
  for (const SettingForm& f : kForms) {
    if (f.kind == kind && f.verb == verb) {
      if (takes_value) *takes_value = f.takes_value;
      return true;
    }
  }
  return false;
}

std::vector<SettingVerb> SettingVerbs(SettingKind kind) {
  std::vector<SettingVerb> out;
  for (const SettingForm& f : kForms) {
    if (f.kind == kind) out.push_back(f.verb);
  }
  return out;
}

std::vector<std::string> SettingSpellings(SettingBlock block) {
  std::vector<std::string> out;
  for (const SettingInfo& s : kSettings) {
    if (s.block == block) out.emplace_back(s.spelling);
  }
  return out;
}

}  // namespace cocoplane::cpl
