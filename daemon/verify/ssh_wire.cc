#include "verify/ssh_wire.h"

namespace cocoplane::verify {

std::optional<std::string_view> SshReader::ReadBytes(size_t n) {
  if (data_.size() - pos_ < n) {
    return std::nullopt;
  }
  std::string_view out = data_.substr(pos_, n);
  pos_ += n;
  return out;
}

std::optional<uint32_t> SshReader::ReadUint32() {
  auto bytes = ReadBytes(4);
  if (!bytes) {
    return std::nullopt;
  }
  uint32_t value = 0;
  for (unsigned char c : *bytes) {
    value = (value << 8) | c;
  }
  return value;
}

std::optional<std::string_view> SshReader::ReadString() {
  auto length = ReadUint32();
  if (!length) {
    return std::nullopt;
  }
  return ReadBytes(*length);
}

std::optional<std::string> SshReader::ReadPositiveMpint() {
  auto bytes = ReadString();
  if (!bytes) {
    return std::nullopt;
  }
  std::string_view magnitude = *bytes;
  if (!magnitude.empty() && (static_cast<unsigned char>(magnitude[0]) & 0x80) != 0) {
    // Two's complement: the high bit set means a negative number.
    return std::nullopt;
  }
  if (!magnitude.empty() && magnitude[0] == '\0') {
    // A leading zero is only allowed to keep the next byte's high bit from
    // reading as a sign; anything else is a non-canonical encoding.
    if (magnitude.size() == 1 || (static_cast<unsigned char>(magnitude[1]) & 0x80) == 0) {
      return std::nullopt;
    }
    magnitude.remove_prefix(1);
  }
  return std::string(magnitude);
}

void AppendSshString(std::string& out, std::string_view bytes) {
  const auto n = static_cast<uint32_t>(bytes.size());
  out.push_back(static_cast<char>((n >> 24) & 0xff));
  out.push_back(static_cast<char>((n >> 16) & 0xff));
  out.push_back(static_cast<char>((n >> 8) & 0xff));
  out.push_back(static_cast<char>(n & 0xff));
  out.append(bytes);
}

}  // namespace cocoplane::verify
