// Byte encodings used by the artifacts: hex, base64 in its three flavours.
// Pure functions; decoding returns nullopt on malformed input.
#ifndef COCOPLANE_CRYPTO_ENCODING_H_
#define COCOPLANE_CRYPTO_ENCODING_H_

#include <optional>
#include <string>
#include <string_view>

namespace cocoplane::crypto {

// Lower-case hex, two digits per byte.
std::string HexEncode(std::string_view bytes);
std::optional<std::string> HexDecode(std::string_view hex);

enum class Base64Alphabet {
  // RFC 4648 §4, '+' and '/': pod annotations, RVPS sample payloads, QEMU.
  kStandard,
  // RFC 4648 §5, '-' and '_': JWS, KBS policy bodies, LocalJson values.
  kUrl,
};

// `pad` adds '=' to a multiple of 4 (standard base64 as `base64 -w0` prints).
std::string Base64Encode(std::string_view bytes, Base64Alphabet alphabet, bool pad);
// Accepts input with or without padding; rejects characters of the other
// alphabet, whitespace and bad padding.
std::optional<std::string> Base64Decode(std::string_view text, Base64Alphabet alphabet);
// True when Base64Decode would accept `text`; decodes nothing.
bool IsBase64(std::string_view text, Base64Alphabet alphabet);

}  // namespace cocoplane::crypto

#endif  // COCOPLANE_CRYPTO_ENCODING_H_
