// Decoder for Workload documents.
#include "model/decode.h"

namespace cocoplane::model {
namespace {

std::string Item(std::string_view list, size_t index) {
  return AppendPointer(list, std::to_string(index));
}

void ReadSealedSecrets(const Fields& f, DecodeContext& context, Workload* w) {
  constexpr std::string_view kList = "/spec/sealedSecrets";
  for (size_t i = 0; i < f.Size(kList); ++i) {
    std::string item = Item(kList, i);
    SealedSecret s;
    s.name = f.Str(item + "/name");
    s.resource = f.Str(item + "/resource");
    std::optional<Positioned<std::string>> env = f.OptStr(item + "/env");
    std::optional<Positioned<std::string>> mount = f.OptStr(item + "/mountPath");
    if (env.has_value() == mount.has_value()) {
      context.sink.Emit(
          DiagKind::kExactlyOneOf, f.At(item),
          "sealed secret \"" + s.name.value + "\" must set exactly one of env or mountPath",
          "env delivers the unsealed value as an environment variable, mountPath as "
          "a file (guest-components-and-kata.md §6)");
    }
    if (env) {
      s.delivery = SealedSecret::Delivery::kEnv;
      s.target = std::move(*env);
    } else if (mount) {
      s.delivery = SealedSecret::Delivery::kFile;
      s.target = std::move(*mount);
    }
    w->sealed_secrets.push_back(std::move(s));
  }
}

void ReadEncryptedVolumes(const Fields& f, Workload* w) {
  constexpr std::string_view kList = "/spec/encryptedVolumes";
  for (size_t i = 0; i < f.Size(kList); ++i) {
    std::string item = Item(kList, i);
    EncryptedVolume v;
    v.name = f.Str(item + "/name");
    v.device_path = f.Str(item + "/devicePath");
    v.key = f.Str(item + "/key");
    v.filesystem = f.Str(item + "/filesystem", "ext4").value;
    v.mount_path = f.Str(item + "/mountPath").value;
    v.integrity = f.Bool(item + "/integrity", false);
    w->encrypted_volumes.push_back(std::move(v));
  }
}

}  // namespace

void DecodeWorkload(const Fields& f, DecodeContext& context) {
  Workload w;
  w.metadata = f.ReadMetadata();
  w.namespace_name = f.Str("/spec/namespace");
  w.match_labels = f.StrMap("/spec/podSelector/matchLabels");
  w.node_pool = f.Str("/spec/nodePool");
  w.memory_mib = f.OptInt("/spec/memoryMiB");
  w.image_policy = f.OptStr("/spec/imagePolicy");
  w.registry_credential = f.OptStr("/spec/registryCredential");
  w.secrets = f.StrList("/spec/secrets");
  ReadSealedSecrets(f, context, &w);
  ReadEncryptedVolumes(f, &w);
  w.tls_key = f.OptStr("/spec/tlsKey");
  w.tls_certificate = f.OptStr("/spec/tlsCertificate");
  for (auto& path : f.StrList("/spec/initdataFragments")) {
    w.initdata_fragments.push_back(RepoFile{std::move(path), ""});
  }
  w.agent_policy = f.OptStr("/spec/agentPolicy");
  w.annotations = f.StrList("/spec/annotations");
  w.containers = f.StrList("/spec/containers");
  context.model.workloads.push_back(std::move(w));
}

}  // namespace cocoplane::model
