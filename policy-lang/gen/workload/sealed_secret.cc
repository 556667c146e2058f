#include "gen/workload/sealed_secret.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "crypto/encoding.h"

namespace cocoplane::gen::workload {
namespace {

constexpr std::string_view kSealedPrefix = "sealed.";

std::string B64Url(std::string_view bytes) {
  return crypto::Base64Encode(bytes, crypto::Base64Alphabet::kUrl, false);
}

// Member order is upstream's serde order (see header); ordered_json keeps it.
std::string HeaderJson(const KbsResourceUri& kid) {
  nlohmann::ordered_json header;
  header["b64"] = true;
  header["alg"] = "ES256";
  header["kid"] = FormatKbsResourceUri(kid);
  return header.dump();
}

std::string VaultPayloadJson(const KbsResourceUri& secret) {
  nlohmann::ordered_json payload;
  payload["version"] = "0.1.0";
  payload["type"] = "vault";
  payload["name"] = FormatKbsResourceUri(secret);
  payload["provider"] = "kbs";
  payload["provider_settings"] = nlohmann::ordered_json::object();
  payload["annotations"] = nlohmann::ordered_json::object();
  return payload.dump();
}

std::vector<std::string_view> SplitDots(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    size_t dot = text.find('.');
    parts.push_back(text.substr(0, dot));
    if (dot == std::string_view::npos) return parts;
    text.remove_prefix(dot + 1);
  }
}

// A JSON object from text, or nullopt; never throws.
std::optional<nlohmann::json> ParseObject(std::string_view text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

std::optional<std::string> StringMember(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

Result<std::string> DecodeCoordinate(const nlohmann::json& jwk, const char* key) {
  auto text = StringMember(jwk, key);
  auto bytes = text ? crypto::Base64Decode(*text, crypto::Base64Alphabet::kUrl) : std::nullopt;
  if (!bytes) return Status::InvalidArgument(std::string("JWK '") + key + "' is not base64url");
  return *bytes;
}

}  // namespace

Result<std::string> SealSecret(const SealedSecretInput& input, std::string_view signing_key_pem) {
  if (Status st = ValidateKbsResourceUri(input.secret); !st.ok()) return st;
  if (Status st = ValidateKbsResourceUri(input.signing_key); !st.ok()) return st;
  auto key = crypto::ParseEs256PrivateKeyPem(signing_key_pem);
  if (!key.ok()) return key.status();
  return SealSecret(input, *key);
}

Result<std::string> SealSecret(const SealedSecretInput& input, const crypto::Es256PrivateKey& key) {
  if (Status st = ValidateKbsResourceUri(input.secret); !st.ok()) return st;
  if (Status st = ValidateKbsResourceUri(input.signing_key); !st.ok()) return st;
  std::string signing_input =
      B64Url(HeaderJson(input.signing_key)) + "." + B64Url(VaultPayloadJson(input.secret));
  auto signature = crypto::SignEs256(key, signing_input);
  if (!signature.ok()) return signature.status();
  return std::string(kSealedPrefix) + signing_input + "." + B64Url(*signature);
}

Result<std::string> SealSecretUnsigned(const KbsResourceUri& secret) {
  if (Status st = ValidateKbsResourceUri(secret); !st.ok()) return st;
  return std::string(kSealedPrefix) + "fakejwsheader." + B64Url(VaultPayloadJson(secret)) +
         ".fakesignature";
}

std::string PublicJwk(const crypto::Es256PublicKey& key) {
  nlohmann::json jwk = {{"alg", "ES256"}, {"crv", "P-256"},     {"kty", "EC"},
                        {"use", "sig"},   {"x", B64Url(key.x)}, {"y", B64Url(key.y)}};
  return jwk.dump();
}

Result<std::string> PublicJwkFromPrivatePem(std::string_view signing_key_pem) {
  auto key = crypto::ParseEs256PrivateKeyPem(signing_key_pem);
  if (!key.ok()) return key.status();
  return PublicJwk(key->public_key);
}

Result<crypto::Es256PublicKey> ParseEs256Jwk(std::string_view jwk_json) {
  auto jwk = ParseObject(jwk_json);
  if (!jwk) return Status::InvalidArgument("JWK is not a JSON object");
  if (StringMember(*jwk, "kty") != "EC" || StringMember(*jwk, "crv") != "P-256") {
    return Status::InvalidArgument("JWK must have kty EC and crv P-256 for ES256");
  }
  if (auto alg = StringMember(*jwk, "alg"); alg && *alg != "ES256") {
    return Status::InvalidArgument("JWK alg is '" + *alg + "', expected ES256");
  }
  if (jwk->contains("d")) {
    return Status::InvalidArgument("JWK contains a private key ('d'); publish only the public JWK");
  }
  auto x = DecodeCoordinate(*jwk, "x");
  if (!x.ok()) return x.status();
  auto y = DecodeCoordinate(*jwk, "y");
  if (!y.ok()) return y.status();
  return crypto::Es256PublicKeyFromCoordinates(*x, *y);
}

Status VerifyEs256WithJwk(std::string_view jwk_json, std::string_view signing_input,
                          std::string_view signature) {
  auto key = ParseEs256Jwk(jwk_json);
  if (!key.ok()) return key.status();
  return crypto::VerifyEs256(*key, signing_input, signature);
}

Status VerifySealedSecret(std::string_view sealed, std::string_view jwk_json) {
  if (sealed.substr(0, kSealedPrefix.size()) != kSealedPrefix) {
    return Status::InvalidArgument("sealed secret does not start with 'sealed.'");
  }
  std::string_view jws = sealed.substr(kSealedPrefix.size());
  std::vector<std::string_view> parts = SplitDots(jws);
  if (parts.size() != 3) return Status::InvalidArgument("sealed secret is not a compact JWS");
  auto header_bytes = crypto::Base64Decode(parts[0], crypto::Base64Alphabet::kUrl);
  auto header = header_bytes ? ParseObject(*header_bytes) : std::nullopt;
  if (!header || StringMember(*header, "alg") != "ES256" || !StringMember(*header, "kid")) {
    return Status::InvalidArgument("sealed secret header must name alg ES256 and a kid");
  }
  auto signature = crypto::Base64Decode(parts[2], crypto::Base64Alphabet::kUrl);
  if (!signature) return Status::InvalidArgument("sealed secret signature is not base64url");
  std::string_view signing_input = jws.substr(0, parts[0].size() + 1 + parts[1].size());
  return VerifyEs256WithJwk(jwk_json, signing_input, *signature);
}

}  // namespace cocoplane::gen::workload
