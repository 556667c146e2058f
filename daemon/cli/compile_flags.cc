#include "cli/compile_flags.h"

#include "base/render.h"
#include "crypto/digest.h"
#include "crypto/es256.h"
#include "fs/atomic_file.h"
#include "source/dir_source.h"
#include "source/git_source.h"

namespace cocoplane::cli {

void AddCompileFlags(CLI::App* cmd, CompileFlags* flags) {
  cmd->add_option("--sealing-key", flags->sealing_key_file,
                  "P-256 private key (PEM) that signs sealed secrets; keep it outside the repo");
  cmd->add_flag("--unsigned-sealed-secrets", flags->unsigned_sealed_secrets,
                "Emit unsigned sealed secrets (guest components older than v0.18)");
}

Result<compile::CompileOptions> LoadCompileOptions(const CompileFlags& flags, bool stand_in) {
  compile::CompileOptions options;
  options.unsigned_sealed_secrets = flags.unsigned_sealed_secrets;
  if (!flags.sealing_key_file.empty()) {
    Result<std::string> pem = fs::ReadFile(flags.sealing_key_file);
    if (!pem.ok()) return Status::Io("cannot read --sealing-key " + flags.sealing_key_file);
    options.sealing_key_pem = std::move(*pem);
  } else if (stand_in) {
    auto key = crypto::Es256PrivateKeyFromScalar(
        crypto::Digest(crypto::HashAlgorithm::kSha256, "cocoplane plan stand-in sealing key"));
    if (!key.ok()) return key.status();
    options.sealing_key_pem = crypto::Es256PrivateKeyToPem(*key);
  }
  return options;
}

Result<Snapshot> LoadSnapshot(const std::string& repo, const std::string& rev) {
  if (rev.empty()) return source::ReadDirectory(repo);
  return source::ReadCommit(repo, rev);
}

void PrintDiagnostics(CliIo& io, DiagnosticSink& sink, const Snapshot* snapshot,
                      const std::string& prefix) {
  sink.Sort();
  RenderOptions options;
  options.color = io.color;
  options.path_prefix = prefix;
  io.err << RenderText(sink.diagnostics(), snapshot, options);
}

std::optional<compile::Compilation> CompileOrReport(CliIo& io, const Snapshot& snapshot,
                                                    const compile::CompileOptions& options,
                                                    const std::string& prefix,
                                                    compile::ParseCache* cache) {
  DiagnosticSink sink;
  std::optional<compile::Compilation> out = compile::Compile(snapshot, options, sink, cache);
  if (!out || sink.has_errors() || sink.warning_count() > 0) {
    PrintDiagnostics(io, sink, &snapshot, prefix);
  }
  return out;
}

}  // namespace cocoplane::cli
