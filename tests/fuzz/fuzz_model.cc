#include "fuzz/fuzz_model.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "cpl/parse/parser.h"

namespace cocoplane::fuzz {
namespace {

// Names the dictionary (cpl.dict) also knows, so mutations hit them.
constexpr char kModel[] = R"(apiVersion: cocoplane.io/v1alpha1
kind: Cluster
metadata:
  name: shop
spec:
  trusteeVersion: 0.21.0
  trusteeProfile: restricted
  kbs:
    url: https://kbs.example:8080
  defaultTee: snp
  initdataAlgorithm: sha256
---
apiVersion: cocoplane.io/v1alpha1
kind: TrusteeProfile
metadata:
  name: restricted
spec:
  type: Restricted
  tlsSecretName: kbs-tls
  tokenVerificationSecretName: kbs-token
  resourceBackend:
    type: kvstorage
---
apiVersion: cocoplane.io/v1alpha1
kind: NodePool
metadata:
  name: snp-pool
spec:
  tee: snp
  nodeSelector: {snp: "true"}
  kata:
    defaultMemoryMiB: 2048
    maxMemoryMiB: 65536
    enableAnnotations: [cc_init_data, default_memory]
---
apiVersion: cocoplane.io/v1alpha1
kind: NodePool
metadata:
  name: tdx-gpu
spec:
  tee: tdx
  confidentialGpu: true
  nodeSelector: {tdx: "true"}
---
apiVersion: cocoplane.io/v1alpha1
kind: NodePool
metadata:
  name: azure
spec:
  tee: az-snp-vtpm
  nodeSelector: {azure: "true"}
---
apiVersion: cocoplane.io/v1alpha1
kind: Workload
metadata:
  name: payments
spec:
  namespace: shop
  podSelector: {matchLabels: {app: payments}}
  nodePool: snp-pool
  secrets: [payments-key]
  agentPolicy: strict
---
apiVersion: cocoplane.io/v1alpha1
kind: Workload
metadata:
  name: inference
spec:
  namespace: ai
  podSelector: {matchLabels: {app: inference}}
  nodePool: tdx-gpu
  secrets: [model-key]
---
apiVersion: cocoplane.io/v1alpha1
kind: Workload
metadata:
  name: web
spec:
  namespace: web
  podSelector: {matchLabels: {app: web}}
  nodePool: azure
---
apiVersion: cocoplane.io/v1alpha1
kind: KbsResource
metadata:
  name: payments-key
spec:
  path: default/payments/key
  source: {env: PAYMENTS_KEY}
---
apiVersion: cocoplane.io/v1alpha1
kind: KbsResource
metadata:
  name: model-key
spec:
  path: default/models/llama
  source: {env: MODEL_KEY}
---
apiVersion: cocoplane.io/v1alpha1
kind: ReferenceValues
metadata:
  name: measurements
spec:
  values:
    snp_launch_measurement: ["f8eab4f8582a454242a3a7ffdb2e47c75a17a28e1c7112daf28a0d6330acb3f14935a8219a85a3ba152939cc86fdb432"]
    snp_bootloader: [3]
    mr_td: ["705ee9381b8633a9fbe532b52345e8433343d2868959f57889d84ca377c395b689cac1599ccea1b7d420483a9ce5f031"]
)";

constexpr char kCommonPath[] = "policies/common.cpl";
constexpr char kCommon[] = R"(const cpu_tees = [snp, tdx]
const shells = ["/bin/sh", "/bin/bash"]
const payments_keys = ["default/payments/*"]
const healthcheck = regex "^/usr/bin/curl -fsS http://127\\.0\\.0\\.1:8080/healthz$"

agent profile strict {
  exec allow ["/usr/bin/healthcheck"]
}
)";

[[noreturn]] void Broken(const DiagnosticSink& sink) {
  for (const Diagnostic& d : sink.diagnostics()) {
    std::fprintf(stderr, "%s %s %s\n", std::string(d.id()).c_str(), d.location.ToString().c_str(),
                 d.message.c_str());
  }
  std::fprintf(stderr, "fuzz_model: the fixture is invalid\n");
  std::abort();
}

model::Model LoadModel() {
  Snapshot snapshot;
  snapshot.origin = "fuzz";
  SnapshotFile file;
  file.bytes = kModel;
  file.size = file.bytes.size();
  snapshot.files["model.yaml"] = std::move(file);
  DiagnosticSink sink;
  model::Model model = model::Load(snapshot, sink);
  if (sink.has_errors()) Broken(sink);
  return model;
}

}  // namespace

const model::Model& Model() {
  static const model::Model* model = new model::Model(LoadModel());
  return *model;
}

cpl::Ast ParseCommon() {
  DiagnosticSink sink;
  cpl::Ast ast = cpl::ParseFile(kCommonPath, kCommon, sink);
  if (!sink.empty()) Broken(sink);
  return ast;
}

void FillBindings(cpl::ir::Policy& policy) {
  for (cpl::ir::Workload& w : policy.workloads) {
    switch (cpl::ir::TeeBindingEncoding(w.tee)) {
      case cpl::ir::BindingEncoding::kHex: w.init_data_binding.assign(cpl::ir::TeeBindingHexLength(w.tee), '0'); break;
      case cpl::ir::BindingEncoding::kBase64: w.init_data_binding = "AAAA"; break;
      case cpl::ir::BindingEncoding::kUnsupported: w.init_data_binding.clear(); break;
    }
  }
}

}  // namespace cocoplane::fuzz
