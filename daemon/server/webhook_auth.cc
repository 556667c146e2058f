#include "server/webhook_auth.h"

#include "crypto/digest.h"
#include "crypto/encoding.h"

namespace cocoplane::server {
namespace {

constexpr std::string_view kSha256Prefix = "sha256=";
// HMAC-SHA256 output is 32 bytes, 64 hex digits.
constexpr size_t kHmacHexDigits = 64;

}  // namespace

bool VerifyHmacSha256(std::string_view header_value, std::string_view secret,
                      std::string_view body) {
  if (secret.empty()) return false;
  if (header_value.substr(0, kSha256Prefix.size()) != kSha256Prefix) return false;
  std::string_view hex = header_value.substr(kSha256Prefix.size());
  // The length is public (it is the algorithm's), so rejecting early leaks
  // nothing about the secret.
  if (hex.size() != kHmacHexDigits) return false;
  std::optional<std::string> presented = crypto::HexDecode(hex);
  if (!presented) return false;
  return crypto::ConstantTimeEquals(*presented, crypto::HmacSha256(secret, body));
}

bool VerifyToken(std::string_view presented, std::string_view expected) {
  if (expected.empty()) return false;
  // Comparing digests makes both sides 32 bytes: the comparison time depends
  // on neither the token's length nor where the strings differ.
  return crypto::ConstantTimeEquals(crypto::Digest(crypto::HashAlgorithm::kSha256, presented),
                                    crypto::Digest(crypto::HashAlgorithm::kSha256, expected));
}

std::string SignHmacSha256(std::string_view secret, std::string_view body) {
  return std::string(kSha256Prefix) + crypto::HexEncode(crypto::HmacSha256(secret, body));
}

}  // namespace cocoplane::server
