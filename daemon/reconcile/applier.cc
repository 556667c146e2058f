#include "reconcile/applier.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "crypto/digest.h"
#include "plan/plan.h"

namespace cocoplane::reconcile {
namespace {

using compile::Artifact;
using compile::ArtifactKind;

struct Desired {
  AppliedObject object;
  targets::Target* target;
  std::string bytes;
  int step;
};

targets::Target* FindTarget(const std::vector<targets::Target*>& all, const std::string& name) {
  for (auto* t : all) {
    if (t->name() == name) return t;
  }
  return nullptr;
}

// Steps 1 and 2: what every object should hold.
Result<std::vector<Desired>> Resolve(const compile::Bundle& bundle,
                                     const std::vector<targets::Target*>& all,
                                     ValueResolver& resolver,
                                     const std::map<std::string, std::string>& drift_by_owner,
                                     std::vector<std::string>* skipped) {
  std::vector<Desired> out;
  for (const Artifact& a : bundle.artifacts) {
    targets::Target* target = nullptr;
    std::string address;
    for (auto* t : all) {
      if (auto addr = t->Accepts(a.target)) {
        target = t;
        address = *addr;
        break;
      }
    }
    if (!target) {
      skipped->push_back(a.path);
      continue;
    }
    Desired d{{target->name(), address, "", a.path, a.sha256, false, ""}, target, a.bytes,
              plan::ApplyStep(a.kind, false)};
    if (auto mode = drift_by_owner.find(a.owner); mode != drift_by_owner.end()) {
      d.object.drift = mode->second;
    }
    if (a.kind == ArtifactKind::kKbsResourceRef) {
      Result<ResolvedValue> v = resolver.Resolve(a.bytes);
      if (!v.ok()) return v.status();
      d.bytes = std::move(v->bytes);
      d.object.secret = v->secret;
    }
    d.object.sha256 = crypto::Sha256Hex(d.bytes);
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(), [](const Desired& x, const Desired& y) {
    return std::tie(x.step, x.object.artifact) < std::tie(y.step, y.object.artifact);
  });
  return out;
}

// Objects the record owns that the bundle no longer has; resources last.
std::vector<AppliedObject> Removals(const Record& last, const std::vector<Desired>& desired) {
  std::map<std::pair<std::string, std::string>, AppliedObject> owned;
  for (const auto& o : last.current.objects) owned[{o.target, o.address}] = o;
  for (const auto& o : last.pending) owned[{o.target, o.address}] = o;
  for (const auto& d : desired) owned.erase({d.object.target, d.object.address});
  std::vector<AppliedObject> out;
  for (auto& [key, o] : owned) out.push_back(o);
  std::stable_partition(out.begin(), out.end(),
                        [](const AppliedObject& o) { return o.target != "kbs-storage" ||
                                                            o.address.rfind("repository/", 0) != 0; });
  return out;
}

// An object opted out of drift correction (AppliedObject::drift), or in a
// target that keeps live edits, keeps a hand-edited live value until Git
// changes it: it is written only when its desired digest differs from the
// one last applied. `current` is sorted by
// (target, address) (record.h).
bool KeepsLive(const AppliedObject& desired, const std::vector<AppliedObject>& current,
               const std::set<std::string>& keep_live_targets) {
  if (desired.drift.empty() && !keep_live_targets.count(desired.target)) return false;
  auto it = std::lower_bound(current.begin(), current.end(), desired,
                             [](const AppliedObject& x, const AppliedObject& y) {
                               return std::tie(x.target, x.address) < std::tie(y.target, y.address);
                             });
  return it != current.end() && it->target == desired.target && it->address == desired.address &&
         it->sha256 == desired.sha256;
}

}  // namespace

Result<ApplyResult> Apply(const compile::Bundle& desired_bundle, const Record& last,
                          const std::vector<targets::Target*>& all, ValueResolver& resolver,
                          const std::string& record_path, const std::string& now,
                          const ApplyOptions& options) {
  ApplyResult result;
  result.record = last;
  Result<std::vector<Desired>> desired =
      Resolve(desired_bundle, all, resolver, options.drift_by_owner, &result.skipped);
  if (!desired.ok()) return desired.status();
  std::vector<AppliedObject> removals = Removals(last, *desired);

  std::vector<Desired*> to_write;
  for (auto& d : *desired) {
    Result<std::string> live = d.target->Read(d.object.address);
    if (live.ok() && crypto::Sha256Hex(*live) == d.object.sha256) {
      ++result.unchanged;
    } else if (KeepsLive(d.object, last.current.objects, options.keep_live_targets)) {
      result.kept_drifted.push_back(d.object.target + " " + d.object.address);
    } else {
      to_write.push_back(&d);
    }
  }
  for (auto* d : to_write) result.written.push_back(d->object.target + " " + d->object.address);
  for (const auto& o : removals) result.removed.push_back(o.target + " " + o.address);
  if (options.dry_run) return result;

  Record& record = result.record;
  for (const auto& d : *desired) record.pending.push_back(d.object);
  if (Status s = SaveRecord(record_path, record); !s.ok()) return s;

  size_t written = 0;
  for (auto* d : to_write) {
    if (Status s = d->target->Put(d->object.address, d->bytes, d->object.secret); !s.ok()) {
      return s;
    }
    if (options.after_write) options.after_write(++written);
  }
  for (const auto& o : removals) {
    targets::Target* t = FindTarget(all, o.target);
    // A target no longer configured keeps its objects; the record forgets them.
    if (!t) continue;
    if (Status s = t->Remove(o.address); !s.ok()) return s;
  }
  RecordEntry entry{desired_bundle.revision, now, {}};
  for (const auto& d : *desired) entry.objects.push_back(d.object);
  std::sort(entry.objects.begin(), entry.objects.end(),
            [](const AppliedObject& x, const AppliedObject& y) {
              return std::tie(x.target, x.address) < std::tie(y.target, y.address);
            });
  record.Commit(std::move(entry));
  if (Status s = SaveRecord(record_path, record); !s.ok()) return s;
  return result;
}

}  // namespace cocoplane::reconcile
