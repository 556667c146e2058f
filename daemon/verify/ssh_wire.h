// Internal to daemon/verify: a bounds-checked reader for the SSH wire
// encoding (RFC 4251 §5: uint32, string, mpint), used to parse public-key
// blobs, sshsig blobs and SSH signature blobs.
//
// Every read returns nullopt instead of running past the end, so malformed
// input can never read out of bounds. Views returned by ReadString() point
// into the buffer given to the constructor, which must outlive them.
//
// Thread-safety: a reader is a cursor; use one per thread.
#ifndef COCOPLANE_VERIFY_SSH_WIRE_H_
#define COCOPLANE_VERIFY_SSH_WIRE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cocoplane::verify {

class SshReader {
 public:
  explicit SshReader(std::string_view data) : data_(data) {}

  // `n` raw bytes (used for the 6-byte sshsig preamble).
  std::optional<std::string_view> ReadBytes(size_t n);
  // Big-endian uint32.
  std::optional<uint32_t> ReadUint32();
  // uint32 length + that many bytes.
  std::optional<std::string_view> ReadString();
  // An mpint that must be non-negative (RFC 4251 §5): returns the magnitude,
  // big-endian, without leading zero bytes. A negative value or a superfluous
  // leading zero (non-minimal encoding) is rejected.
  std::optional<std::string> ReadPositiveMpint();

  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Appends an RFC 4251 string (uint32 length + bytes) to `out`.
void AppendSshString(std::string& out, std::string_view bytes);

}  // namespace cocoplane::verify

#endif  // COCOPLANE_VERIFY_SSH_WIRE_H_
