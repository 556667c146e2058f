#include "drift/drift.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/strings.h"
#include "crypto/digest.h"

namespace cocoplane::drift {
namespace {

using reconcile::AppliedObject;
using reconcile::kDriftDetect;
using reconcile::kDriftIgnore;

targets::Target* FindTarget(const std::vector<targets::Target*>& all, const std::string& name) {
  for (auto* t : all) {
    if (t->name() == name) return t;
  }
  return nullptr;
}

void CheckRecorded(const reconcile::Record& record, const std::vector<targets::Target*>& all,
                   DriftReport* report) {
  std::map<std::string, std::vector<std::string>> by_target;
  for (const AppliedObject& o : record.current.objects) {
    targets::Target* t = FindTarget(all, o.target);
    if (!t) continue;
    by_target[o.target].push_back(o.address);
    if (o.drift == kDriftIgnore) continue;
    ++report->checked;
    bool detect_only = o.drift == kDriftDetect;
    Result<std::string> live = t->Read(o.address);
    if (!live.ok()) {
      if (live.status().code() == StatusCode::kNotFound) {
        report->items.push_back(
            {DriftKind::kMissing, o.target, o.address, o.artifact, o.sha256, "", detect_only});
      } else {
        report->errors.push_back(o.target + ": " + live.status().message());
      }
      continue;
    }
    std::string sha = crypto::Sha256Hex(*live);
    if (sha != o.sha256) {
      report->items.push_back(
          {DriftKind::kModified, o.target, o.address, o.artifact, o.sha256, sha, detect_only});
    }
  }
  for (auto& [name, managed] : by_target) {
    targets::Target* t = FindTarget(all, name);
    Result<std::vector<std::string>> present = t->List(managed);
    if (!present.ok()) {
      report->errors.push_back(name + ": " + present.status().message());
      continue;
    }
    std::set<std::string> owned(managed.begin(), managed.end());
    for (const auto& address : *present) {
      if (owned.count(address) || record.Owns(name, address)) continue;
      ++report->checked;
      Result<std::string> live = t->Read(address);
      report->items.push_back({DriftKind::kUnexpected, name, address, "", "",
                               live.ok() ? crypto::Sha256Hex(*live) : "", false});
    }
  }
}

void CheckPending(const reconcile::Record& record, const compile::Bundle& desired,
                  const std::vector<targets::Target*>& all, DriftReport* report) {
  std::map<std::string, const AppliedObject*> applied;
  for (const auto& o : record.current.objects) applied[o.artifact] = &o;
  for (const auto& a : desired.artifacts) {
    std::string target, address;
    for (auto* t : all) {
      if (auto addr = t->Accepts(a.target)) {
        target = t->name();
        address = *addr;
        break;
      }
    }
    if (target.empty()) continue;
    auto it = applied.find(a.path);
    if (it == applied.end() || it->second->artifact_sha256 != a.sha256) {
      report->items.push_back({DriftKind::kPending, target, address, a.path, a.sha256,
                               it == applied.end() ? "" : it->second->artifact_sha256, false});
    }
  }
}

}  // namespace

std::string_view DriftKindName(DriftKind kind) {
  switch (kind) {
    case DriftKind::kModified: return "modified";
    case DriftKind::kMissing: return "missing";
    case DriftKind::kUnexpected: return "unexpected";
    case DriftKind::kPending: return "pending";
  }
  return "modified";
}

DriftReport CheckDrift(const reconcile::Record& record, const compile::Bundle* desired,
                       const std::vector<targets::Target*>& all) {
  DriftReport report;
  CheckRecorded(record, all, &report);
  if (desired) CheckPending(record, *desired, all, &report);
  std::sort(report.items.begin(), report.items.end(), [](const DriftItem& a, const DriftItem& b) {
    return std::tie(a.target, a.address, a.kind) < std::tie(b.target, b.address, b.kind);
  });
  return report;
}

std::string RenderDriftText(const DriftReport& report) {
  std::string out;
  if (report.items.empty()) {
    out = "No drift: " + std::to_string(report.checked) + " objects match what was applied.\n";
  } else {
    out = std::to_string(report.items.size()) + " drift item" +
          (report.items.size() == 1 ? "" : "s") + " in " + std::to_string(report.checked) +
          " objects checked:\n";
    for (const auto& i : report.items) {
      out += "  " + std::string(DriftKindName(i.kind)) + "  " + i.target + "  " + i.address;
      if (!i.expected_sha256.empty() || !i.live_sha256.empty()) {
        out += "  (expected " + (i.expected_sha256.empty() ? "none" : i.expected_sha256.substr(0, 12)) +
               ", live " + (i.live_sha256.empty() ? "none" : i.live_sha256.substr(0, 12)) + ")";
      }
      if (i.detect_only) out += "  [detect only]";
      out += "\n";
    }
  }
  for (const auto& e : report.errors) out += "error: " + e + "\n";
  return out;
}

std::string RenderDriftJson(const DriftReport& report) {
  std::string out = "{\n  \"checked\": " + std::to_string(report.checked) + ",\n  \"items\": [";
  for (size_t k = 0; k < report.items.size(); ++k) {
    const auto& i = report.items[k];
    out += k ? ",\n" : "\n";
    out += "    {\"kind\": " + JsonQuote(DriftKindName(i.kind)) + ", \"target\": " +
           JsonQuote(i.target) + ", \"address\": " + JsonQuote(i.address) +
           ", \"artifact\": " + JsonQuote(i.artifact) + ", \"expected_sha256\": " +
           JsonQuote(i.expected_sha256) + ", \"live_sha256\": " + JsonQuote(i.live_sha256) +
           ", \"detect_only\": " + (i.detect_only ? "true" : "false") + "}";
  }
  out += report.items.empty() ? "],\n" : "\n  ],\n";
  out += "  \"errors\": [";
  for (size_t k = 0; k < report.errors.size(); ++k) out += (k ? ", " : "") + JsonQuote(report.errors[k]);
  return out + "]\n}\n";
}

std::string RenderDriftMarkdown(const DriftReport& report) {
  std::string out = "## cocoplane drift\n\n";
  if (report.items.empty()) {
    out += "No drift in " + std::to_string(report.checked) + " objects.\n";
  } else {
    out += "| Kind | Target | Object | Expected | Live |\n|---|---|---|---|---|\n";
    for (const auto& i : report.items) {
      out += "| " + std::string(DriftKindName(i.kind)) + " | " + i.target + " | `" + i.address +
             "` | `" + i.expected_sha256.substr(0, 12) + "` | `" + i.live_sha256.substr(0, 12) +
             "` |\n";
    }
  }
  for (const auto& e : report.errors) out += "\n> error: " + e + "\n";
  return out;
}

}  // namespace cocoplane::drift
