// initdata: the TOML document that carries aa.toml, cdh.toml and the agent
// policy into a confidential guest, its digest, and the pod annotation that
// delivers it.
//
// Format and delivery: ../shared/reference/guest-components-and-kata.md §1
// (trustee kbs/docs/initdata.md; Kata kata-types initdata.rs; guest-components
// attestation-agent initdata.rs). Every consumer hashes the raw TOML bytes
// with no canonicalisation, so the layout below is part of the contract: a
// changed byte (even a trailing newline) is a different digest, a different
// HOST_DATA/MRCONFIGID and a different attestation result.
//
// Byte layout written by RenderInitdataToml (every line ends in LF):
//   version = "0.1.0"
//   algorithm = "<sha256|sha384|sha512>"
//   <empty line>
//   [data]
//   "<key>" = <value>            one entry per key, keys in byte order,
//   <empty line>                 entries separated by one empty line
//   "<key>" = <value>
// <value> is TomlMultilineString(text) (toml_text.h): '''<LF>text''' when the
// text allows, else an escaped """<LF>text""". With no entries the document
// is exactly the 47 bytes of Kata's default-initdata.toml (§1.5):
//   version = "0.1.0"\nalgorithm = "sha256"\n\n[data]\n
//
// Contract: pure functions, deterministic output. InvalidArgument on text
// that is not UTF-8, an empty key, or a key given twice. Thread-safe.
#ifndef COCOPLANE_GEN_WORKLOAD_INITDATA_H_
#define COCOPLANE_GEN_WORKLOAD_INITDATA_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "crypto/digest.h"

namespace cocoplane::gen::workload {

// The annotation the Kata shim reads initdata from (§1.4).
inline constexpr char kInitdataAnnotation[] = "io.katacontainers.config.hypervisor.cc_init_data";

// The [data] keys of the files the Kata agent reads.
inline constexpr char kInitdataAaKey[] = "aa.toml";
inline constexpr char kInitdataCdhKey[] = "cdh.toml";
inline constexpr char kInitdataPolicyKey[] = "policy.rego";

// One [data] value as RenderInitdataToml writes it (TomlMultilineString of
// text that CheckTomlText accepts). A compile renders a document per
// workload, and most of each is text that all or many workloads share
// (aa.toml, a cdh.toml, an agent policy); checking and quoting it once
// instead of once per workload saves a twentieth of a cold compile.
struct PreparedValue {
  std::string quoted;
};
// InvalidArgument, naming `key` as RenderInitdataToml would, when `text` is
// not UTF-8.
Result<PreparedValue> PrepareInitdataValue(std::string_view key, std::string_view text);

struct InitdataInput {
  crypto::HashAlgorithm algorithm = crypto::HashAlgorithm::kSha256;
  // The three keys the Kata agent reads (src/agent/src/initdata.rs). Absent
  // entries are left out of [data].
  std::optional<std::string> aa_toml{};      // RenderAaToml()
  std::optional<std::string> cdh_toml{};     // RenderCdhToml()
  std::optional<std::string> policy_rego{};  // the agent policy (package agent_policy)
  // Further files, key = file name, value = its text. The agent ignores them
  // but they are covered by the digest; they must not reuse the keys above.
  std::map<std::string, std::string> extra_files{};
  // Entries whose value was checked and quoted once by PrepareInitdataValue,
  // by key ("aa.toml", ...), rendered as they are: for text many documents
  // share. Same bytes as giving the text above; the keys must not repeat
  // those of the other entries. The values must outlive the call.
  std::map<std::string, const PreparedValue*> prepared{};
};

// The document bytes, laid out as described at the top of this file.
Result<std::string> RenderInitdataToml(const InitdataInput& input);

// base64std(gzip(toml)), padded, one line: the value of kInitdataAnnotation
// (`gzip | base64 -w0`, §0 gotcha 2). The gzip header is fixed (crypto::Gzip),
// so equal TOML gives an equal annotation for a given zlib build; only the
// TOML bytes are hashed.
std::string InitdataAnnotationValue(std::string_view toml);

// Everything derived from one initdata document.
struct InitdataArtifact {
  crypto::HashAlgorithm algorithm = crypto::HashAlgorithm::kSha256;
  std::string toml{};        // the exact bytes shipped and hashed
  std::string digest{};      // raw HASH(toml): 32, 48 or 64 bytes
  std::string digest_hex{};  // lower-case hex of `digest`
  std::string annotation{};  // InitdataAnnotationValue(toml)
};

// Renders, hashes and encodes in one step.
Result<InitdataArtifact> BuildInitdata(const InitdataInput& input);

// The same, for a document whose bytes already exist (e.g. a hand-written
// initdata.toml kept in the repository): hashes `toml` as is.
InitdataArtifact InitdataFromBytes(crypto::HashAlgorithm algorithm, std::string toml);

// InitdataFromBytes without the annotation (left empty): for a caller that
// may already hold the annotation of these exact bytes, found by digest
// (compile/parse_cache.h). Gzip is most of the cost of InitdataFromBytes.
InitdataArtifact HashInitdata(crypto::HashAlgorithm algorithm, std::string toml);

}  // namespace cocoplane::gen::workload

#endif  // COCOPLANE_GEN_WORKLOAD_INITDATA_H_
