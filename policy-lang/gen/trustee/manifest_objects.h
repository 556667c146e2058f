// Internal to manifests.cc: builders for the plain Kubernetes objects
// (ConfigMap, Secret, metadata) and the name checks they need.
// Pure and thread-safe.
#ifndef COCOPLANE_GEN_TRUSTEE_MANIFEST_OBJECTS_H_
#define COCOPLANE_GEN_TRUSTEE_MANIFEST_OBJECTS_H_

#include <map>
#include <string>
#include <string_view>

#include "base/status.h"
#include "gen/trustee/manifests.h"
#include "gen/trustee/secret_source.h"
#include "gen/trustee/versions.h"
#include "gen/trustee/yaml_writer.h"

namespace cocoplane::gen::trustee::internal {

// A Secret whose values the applier supplies.
struct SecretSpec {
  std::string name;
  // "" = Opaque (not written).
  std::string type;
  std::map<std::string, SecretSource> keys;
};

// metadata: {name, namespace, labels {managed-by}, annotations (if any)}.
yaml::YamlNode Metadata(std::string_view name, std::string_view namespace_name,
                        const std::map<std::string, std::string>& annotations);

// A v1 ConfigMap with `data` (keys sorted).
yaml::YamlNode ConfigMap(std::string_view name, std::string_view namespace_name,
                         const std::map<std::string, std::string>& data,
                         const std::map<std::string, std::string>& annotations);

// A v1 Secret with empty stringData values and the value-from (and, for
// inline values, value-sha256) annotations described in manifests.h.
yaml::YamlNode Secret(const SecretSpec& spec, std::string_view namespace_name);

// kInvalidArgument unless `value` is a DNS-1123 label of at most `max` chars.
Status CheckDnsLabel(std::string_view what, std::string_view value, size_t max = 63);
// kInvalidArgument unless `value` is a DNS-1123 subdomain (Secret names).
Status CheckDnsSubdomain(std::string_view what, std::string_view value);
// kInvalidArgument unless `value` is one KBS resource path segment
// (^[a-zA-Z0-9_\-]+[a-zA-Z0-9_\-\.]*$, trustee ResourceDesc::try_from).
Status CheckKbsSegment(std::string_view what, std::string_view value);
// kInvalidArgument unless `value` is UTF-8 (ConfigMap data must be).
Status CheckUtf8(std::string_view what, std::string_view value);
// kInvalidArgument if `source.value_from` is empty or not UTF-8.
Status CheckSource(std::string_view what, const SecretSource& source);

// --- The KbsConfig kind (manifests_kbsconfig.cc) -----------------------------

// Checks the KbsConfig-only inputs: required texts and sources, UTF-8,
// resource Secret names and keys.
Status CheckKbsConfigInput(const TrusteeManifestsInput& input);

// Adds the ConfigMaps and Secrets a KbsConfig mounts (keyed by name) and
// fills `spec` with the fields naming them.
void AddKbsConfigObjects(const TrusteeManifestsInput& input, const TrusteeVersionFacts& facts,
                         std::string_view namespace_name,
                         std::map<std::string, yaml::YamlNode>* config_maps,
                         std::map<std::string, yaml::YamlNode>* secrets, yaml::YamlNode* spec);

}  // namespace cocoplane::gen::trustee::internal

#endif  // COCOPLANE_GEN_TRUSTEE_MANIFEST_OBJECTS_H_
