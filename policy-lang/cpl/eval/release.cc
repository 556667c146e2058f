#include "cpl/eval/release.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include <nlohmann/json.hpp>

#include "cpl/eval/token_view.h"
#include "cpl/ir/render.h"

namespace cocoplane::cpl::eval {
namespace {

using Bucket = CompiledReleasePolicy::Bucket;

bool SegmentMatches(const ir::PatternSegment& segment, std::string_view value) {
  switch (segment.kind) {
    case ir::PatternSegment::Kind::kLiteral: return value == segment.text;
    case ir::PatternSegment::Kind::kAny: return true;
    case ir::PatternSegment::Kind::kPrefix:
      return value.size() >= segment.text.size() && value.substr(0, segment.text.size()) == segment.text;
  }
  return false;
}

struct Path {
  std::string_view repo, type, tag;
};

// "repo/type/tag" with three non-empty segments, or false.
bool SplitPath(std::string_view path, Path* out) {
  size_t a = path.find('/');
  if (a == std::string_view::npos) return false;
  size_t b = path.find('/', a + 1);
  if (b == std::string_view::npos || path.find('/', b + 1) != std::string_view::npos) return false;
  *out = {path.substr(0, a), path.substr(a + 1, b - a - 1), path.substr(b + 1)};
  return !out->repo.empty() && !out->type.empty() && !out->tag.empty();
}

bool PatternMatches(const ir::ResourcePattern& p, const Path& path) {
  return SegmentMatches(p.repo, path.repo) && SegmentMatches(p.type, path.type) &&
         SegmentMatches(p.tag, path.tag);
}

const std::vector<uint32_t>* FindBucket(const std::vector<Bucket>& buckets, std::string_view repo,
                                        std::string_view type) {
  auto key = std::make_pair(repo, type);
  auto it = std::lower_bound(buckets.begin(), buckets.end(), key, [](const Bucket& b, const auto& k) {
    return std::make_pair(b.repo, b.type) < k;
  });
  if (it == buckets.end() || it->repo != repo || it->type != type) return nullptr;
  return &it->rules;
}

std::vector<Bucket> ToBuckets(std::map<std::pair<std::string_view, std::string_view>, std::vector<uint32_t>> m) {
  std::vector<Bucket> out;
  for (auto& [key, rules] : m) out.push_back({key.first, key.second, std::move(rules)});
  return out;
}

// Calls fn(rule index) for the union of up to three sorted index lists, in
// ascending order, without allocating.
template <typename Fn>
void ForEachCandidate(std::array<const std::vector<uint32_t>*, 3> lists, Fn fn) {
  std::array<size_t, 3> pos = {0, 0, 0};
  while (true) {
    uint32_t best = UINT32_MAX;
    for (size_t i = 0; i < 3; ++i) {
      if (lists[i] && pos[i] < lists[i]->size()) best = std::min(best, (*lists[i])[pos[i]]);
    }
    if (best == UINT32_MAX) return;
    for (size_t i = 0; i < 3; ++i) {
      if (lists[i] && pos[i] < lists[i]->size() && (*lists[i])[pos[i]] == best) ++pos[i];
    }
    fn(best);
  }
}

int EvaluateRule(const CompiledReleasePolicy& compiled, uint32_t index, const TokenView& token) {
  const ir::ReleaseRule& rule = compiled.policy().releases[index];
  const auto& targets = compiled.rule_targets()[index];
  if (!targets.empty()) {
    bool any = std::any_of(targets.begin(), targets.end(), [&](uint32_t t) {
      const auto& target = compiled.targets()[t];
      return TargetMatches(token, target.tee_key, target.binding, target.hex);
    });
    if (!any) return RuleOutcome::kNoTarget;
  }
  for (size_t i = 0; i < rule.conditions.size(); ++i) {
    if (!ConditionHolds(rule.conditions[i], token, compiled.regexes())) return static_cast<int>(i);
  }
  return RuleOutcome::kMatched;
}

}  // namespace

Result<CompiledReleasePolicy> CompiledReleasePolicy::Create(const ir::Policy& policy,
                                                            const gen::trustee::TrusteeVersionFacts& facts) {
  CompiledReleasePolicy out;
  out.policy_ = &policy;
  out.facts_ = &facts;
  for (const auto& w : policy.workloads) {
    bool hex = ir::TeeBindingEncoding(w.tee) == ir::BindingEncoding::kHex;
    std::string binding = w.init_data_binding;
    if (hex) std::transform(binding.begin(), binding.end(), binding.begin(), ::tolower);
    out.targets_.push_back({ir::TeeEvidenceKey(w.tee), std::move(binding), hex});
  }
  std::map<std::pair<std::string_view, std::string_view>, std::vector<uint32_t>> by_repo_type, by_repo;
  for (uint32_t i = 0; i < policy.releases.size(); ++i) {
    const auto& rule = policy.releases[i];
    std::vector<uint32_t> targets;
    for (const auto& name : rule.targets) {
      auto it = std::find_if(policy.workloads.begin(), policy.workloads.end(),
                             [&](const ir::Workload& w) { return w.name == name; });
      if (it == policy.workloads.end()) {
        return Status::InvalidArgument("rule '" + rule.id + "' targets unknown workload '" + name + "'");
      }
      targets.push_back(static_cast<uint32_t>(it - policy.workloads.begin()));
    }
    out.rule_targets_.push_back(std::move(targets));
    Status regexes = out.CompileRegexes(rule);
    if (!regexes.ok()) return regexes;
    const auto& p = rule.pattern;
    if (p.repo.kind != ir::PatternSegment::Kind::kLiteral) {
      out.any_repo_.push_back(i);
    } else if (p.type.kind == ir::PatternSegment::Kind::kLiteral) {
      by_repo_type[{p.repo.text, p.type.text}].push_back(i);
    } else {
      by_repo[{p.repo.text, std::string_view()}].push_back(i);
    }
  }
  out.by_repo_type_ = ToBuckets(std::move(by_repo_type));
  out.by_repo_ = ToBuckets(std::move(by_repo));
  return out;
}

Status CompiledReleasePolicy::CompileRegexes(const ir::ReleaseRule& rule) {
  for (const ir::Condition& c : rule.conditions) {
    const ir::EvidenceTest& t = c.evidence_test;
    if (c.kind != ir::Condition::Kind::kEvidenceTest || t.op != ir::EvidenceTest::Op::kMatches || t.values.empty()) {
      continue;
    }
    const std::string& pattern = t.values[0].string_value;
    if (regexes_.count(pattern) > 0) continue;
    // ir::PortableRegex has checked the pattern; this is the backstop for
    // an IR built by hand.
    Result<Regex> re = Regex::Compile(pattern);
    if (!re.ok()) {
      return Status::InvalidArgument("rule '" + rule.id + "': regex \"" + pattern +
                                     "\" does not compile: " + re.status().message());
    }
    regexes_.emplace(pattern, std::move(*re));
  }
  return Status::Ok();
}

ReleaseDecision EvaluateRelease(const CompiledReleasePolicy& compiled, std::string_view resource_path,
                                const nlohmann::json& ear_claims) {
  ReleaseDecision decision;
  Path path;
  if (!SplitPath(resource_path, &path)) {
    decision.outcome = ReleaseDecision::Outcome::kMalformedPath;
    return decision;
  }
  TokenView token(ear_claims, compiled.facts());
  bool any_allow = false;
  bool any_deny = false;
  ForEachCandidate({FindBucket(compiled.by_repo_type(), path.repo, path.type),
                    FindBucket(compiled.by_repo(), path.repo, std::string_view()), &compiled.any_repo()},
                   [&](uint32_t index) {
                     const ir::ReleaseRule& rule = compiled.policy().releases[index];
                     if (!PatternMatches(rule.pattern, path)) return;
                     int failed = EvaluateRule(compiled, index, token);
                     decision.trace.push_back({&rule, failed});
                     if (failed != RuleOutcome::kMatched) return;
                     (rule.kind == ir::ReleaseRule::Kind::kDeny ? any_deny : any_allow) = true;
                   });
  if (any_deny) {
    decision.outcome = ReleaseDecision::Outcome::kDenied;
  } else if (any_allow) {
    decision.outcome = ReleaseDecision::Outcome::kReleased;
    decision.released = true;
  }
  return decision;
}

Result<ReleaseDecision> EvaluateRelease(const ir::Policy& policy, const gen::trustee::TrusteeVersionFacts& facts,
                                        std::string_view resource_path, const nlohmann::json& ear_claims) {
  auto compiled = CompiledReleasePolicy::Create(policy, facts);
  if (!compiled.ok()) return compiled.status();
  return EvaluateRelease(*compiled, resource_path, ear_claims);
}

std::string RenderTrace(const ReleaseDecision& decision) {
  std::string out;
  const ir::ReleaseRule* deny = nullptr;
  const ir::ReleaseRule* allow = nullptr;
  for (const auto& entry : decision.trace) {
    const ir::ReleaseRule& rule = *entry.rule;
    out += std::string(ir::KindName(rule.kind)) + " " + rule.id + " (" + ir::ToString(rule.pattern) + ") at " +
           rule.location.ToString() + ": ";
    if (entry.matched()) {
      out += "matched";
      const ir::ReleaseRule*& first = rule.kind == ir::ReleaseRule::Kind::kDeny ? deny : allow;
      if (first == nullptr) first = &rule;
    } else if (entry.failed == RuleOutcome::kNoTarget) {
      out += "failed: evidence is not from a target workload";
    } else {
      out += "failed: " + ir::ToString(rule.conditions[static_cast<size_t>(entry.failed)]);
    }
    out += '\n';
  }
  switch (decision.outcome) {
    case ReleaseDecision::Outcome::kReleased: out += "released: release rule " + allow->id + " matched"; break;
    case ReleaseDecision::Outcome::kDenied: out += "refused: deny rule " + deny->id + " matched"; break;
    case ReleaseDecision::Outcome::kNoMatchingRule: out += "refused: no release rule matched (default deny)"; break;
    case ReleaseDecision::Outcome::kMalformedPath: out += "refused: resource path is not repo/type/tag"; break;
  }
  return out + "\n";
}

}  // namespace cocoplane::cpl::eval
