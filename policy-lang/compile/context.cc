#include "compile/context.h"

#include "gen/node/shims.h"

namespace cocoplane::compile {

void Context::Failed(const Status& status, const Location& where, const std::string& what) {
  sink.Emit(DiagKind::kArtifactGenerationFailed, where, what + ": " + status.message(),
            "fix the document this points at; the message says which value is wrong");
}

std::optional<cpl::ir::TeeKind> IrTee(model::TeeKind tee) {
  return cpl::ir::TeeFromName(model::TeeKindName(tee));
}

std::optional<gen::workload::Tee> GenTee(model::TeeKind tee) {
  return gen::workload::ParseTee(model::TeeKindName(tee));
}

crypto::HashAlgorithm CryptoAlgorithm(model::HashAlgorithm algorithm) {
  switch (algorithm) {
    case model::HashAlgorithm::kSha256: return crypto::HashAlgorithm::kSha256;
    case model::HashAlgorithm::kSha384: return crypto::HashAlgorithm::kSha384;
    case model::HashAlgorithm::kSha512: return crypto::HashAlgorithm::kSha512;
  }
  return crypto::HashAlgorithm::kSha256;
}

std::optional<gen::workload::KbsResourceUri> UriOf(const std::string& path) {
  size_t a = path.find('/');
  if (a == std::string::npos) return std::nullopt;
  size_t b = path.find('/', a + 1);
  if (b == std::string::npos || path.find('/', b + 1) != std::string::npos) return std::nullopt;
  gen::workload::KbsResourceUri uri{path.substr(0, a), path.substr(a + 1, b - a - 1),
                                    path.substr(b + 1)};
  if (!gen::workload::ValidateKbsResourceUri(uri).ok()) return std::nullopt;
  return uri;
}

std::string ResourcePath(const model::Model& model, const std::string& resource_name) {
  const model::KbsResource* r = model.FindKbsResource(resource_name);
  return r ? r->path.value : "";
}

std::string KbsTarget(const std::string& storage_key) { return "kbs:" + storage_key; }

std::string KbsResourceTarget(const std::string& path) {
  // LocalFs spells '/' inside a key as the four characters \x2F (trustee.md §5).
  std::string key;
  for (char c : path) key += c == '/' ? std::string("\\x2F") : std::string(1, c);
  return "kbs:repository/" + key;
}

std::string ShimOf(const model::NodePool& pool) {
  auto strip = [](const std::string& h) { return h.rfind("kata-", 0) == 0 ? h.substr(5) : h; };
  std::string shim = strip(pool.runtime_class_handler);
  if (gen::node::FindShim(shim) || !pool.tee) return shim;
  // A handler that is no kata-deploy shim (e.g. the article's legacy
  // "kata-cc" RuntimeClass name): configure the shim kata-deploy installs
  // for the pool's TEE.
  return strip(model::DefaultRuntimeClass(pool.tee->value, pool.confidential_gpu.value));
}

namespace {

bool SegmentMatches(const cpl::ir::PatternSegment& seg, std::string_view text) {
  switch (seg.kind) {
    case cpl::ir::PatternSegment::Kind::kLiteral: return text == seg.text;
    case cpl::ir::PatternSegment::Kind::kAny: return true;
    case cpl::ir::PatternSegment::Kind::kPrefix: return text.substr(0, seg.text.size()) == seg.text;
  }
  return false;
}

}  // namespace

bool PatternMatches(const cpl::ir::ResourcePattern& pattern, const std::string& path) {
  auto uri = UriOf(path);
  return uri && SegmentMatches(pattern.repo, uri->repository) &&
         SegmentMatches(pattern.type, uri->type) && SegmentMatches(pattern.tag, uri->tag);
}

}  // namespace cocoplane::compile
