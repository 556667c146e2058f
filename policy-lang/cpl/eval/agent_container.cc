// Container-facing agent rules: ExecProcess, CopyFile, CreateContainer.
#include <algorithm>

#include "cpl/eval/agent_rules.h"
#include "cpl/eval/token_view.h"
#include "cpl/ir/agent_facts.h"

namespace cocoplane::cpl::eval::agent_rules {
namespace {

using nlohmann::json;

bool IsString(const json* v) { return v != nullptr && v->is_string(); }
std::string_view Str(const json* v) { return v->get_ref<const std::string&>(); }

bool ArgvEquals(const json* args, const std::vector<std::string>& argv) {
  if (args == nullptr || !args->is_array() || args->size() != argv.size()) return false;
  for (size_t i = 0; i < argv.size(); ++i) {
    if (!(*args)[i].is_string() || (*args)[i].get_ref<const std::string&>() != argv[i]) return false;
  }
  return true;
}

// concat(" ", Args), defined only for an array of strings.
bool CommandLine(const json* args, std::string* out) {
  if (args == nullptr || !args->is_array()) return false;
  for (size_t i = 0; i < args->size(); ++i) {
    const json& a = (*args)[i];
    if (!a.is_string()) return false;
    if (i > 0) *out += ' ';
    *out += a.get_ref<const std::string&>();
  }
  return true;
}

// The value at `key` of `object`, defaulting to `fallback` when missing, as
// Rego's object.get does; nullptr when `object` is not an object.
const json* GetOr(const json* object, std::string_view key, const json& fallback) {
  if (object == nullptr || !object->is_object()) return nullptr;
  const json* v = Member(object, key);
  return v ? v : &fallback;
}

bool Contains(const json* list, std::string_view item) {
  if (list == nullptr || !list->is_array()) return false;
  return std::any_of(list->begin(), list->end(),
                     [&](const json& e) { return e.is_string() && e.get_ref<const std::string&>() == item; });
}

bool IsHostPathMount(const json& mount) {
  const json* type = Member(&mount, "type_");
  const json* source = Member(&mount, "source");
  if (!IsString(type) || Str(type) != ir::kBindMountType || !IsString(source)) return false;
  std::string_view s = Str(source);
  return s.starts_with('/') && !s.starts_with(ir::kGuestRuntimeTreePrefix);
}

bool IsUnencryptedDiskEmptyDir(const json& storage) {
  const json* driver = Member(&storage, "driver");
  if (!IsString(driver)) return false;
  if (Str(driver) == ir::kLocalStorageDriver) return true;
  bool block = std::any_of(std::begin(ir::kBlockStorageDrivers), std::end(ir::kBlockStorageDrivers),
                           [&](std::string_view d) { return Str(driver) == d; });
  const json* options = Member(&storage, "driver_options");
  return block && Contains(options, ir::kCreateFilesystemOption) &&
         !Contains(options, ir::kEphemeralEncryptionOption);
}

bool CheckMounts(const json* oci, Trace& trace) {
  static const json kEmpty = json::array();
  const json* mounts = GetOr(oci, "Mounts", kEmpty);
  if (mounts == nullptr || !mounts->is_array()) {
    trace.push_back("OCI.Mounts is not a list");
    return false;
  }
  for (const auto& m : *mounts) {
    if (IsHostPathMount(m)) {
      trace.push_back("mount " + Show(&m) + " binds a host path (volumes deny host_path)");
      return false;
    }
  }
  return true;
}

bool CheckStorages(const json& request, Trace& trace) {
  static const json kEmpty = json::array();
  const json* storages = GetOr(&request, "storages", kEmpty);
  if (storages == nullptr || !storages->is_array()) {
    trace.push_back("storages is not a list");
    return false;
  }
  for (const auto& s : *storages) {
    if (IsUnencryptedDiskEmptyDir(s)) {
      trace.push_back("storage " + Show(&s) + " is a disk emptyDir without CDH encryption"
                      " (volumes require encrypted_empty_dir)");
      return false;
    }
  }
  return true;
}

bool CheckEnv(const CompiledAgentProfile& p, const json* oci, Trace& trace) {
  static const json kEmptyObject = json::object();
  static const json kEmptyList = json::array();
  const json* process = GetOr(oci, "Process", kEmptyObject);
  const json* env = GetOr(process, "Env", kEmptyList);
  if (env == nullptr || !env->is_array()) {
    trace.push_back("OCI.Process.Env is not a list");
    return false;
  }
  const auto& regexes = p.regexes().env;
  for (const auto& e : *env) {
    bool ok = std::any_of(regexes.begin(), regexes.end(), [&](const Regex& re) { return RegexMatch(re, &e); });
    if (!ok) {
      trace.push_back("env " + Show(&e) + " matches no env allow regex");
      return false;
    }
  }
  return true;
}

}  // namespace

bool RegexMatch(const Regex& re, const json* value) {
  if (!IsString(value)) return false;
  return re.Search(value->get_ref<const std::string&>());
}

std::string Show(const json* value) { return value == nullptr ? "undefined" : value->dump(); }

bool ExecProcess(const CompiledAgentProfile& p, const json& request, Trace& trace) {
  const json* args = Member(Member(&request, "process"), "Args");
  const auto& exec = p.profile().exec;
  for (const auto& argv : exec.allow_argv) {
    if (ArgvEquals(args, argv)) {
      trace.push_back("argv " + Show(args) + " is an allowed exec argv");
      return true;
    }
  }
  std::string line;
  if (CommandLine(args, &line)) {
    for (size_t i = 0; i < exec.allow_regexes.size(); ++i) {
      if (p.regexes().exec[i].Search(line)) {
        trace.push_back("command line \"" + line + "\" matches exec regex \"" + exec.allow_regexes[i] + "\"");
        return true;
      }
    }
  }
  trace.push_back("argv " + Show(args) + " matches no exec allow rule");
  return false;
}

bool CopyFile(const CompiledAgentProfile& p, const json& request, Trace& trace) {
  const auto& copy = p.profile().copy_file;
  if (copy.permission == ir::Permission::kDeny) {
    trace.push_back("copy_file denied by the profile");
    return false;
  }
  const json* path = Member(&request, "path");
  if (!IsString(path)) {
    trace.push_back("path " + Show(path) + " is not a string");
    return false;
  }
  if (RegexMatch(*p.regexes().traversal, path)) {
    trace.push_back("path " + Show(path) + " has a '..' component");
    return false;
  }
  if (RegexMatch(*p.regexes().shared_files, path)) {
    trace.push_back("path " + Show(path) + " is in the runtime's shared-files tree");
    return true;
  }
  for (const auto& prefix : copy.allow_prefixes) {
    if (Str(path).starts_with(prefix)) {
      trace.push_back("path " + Show(path) + " is under allowed prefix \"" + prefix + "\"");
      return true;
    }
  }
  trace.push_back("path " + Show(path) + " is under no allowed prefix");
  return false;
}

bool CreateContainer(const CompiledAgentProfile& p, const json& request, Trace& trace) {
  static const json kNull;
  const json* oci = Member(&request, "OCI");
  const json* hooks = GetOr(oci, "Hooks", kNull);
  if (hooks == nullptr || !hooks->is_null()) {
    trace.push_back(oci == nullptr ? "OCI spec missing" : "OCI hooks are not allowed");
    return false;
  }
  const auto& profile = p.profile();
  if (profile.volumes.deny_host_path && !CheckMounts(oci, trace)) return false;
  if (profile.volumes.require_encrypted_empty_dir && !CheckStorages(request, trace)) return false;
  if (profile.env.restricted && !CheckEnv(p, oci, trace)) return false;
  trace.push_back("container spec satisfies the profile");
  return true;
}

}  // namespace cocoplane::cpl::eval::agent_rules
