#include "plan/release_changes.h"

#include <map>
#include <set>
#include <tuple>

namespace cocoplane::plan {
namespace {

// (resource, workload, deny): sorted so that a resource's changes sit together.
using Key = std::tuple<std::string, std::string, bool>;
// Key -> the conditions of every rule with that key.
using Facts = std::map<Key, std::set<std::string>>;

Facts Keyed(const std::vector<compile::ReleaseFact>& list) {
  Facts facts;
  for (const auto& f : list) {
    if (f.workloads.empty()) facts[{f.resource, "", f.deny}].insert(f.conditions);
    for (const auto& w : f.workloads) facts[{f.resource, w, f.deny}].insert(f.conditions);
  }
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
    case ReleaseChange::Type::kGained:
      return "gained";
    case ReleaseChange::Type::kLost:
      return "lost";
    case ReleaseChange::Type::kChanged:
      return "changed";
  }
  return "changed";
}

std::vector<ReleaseChange> DiffReleaseFacts(const std::vector<compile::ReleaseFact>& base,
                                            const std::vector<compile::ReleaseFact>& head) {
  Facts before = Keyed(base), after = Keyed(head);
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
