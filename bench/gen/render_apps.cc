// The apps: one KbsResource file per app (its resources as a multi-document
// YAML file, as examples/repo/resources/ does), one initdata fragment per
// app (as examples/repo/initdata/) and one file per Workload,
// grouped in a folder per app. Workload shapes follow
// examples/repo/workloads/: secrets, sealed secrets, TLS inside the TEE,
// registry credentials and LUKS2 volumes, each on a share of the workloads.
#include <string>

#include "bench/gen/render.h"

namespace cocoplane::bench {
namespace {

const char* KindName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kKey: return "key";
    case ResourceKind::kCertificate: return "certificate";
    case ResourceKind::kCredential: return "credential";
  }
  return "key";
}

std::string Resource(const ResourceSpec& r) {
  return "apiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\nmetadata:\n  name: " + r.name +
         "\nspec:\n  path: " + r.path + "\n  kind: " + KindName(r.kind) +
         "\n  source:\n    vault: secret/apps/" + r.path + "\n";
}

std::string ResourceFile(const Layout& layout, const AppSpec& app) {
  std::string out = "# KBS resources of " + app.name + "; values are read from Vault at apply time.\n";
  for (size_t i = 0; i < app.resources.size(); ++i) {
    if (i > 0) out += "---\n";
    out += Resource(layout.resources[app.resources[i]]);
  }
  return out;
}

// The app's measured settings: part of the initdata of each of its
// workloads, so that two apps' workloads never share an initdata digest
// (the KBS tells workloads apart only by that digest).
std::string AppSettingsPath(const AppSpec& app) { return "initdata/" + app.name + ".toml"; }

std::string AppSettings(const AppSpec& app) {
  return "# Settings of " + app.name + ", measured into its workloads' initdata.\n[app]\nname = \"" +
         app.name + "\"\nlisten = \"0.0.0.0:8443\"\n";
}

std::string NameOf(const Layout& layout, int resource) { return layout.resources[resource].name; }

std::string OptionalParts(const Layout& layout, const WorkloadSpec& w) {
  std::string out;
  if (w.registry_credential >= 0) {
    out += "  registryCredential: " + NameOf(layout, w.registry_credential) + "\n";
  }
  out += "  secrets:\n";
  for (int s : w.secrets) out += "    - " + NameOf(layout, s) + "\n";
  if (!w.sealed.empty()) {
    out += "  sealedSecrets:\n";
    for (const SealedSpec& s : w.sealed) {
      out += "    - name: " + w.name + "-sealed\n      resource: " + NameOf(layout, s.resource) +
             (s.as_env ? "\n      env: APP_SECRET\n" : "\n      mountPath: /etc/app-secret\n");
    }
  }
  if (w.tls_key >= 0) {
    out += "  tlsKey: " + NameOf(layout, w.tls_key) + "\n  tlsCertificate: " +
           NameOf(layout, w.tls_certificate) + "\n";
  }
  if (w.encrypted_volume_key >= 0) {
    out += "  encryptedVolumes:\n    - name: data\n      devicePath: /dev/data\n      key: " +
           NameOf(layout, w.encrypted_volume_key) +
           "\n      filesystem: ext4\n      mountPath: /var/lib/app\n      integrity: true\n";
  }
  return out;
}

}  // namespace

std::string WorkloadPath(const Layout& layout, int index) {
  const WorkloadSpec& w = layout.workloads[index];
  return "workloads/" + layout.apps[w.app].name + "/" + w.name + ".yaml";
}

std::string RenderWorkload(const Layout& layout, int index) {
  const WorkloadSpec& w = layout.workloads[index];
  const AppSpec& app = layout.apps[w.app];
  std::string out = "# Workload " + w.name + " of " + app.name + " (cocoplane-bench gen).\n"
                    "apiVersion: cocoplane.io/v1alpha1\nkind: Workload\nmetadata:\n  name: " +
                    w.name + "\n  description: Synthetic " + app.name + " service\nspec:\n"
                    "  namespace: " + app.name +
                    "\n  podSelector:\n    matchLabels:\n      app: " + w.name +
                    "\n      revision: \"" + std::to_string(w.revision) + "\"\n  nodePool: " +
                    layout.pools[w.pool].name + "\n  memoryMiB: " + std::to_string(w.memory_mib) +
                    "\n  containers:\n    - app\n";
  if (w.containers > 1) out += "    - sidecar\n";
  out += "  imagePolicy: images-" + std::to_string(w.image_policy) + "\n";
  out += OptionalParts(layout, w);
  out += "  initdataFragments:\n    - " + AppSettingsPath(app) + "\n";
  out += std::string("  agentPolicy: ") + kAgentProfiles[w.profile] + "\n";
  return out;
}

void RenderApps(const Layout& layout, RepoFiles& files) {
  for (const AppSpec& app : layout.apps) {
    files["resources/" + app.name + ".yaml"] = ResourceFile(layout, app);
    files[AppSettingsPath(app)] = AppSettings(app);
  }
  for (size_t i = 0; i < layout.workloads.size(); ++i) {
    int index = static_cast<int>(i);
    files[WorkloadPath(layout, index)] = RenderWorkload(layout, index);
  }
}

}  // namespace cocoplane::bench
