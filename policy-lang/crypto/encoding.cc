#include "crypto/encoding.h"

#include <array>

namespace cocoplane::crypto {
namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::array<int, 256> DecodeTable(const char* alphabet) {
  std::array<int, 256> table;
  table.fill(-1);
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(alphabet[i])] = i;
  return table;
}

}  // namespace

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]), lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string Base64Encode(std::string_view bytes, Base64Alphabet alphabet, bool pad) {
  const char* a = alphabet == Base64Alphabet::kStandard ? kStd : kUrl;
  // Sized once and written through a pointer: appending a character at a
  // time was most of the cost of encoding an initdata annotation.
  std::string out((bytes.size() + 2) / 3 * 4, '=');
  char* o = out.data();
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    *o++ = a[v >> 18];
    *o++ = a[(v >> 12) & 63];
    *o++ = a[(v >> 6) & 63];
    *o++ = a[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    *o++ = a[v >> 18];
    *o++ = a[(v >> 12) & 63];
  } else if (rest == 2) {
    uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8);
    *o++ = a[v >> 18];
    *o++ = a[(v >> 12) & 63];
    *o++ = a[(v >> 6) & 63];
  }
  // The rest of `out` is already the padding.
  if (!pad) out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

namespace {

// Walks `text` as base64 in `alphabet` (rules: Base64Decode) and, when `out`
// is not null, writes the bytes it encodes there. One walk serves decoding
// and the check alone, so the two cannot disagree on what is valid.
bool WalkBase64(std::string_view text, Base64Alphabet alphabet, std::string* out) {
  static const auto kStdTable = DecodeTable(kStd);
  static const auto kUrlTable = DecodeTable(kUrl);
  const auto& table = alphabet == Base64Alphabet::kStandard ? kStdTable : kUrlTable;
  size_t padding = 0;
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
    ++padding;
  }
  if (padding > 2 || text.size() % 4 == 1) return false;
  if (padding && (text.size() + padding) % 4 != 0) return false;
  if (out) out->resize(text.size() * 3 / 4);
  size_t written = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = table[static_cast<unsigned char>(c)];
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (out) (*out)[written] = static_cast<char>((acc >> bits) & 0xFF);
      ++written;
    }
  }
  // Leftover bits must be zero (canonical encoding).
  return bits == 0 || (acc & ((1u << bits) - 1)) == 0;
}

}  // namespace

std::optional<std::string> Base64Decode(std::string_view text, Base64Alphabet alphabet) {
  std::string out;
  if (!WalkBase64(text, alphabet, &out)) return std::nullopt;
  return out;
}

bool IsBase64(std::string_view text, Base64Alphabet alphabet) {
  return WalkBase64(text, alphabet, nullptr);
}

}  // namespace cocoplane::crypto
