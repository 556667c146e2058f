// What `build`, `plan`, `test` and `apply` share: reading the desired state
// (a directory, or a revision of a git repository), the sealed-secret signing
// key (always from outside the repository), and printing diagnostics.
#ifndef COCOPLANE_CLI_COMPILE_FLAGS_H_
#define COCOPLANE_CLI_COMPILE_FLAGS_H_

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "base/diagnostic.h"
#include "base/snapshot.h"
#include "base/status.h"
#include "cli/cli.h"
#include "compile/compiler.h"
#include "compile/parse_cache.h"

namespace cocoplane::cli {

struct CompileFlags {
  std::string sealing_key_file;
  bool unsigned_sealed_secrets = false;
};

// Declares --sealing-key and --unsigned-sealed-secrets on `cmd`.
void AddCompileFlags(CLI::App* cmd, CompileFlags* flags);

// Reads the signing key. With `stand_in` and no key file, uses a fixed
// stand-in key derived from a public label: sealed-secret signatures then
// differ from a real build, but everything a plan compares (initdata
// digests, policies) is byte-identical, so `plan` needs no secret in CI.
Result<compile::CompileOptions> LoadCompileOptions(const CompileFlags& flags, bool stand_in);

// A directory when `rev` is empty, else commit `rev` of the git repository
// at `repo` read from its object database (no checkout).
Result<Snapshot> LoadSnapshot(const std::string& repo, const std::string& rev);

// Renders the sink's diagnostics to io.err (text) with paths under `prefix`.
void PrintDiagnostics(CliIo& io, DiagnosticSink& sink, const Snapshot* snapshot,
                      const std::string& prefix);

// Compiles, printing diagnostics on failure; nullopt when it does not compile.
// `cache`, when given, carries parsed files from one compile to the next
// (compile/parse_cache.h), e.g. between the two sides of a plan.
std::optional<compile::Compilation> CompileOrReport(CliIo& io, const Snapshot& snapshot,
                                                    const compile::CompileOptions& options,
                                                    const std::string& prefix,
                                                    compile::ParseCache* cache = nullptr);

}  // namespace cocoplane::cli

#endif  // COCOPLANE_CLI_COMPILE_FLAGS_H_
