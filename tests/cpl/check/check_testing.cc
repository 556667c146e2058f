#include "cpl/check/check_testing.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cpl/check/check.h"
#include "cpl/ir/render.h"

namespace cocoplane::cpl::testing {

namespace fs = std::filesystem;

fs::path CheckData() { return fs::path(COCOPLANE_SOURCE_DIR) / "tests/cpl/testdata/check"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

bool UpdateGolden() {
  const char* v = std::getenv("UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

void AddDirectory(const fs::path& dir, Snapshot& snapshot) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    if (name == "expect.txt" || name == "ir.txt" || name == ".nobase") continue;
    SnapshotFile file;
    file.bytes = ReadFile(entry.path());
    file.size = file.bytes.size();
    snapshot.files[fs::relative(entry.path(), dir).generic_string()] = std::move(file);
  }
}

Snapshot BaseWith(std::vector<std::pair<std::string, std::string>> files) {
  Snapshot snapshot;
  snapshot.origin = "inline";
  AddDirectory(CheckData() / "_base", snapshot);
  for (auto& [path, bytes] : files) {
    SnapshotFile file;
    file.size = bytes.size();
    file.bytes = std::move(bytes);
    snapshot.files[path] = std::move(file);
  }
  return snapshot;
}

Snapshot CaseSnapshot(const fs::path& dir) {
  Snapshot snapshot;
  snapshot.origin = dir.filename().string();
  if (!fs::exists(dir / ".nobase")) AddDirectory(CheckData() / "_base", snapshot);
  AddDirectory(dir, snapshot);
  return snapshot;
}

Compiled Compile(const Snapshot& snapshot) {
  Compiled out;
  out.model = model::Load(snapshot, out.sink);
  out.policy = CompileCpl(snapshot, out.model, out.sink);
  out.sink.Sort();
  return out;
}

std::vector<std::string> Brief(const DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const auto& d : sink.diagnostics()) {
    out.push_back(std::string(d.id()) + " " + d.location.file + ":" + std::to_string(d.location.line) + ":" +
                  std::to_string(d.location.column));
  }
  return out;
}

std::vector<std::string> CheckerBrief(const DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const std::string& line : Brief(sink)) {
    if (line.starts_with("CP5")) out.push_back(line);
  }
  return out;
}

void FillBindings(ir::Policy& policy) {
  for (ir::Workload& w : policy.workloads) {
    switch (ir::TeeBindingEncoding(w.tee)) {
      case ir::BindingEncoding::kHex: w.init_data_binding = std::string(ir::TeeBindingHexLength(w.tee), 'a'); break;
      case ir::BindingEncoding::kBase64: w.init_data_binding = "X7ui0ZC0xgDcSLgIAlWUYOyuSZ928HnprS69Tjx+tl8="; break;
      case ir::BindingEncoding::kUnsupported: w.init_data_binding.clear(); break;
    }
  }
}

namespace {

template <typename T, typename F>
std::string Join(const std::vector<T>& items, F show, std::string_view sep = ", ") {
  std::string out;
  for (const T& item : items) out += (out.empty() ? "" : std::string(sep)) + show(item);
  return out;
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

void DumpRule(const ir::ReleaseRule& r, std::ostream& out) {
  out << "rule " << r.id << " " << ir::KindName(r.kind) << " " << ir::ToString(r.pattern);
  if (!r.targets.empty()) out << " to [" << Join(r.targets, [](const std::string& s) { return s; }) << "]";
  if (!r.conditions.empty()) {
    out << " when " << Join(r.conditions, [](const ir::Condition& c) { return ir::ToString(c); }, "; ");
  }
  out << "\n";
}

void DumpProfile(const ir::AgentProfile& p, std::ostream& out) {
  auto perm = [](ir::Permission x) { return x == ir::Permission::kAllow ? "allow" : "deny"; };
  out << "profile " << p.name << " logs=" << perm(p.logs_access) << " stdin=" << perm(p.stdin_access)
      << " set_policy=" << perm(p.set_policy) << " diagnostics=" << perm(p.diagnostics)
      << " copy_file=" << perm(p.copy_file.permission) << "["
      << Join(p.copy_file.allow_prefixes, Quoted) << "]"
      << " deny_host_path=" << p.volumes.deny_host_path
      << " require_encrypted_empty_dir=" << p.volumes.require_encrypted_empty_dir << "\n";
  for (const auto& argv : p.exec.allow_argv) out << "  exec argv [" << Join(argv, Quoted) << "]\n";
  for (const auto& re : p.exec.allow_regexes) out << "  exec regex " << Quoted(re) << "\n";
  if (p.env.restricted) out << "  env [" << Join(p.env.allow_regexes, Quoted) << "]\n";
}

void DumpPool(const ir::PoolConstraints& p, std::ostream& out) {
  out << "pool " << p.name << " tee=" << ir::TeeName(p.tee) << " annotations=["
      << Join(p.allowed_annotations, [](const std::string& s) { return s; }) << "]";
  if (p.memory_max_mib) out << " memory_max=" << *p.memory_max_mib;
  if (p.vcpus_max) out << " vcpus_max=" << *p.vcpus_max;
  out << " debug=" << (p.debug_forbidden ? "forbid" : "allow");
  if (!p.kernel_params.empty()) out << " kernel_params=[" << Join(p.kernel_params, Quoted) << "]";
  out << "\n";
}

void DumpAppraisal(const ir::Appraisal& a, std::ostream& out) {
  out << "attestation " << ir::TeeName(a.tee) << "\n";
  for (const auto& s : a.assignments) {
    out << "  " << ir::TrustClaimName(s.claim) << " = " << s.value;
    if (!s.conditions.empty()) {
      out << " when "
          << Join(s.conditions, [&](const ir::AppraisalCondition& c) { return ir::ToString(c, a.tee); }, "; ");
    }
    out << "\n";
  }
}

}  // namespace

std::string DumpPolicy(const ir::Policy& policy) {
  std::ostringstream out;
  for (const auto& r : policy.releases) DumpRule(r, out);
  for (const auto& w : policy.workloads) {
    out << "workload " << w.name << " tee=" << ir::TeeName(w.tee) << " profile=" << w.agent_profile << "\n";
  }
  out << "reference_values [" << Join(policy.reference_values, [](const std::string& s) { return s; }) << "]\n";
  for (const auto& a : policy.attestation.appraisals) DumpAppraisal(a, out);
  for (const auto& p : policy.agent_profiles) DumpProfile(p, out);
  for (const auto& p : policy.pools) DumpPool(p, out);
  return out.str();
}

}  // namespace cocoplane::cpl::testing
