#include "gen/workload/binding.h"

#include "crypto/encoding.h"

namespace cocoplane::gen::workload {
namespace {

struct TeeFacts {
  Tee tee;
  std::string_view name;
  size_t size;
  // PCR 8 is extended with the digest itself and the vTPM attesters accept
  // only 32 bytes, so nothing but sha256 can bind.
  bool requires_sha256;
};

constexpr TeeFacts kTees[] = {
    {Tee::kSnp, "snp", 32, false},
    {Tee::kTdx, "tdx", 48, false},
    {Tee::kAzSnpVtpm, "az-snp-vtpm", 32, true},
    {Tee::kAzTdxVtpm, "az-tdx-vtpm", 32, true},
    {Tee::kTpm, "tpm", 32, true},
    {Tee::kSe, "se", 256, false},
    {Tee::kCca, "cca", 64, false},
};

const TeeFacts& FactsOf(Tee tee) {
  for (const auto& facts : kTees) {
    if (facts.tee == tee) return facts;
  }
  return kTees[0];
}

size_t DigestSize(crypto::HashAlgorithm algorithm) {
  switch (algorithm) {
    case crypto::HashAlgorithm::kSha256: return 32;
    case crypto::HashAlgorithm::kSha384: return 48;
    case crypto::HashAlgorithm::kSha512: return 64;
  }
  return 0;
}

}  // namespace

std::string_view TeeName(Tee tee) { return FactsOf(tee).name; }

std::optional<Tee> ParseTee(std::string_view name) {
  for (const auto& facts : kTees) {
    if (facts.name == name) return facts.tee;
  }
  return std::nullopt;
}

size_t BindingSize(Tee tee) { return FactsOf(tee).size; }

Result<TeeBinding> BindInitdataDigest(Tee tee, crypto::HashAlgorithm algorithm,
                                      std::string_view digest) {
  const TeeFacts& facts = FactsOf(tee);
  if (digest.size() != DigestSize(algorithm)) {
    return Status::InvalidArgument("initdata digest has " + std::to_string(digest.size()) +
                                   " bytes, " + std::string(crypto::HashAlgorithmName(algorithm)) +
                                   " gives " + std::to_string(DigestSize(algorithm)));
  }
  if (facts.requires_sha256 && algorithm != crypto::HashAlgorithm::kSha256) {
    return Status::InvalidArgument(std::string(facts.name) +
                                   " binds initdata through PCR 8, which needs a 32-byte digest: "
                                   "use algorithm sha256, not " +
                                   std::string(crypto::HashAlgorithmName(algorithm)));
  }
  TeeBinding binding;
  binding.tee = tee;
  binding.bytes = std::string(digest.substr(0, facts.size));
  binding.bytes.resize(facts.size, '\0');
  binding.hex = crypto::HexEncode(binding.bytes);
  binding.base64 = crypto::Base64Encode(binding.bytes, crypto::Base64Alphabet::kStandard, true);
  return binding;
}

}  // namespace cocoplane::gen::workload
