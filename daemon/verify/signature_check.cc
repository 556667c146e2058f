#include "verify/signature_check.h"

namespace cocoplane::verify {

std::string_view CheckName(Check check) {
  switch (check) {
    case Check::kGood:
      return "good";
    case Check::kUnsigned:
      return "unsigned";
    case Check::kUntrustedKey:
      return "untrusted_key";
    case Check::kBadSignature:
      return "bad_signature";
    case Check::kWrongNamespace:
      return "wrong_namespace";
    case Check::kUnsupportedKeyType:
      return "unsupported_key_type";
    case Check::kUnsupportedSignature:
      return "unsupported_signature";
    case Check::kMalformedSignature:
      return "malformed_signature";
    case Check::kKeyExpired:
      return "key_expired";
    case Check::kKeyRevoked:
      return "key_revoked";
    case Check::kSignatureExpired:
      return "signature_expired";
  }
  return "unknown";
}

std::string_view SignatureFormatName(SignatureFormat format) {
  switch (format) {
    case SignatureFormat::kNone:
      return "none";
    case SignatureFormat::kSsh:
      return "ssh";
    case SignatureFormat::kOpenPgp:
      return "openpgp";
    case SignatureFormat::kOther:
      return "other";
  }
  return "unknown";
}

}  // namespace cocoplane::verify
