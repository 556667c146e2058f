// Message digests (OpenSSL EVP) and gzip (zlib), as pure functions.
#ifndef COCOPLANE_CRYPTO_DIGEST_H_
#define COCOPLANE_CRYPTO_DIGEST_H_

#include <optional>
#include <string>
#include <string_view>

namespace cocoplane::crypto {

enum class HashAlgorithm { kSha256, kSha384, kSha512 };

// "sha256" | "sha384" | "sha512" — the exact spellings initdata accepts.
std::string_view HashAlgorithmName(HashAlgorithm algorithm);
std::optional<HashAlgorithm> ParseHashAlgorithm(std::string_view name);

// Raw digest bytes (32, 48 or 64 of them).
std::string Digest(HashAlgorithm algorithm, std::string_view bytes);
// Convenience: lower-case hex of Digest().
std::string HexDigest(HashAlgorithm algorithm, std::string_view bytes);
inline std::string Sha256Hex(std::string_view bytes) {
  return HexDigest(HashAlgorithm::kSha256, bytes);
}

// HMAC-SHA256(key, data) as raw bytes (32). Used to sign outgoing webhooks
// and to verify incoming ones.
std::string HmacSha256(std::string_view key, std::string_view data);

// Compares two byte strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// gzip (RFC 1952) of `bytes` at level 9 with a fixed header: mtime 0, no file
// name, OS byte 3 (Unix) — what `gzip -9n` writes. Deterministic for one zlib
// version; the artifact digests that matter (initdata) are over the
// uncompressed bytes, never over this output.
std::string Gzip(std::string_view bytes);
// Inflates a gzip member; nullopt on corrupt input or output above `max_bytes`.
std::optional<std::string> Gunzip(std::string_view gz, size_t max_bytes = 64u << 20);

}  // namespace cocoplane::crypto

#endif  // COCOPLANE_CRYPTO_DIGEST_H_
