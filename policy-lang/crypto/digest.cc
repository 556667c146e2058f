#include "crypto/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <zlib.h>

#include <cassert>
#include <cstring>

#include "crypto/encoding.h"

namespace cocoplane::crypto {

std::string_view HashAlgorithmName(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kSha256:
      return "sha256";
    case HashAlgorithm::kSha384:
      return "sha384";
    case HashAlgorithm::kSha512:
      return "sha512";
  }
  return "sha256";
}

std::optional<HashAlgorithm> ParseHashAlgorithm(std::string_view name) {
  if (name == "sha256") return HashAlgorithm::kSha256;
  if (name == "sha384") return HashAlgorithm::kSha384;
  if (name == "sha512") return HashAlgorithm::kSha512;
  return std::nullopt;
}

std::string Digest(HashAlgorithm algorithm, std::string_view bytes) {
  const EVP_MD* md = algorithm == HashAlgorithm::kSha256   ? EVP_sha256()
                     : algorithm == HashAlgorithm::kSha384 ? EVP_sha384()
                                                           : EVP_sha512();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  int ok = EVP_Digest(bytes.data(), bytes.size(), out, &len, md, nullptr);
  assert(ok == 1);
  (void)ok;
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string HexDigest(HashAlgorithm algorithm, std::string_view bytes) {
  return HexEncode(Digest(algorithm, bytes));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

// One deflate stream per thread, reset between uses: deflateInit2 at
// level 9 allocates and clears about 400 KiB, which took half the time of
// compressing a workload's initdata. A reset stream compresses to the same
// bytes as a new one (zlib's state after deflateReset is that of
// deflateInit2 with the same parameters).
class Deflater {
 public:
  Deflater() {
    std::memset(&zs_, 0, sizeof zs_);
    // windowBits 15 + 16 selects the gzip wrapper; zlib writes mtime 0 and
    // OS_CODE 3 on Unix unless deflateSetHeader says otherwise.
    int rc = deflateInit2(&zs_, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    assert(rc == Z_OK);
    (void)rc;
    std::memset(&header_, 0, sizeof header_);
    header_.os = 3;
  }
  ~Deflater() { deflateEnd(&zs_); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  std::string Gzip(std::string_view bytes) {
    deflateReset(&zs_);
    deflateSetHeader(&zs_, &header_);
    std::string out(deflateBound(&zs_, bytes.size()) + 32, '\0');
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    zs_.avail_in = static_cast<uInt>(bytes.size());
    zs_.next_out = reinterpret_cast<Bytef*>(out.data());
    zs_.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs_, Z_FINISH);
    assert(rc == Z_STREAM_END);
    (void)rc;
    out.resize(zs_.total_out);
    return out;
  }

 private:
  z_stream zs_;
  gz_header header_;
};

}  // namespace

std::string Gzip(std::string_view bytes) {
  thread_local Deflater deflater;
  return deflater.Gzip(bytes);
}

std::optional<std::string> Gunzip(std::string_view gz, size_t max_bytes) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return std::nullopt;
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&zs);
      return std::nullopt;
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return std::nullopt;
    }
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace cocoplane::crypto
