#include "plan/release_changes.h"

#include <map>
#include <set>
#include <string_view>
#include <tuple>

namespace cocoplane::plan {
namespace {

// (resource, workload, deny): sorted so that a resource's changes sit together.
using Key = std::tuple<std::string, std::string, bool>;
// Key -> the conditions of every rule with that key.
using Facts = std::map<Key, std::set<std::string>>;

constexpr std::string_view kWhen = " when ";
constexpr std::string_view kToOne = "to workload ";
constexpr std::string_view kToMany = "to workloads ";
constexpr std::string_view kToAny = "to any attested workload";

// Splits "a, b, c" into its names.
std::vector<std::string> Names(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    size_t comma = list.find(", ");
    out.emplace_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 2);
  }
  return out;
}

// Adds one fact line to `facts` (see the header for the shapes).
void AddFact(std::string_view line, Facts& facts) {
  std::string_view rest = line;
  bool deny = rest.starts_with("deny ");
  if (!deny && !rest.starts_with("allow ")) {
    facts[{std::string(line), "", false}].insert("");
    return;
  }
  rest.remove_prefix(deny ? 5 : 6);
  size_t space = rest.find(' ');
  std::string resource(rest.substr(0, space));
  rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  // Conditions start at the first " when "; names and patterns hold no spaces.
  std::string conditions;
  size_t when = rest.starts_with("when ") ? 0 : rest.find(kWhen);
  if (when != std::string_view::npos) {
    size_t skip = when == 0 && rest.starts_with("when ") ? 5 : kWhen.size();
    conditions = std::string(rest.substr(when + skip));
    rest = rest.substr(0, when);
  }
  std::vector<std::string> workloads;
  if (rest.starts_with(kToMany)) {
    workloads = Names(rest.substr(kToMany.size()));
  } else if (rest.starts_with(kToOne)) {
    workloads = {std::string(rest.substr(kToOne.size()))};
  } else if (rest.empty() || rest == kToAny) {
    workloads = {""};
  } else {
    facts[{std::string(line), "", false}].insert("");
    return;
  }
  for (auto& w : workloads) facts[{resource, std::move(w), deny}].insert(conditions);
}

Facts Parse(const std::vector<std::string>& lines) {
  Facts facts;
  for (const auto& line : lines) AddFact(line, facts);
  return facts;
}

ReleaseChange Make(ReleaseChange::Type type, const Key& key, const std::set<std::string>* before,
                   const std::set<std::string>* after) {
  ReleaseChange c;
  c.type = type;
  c.resource = std::get<0>(key);
  c.workload = std::get<1>(key);
  c.deny = std::get<2>(key);
  if (before) c.old_conditions.assign(before->begin(), before->end());
  if (after) c.new_conditions.assign(after->begin(), after->end());
  return c;
}

std::string When(const std::vector<std::string>& alternatives) {
  std::string out;
  for (size_t i = 0; i < alternatives.size(); ++i) {
    if (i) out += "; or ";
    out += alternatives[i].empty() ? "always" : "when " + alternatives[i];
  }
  return out;
}

bool Always(const std::vector<std::string>& alternatives) {
  return alternatives.size() == 1 && alternatives[0].empty();
}

}  // namespace

std::string_view ReleaseChangeTypeName(ReleaseChange::Type type) {
  switch (type) {
    case ReleaseChange::Type::kGained: return "gained";
    case ReleaseChange::Type::kLost: return "lost";
    case ReleaseChange::Type::kChanged: return "changed";
  }
  return "changed";
}

std::vector<ReleaseChange> DiffReleaseFacts(const std::vector<std::string>& base,
                                            const std::vector<std::string>& head) {
  Facts before = Parse(base), after = Parse(head);
  std::vector<ReleaseChange> out;
  auto b = before.begin(), h = after.begin();
  while (b != before.end() || h != after.end()) {
    if (h == after.end() || (b != before.end() && b->first < h->first)) {
      out.push_back(Make(ReleaseChange::Type::kLost, b->first, &b->second, nullptr));
      ++b;
    } else if (b == before.end() || h->first < b->first) {
      out.push_back(Make(ReleaseChange::Type::kGained, h->first, nullptr, &h->second));
      ++h;
    } else {
      if (b->second != h->second) {
        out.push_back(Make(ReleaseChange::Type::kChanged, b->first, &b->second, &h->second));
      }
      ++b;
      ++h;
    }
  }
  return out;
}

std::string DescribeReleaseChange(const ReleaseChange& c) {
  std::string subject = c.resource;
  if (!c.workload.empty()) subject += " to workload " + c.workload;
  if (c.deny) {
    std::string verb = c.type == ReleaseChange::Type::kGained ? "added"
                       : c.type == ReleaseChange::Type::kLost ? "removed"
                                                              : "changed";
    subject = "deny rule " + verb + ": " + subject;
  } else {
    subject = "release " + std::string(ReleaseChangeTypeName(c.type)) + ": " + subject;
  }
  switch (c.type) {
    case ReleaseChange::Type::kGained:
      return subject + (Always(c.new_conditions) ? "" : " " + When(c.new_conditions));
    case ReleaseChange::Type::kLost:
      return subject + (Always(c.old_conditions) ? "" : " (was " + When(c.old_conditions) + ")");
    case ReleaseChange::Type::kChanged:
      return subject + ": " + When(c.old_conditions) + " -> " + When(c.new_conditions);
  }
  return subject;
}

}  // namespace cocoplane::plan
