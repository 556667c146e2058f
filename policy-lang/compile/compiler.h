// Compile: one Snapshot of desired state -> every artifact, byte for byte.
//
// The single entry point the CLI (`build`, `plan`, `test`), the daemon and
// the tests call. Pure: no disk, clock, network or environment; the only
// outside input, the sealed-secret signing key, is passed in by the caller
// (who reads it from outside the repository). Same snapshot and options,
// same bytes, on any machine.
//
// Phases, in order (each reports into the sink and keeps going):
//   1. model::Load        the YAML/JSON/TOML documents, schemas, cross-refs
//   2. cpl CompileCpl     the .cpl rules, checked against the model -> IR
//   3. workloads          agent policy -> initdata -> digest -> per-TEE
//                         binding (written back into the IR), annotation,
//                         pod patch, sealed secrets
//   4. trustee            resource policy (with the bindings), attestation
//                         policy, RVPS values, kbs-config, operator manifests
//   5. resources, images  KBS resource references, policy.json, public keys
//   6. node pools         Kata drop-in, RuntimeClass
//   7. build checks       the cross-document checks only a build can make
// Returns nullopt when any phase reported an error: a bundle is never built
// from input with errors.
#ifndef COCOPLANE_COMPILE_COMPILER_H_
#define COCOPLANE_COMPILE_COMPILER_H_

#include <optional>
#include <string>

#include "base/diagnostic.h"
#include "base/snapshot.h"
#include "compile/bundle.h"
#include "cpl/ir/ir.h"
#include "model/model.h"

namespace cocoplane::compile {

// Where the sealed-secret verification key (a public JWK) is published, and
// so the `kid` of every sealed secret: kbs:///default/signing-key/sealed-secret
// (the path Kata's CI uses, guest-components-and-kata.md §6).
inline constexpr char kSealingKeyResource[] = "default/signing-key/sealed-secret";
// Image policies are published as KBS resources default/security-policy/<name>.
inline constexpr char kImagePolicyRepoType[] = "default/security-policy";

struct CompileOptions {
  // P-256 private key (PEM) that signs sealed secrets. Empty: a workload with
  // sealed secrets is an error (CP6006) unless unsigned_sealed_secrets.
  std::string sealing_key_pem;
  // Compatibility with guest components <= v0.17: emit the unsigned
  // `sealed.fakejwsheader` form and set skip_sealed_secret_verification.
  bool unsigned_sealed_secrets = false;
  // Threads for the per-file and per-workload work (base/parallel.h; 0: one
  // per core). The output is the same bytes for any value.
  unsigned threads = 0;
};

struct Compilation {
  Bundle bundle;
  model::Model model;
  // The checked policy, with every workload's initdata binding filled in:
  // what `test` evaluates and `explain` traces.
  cpl::ir::Policy policy;
};

// `cache` (parse_cache.h), when given, lets this compile reuse the parsing
// of files an earlier compile with the same cache saw with the same blob id;
// the result is the same either way.
struct ParseCache;
std::optional<Compilation> Compile(const Snapshot& snapshot, const CompileOptions& options,
                                   DiagnosticSink& sink, ParseCache* cache = nullptr);

}  // namespace cocoplane::compile

#endif  // COCOPLANE_COMPILE_COMPILER_H_
