#include "verify/ssh_key.h"

#include <optional>

#include "crypto/digest.h"
#include "crypto/encoding.h"
#include "verify/ssh_wire.h"

namespace cocoplane::verify {
namespace {

// OpenSSH refuses RSA keys below 1024 bits; for trust roots of a deployment
// pipeline we ask for what NIST SP 800-131A still accepts.
constexpr size_t kMinRsaModulusBytes = 2048 / 8;

// Ed25519 public keys are 32 bytes (RFC 8709 §4).
constexpr size_t kEd25519KeyBytes = 32;

Status CheckEcdsaBody(std::string_view type, SshReader& reader) {
  // RFC 5656 §3.1: string identifier ("nistp256"), string Q (SEC1 point).
  auto curve = reader.ReadString();
  auto point = reader.ReadString();
  if (!curve || !point || !reader.AtEnd()) {
    return Status::InvalidArgument("truncated ECDSA public key");
  }
  if (type.substr(std::string_view("ecdsa-sha2-").size()) != *curve) {
    return Status::InvalidArgument("ECDSA key type and curve name disagree");
  }
  if (point->empty() || (*point)[0] != '\x04') {
    return Status::InvalidArgument("ECDSA public key is not an uncompressed point");
  }
  return Status::Ok();
}

Status CheckKnownKeyBody(std::string_view type, SshReader& reader) {
  if (type == "ssh-ed25519") {
    auto key = reader.ReadString();
    if (!key || key->size() != kEd25519KeyBytes || !reader.AtEnd()) {
      return Status::InvalidArgument("malformed Ed25519 public key");
    }
    return Status::Ok();
  }
  if (type == "ecdsa-sha2-nistp256" || type == "ecdsa-sha2-nistp384" ||
      type == "ecdsa-sha2-nistp521") {
    return CheckEcdsaBody(type, reader);
  }
  if (type == "ssh-rsa") {
    // RFC 4253 §6.6: mpint e, mpint n.
    auto e = reader.ReadPositiveMpint();
    auto n = reader.ReadPositiveMpint();
    if (!e || !n || !reader.AtEnd()) {
      return Status::InvalidArgument("malformed RSA public key");
    }
    if (n->size() < kMinRsaModulusBytes) {
      return Status::InvalidArgument("RSA key shorter than 2048 bits");
    }
    return Status::Ok();
  }
  // Other types (ssh-dss, sk-*, certificates) are kept; signatures by them
  // are reported as unsupported_key_type when checked.
  return Status::Ok();
}

// Splits on blanks, keeping blanks inside double quotes (allowed_signers
// options such as namespaces="git,file" may be quoted).
Result<std::vector<std::string>> Tokenize(std::string_view line) {
  std::vector<std::string> tokens;
  std::string current;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      current.push_back(c);
    } else if ((c == ' ' || c == '\t') && !quoted) {
      if (!current.empty()) {
        tokens.push_back(std::move(current));
        current.clear();
      }
    } else {
      current.push_back(c);
    }
  }
  if (quoted) {
    return Status::InvalidArgument("unterminated quote");
  }
  if (!current.empty()) {
    tokens.push_back(std::move(current));
  }
  return tokens;
}

bool LooksLikeKeyType(std::string_view token) {
  return token.starts_with("ssh-") || token.starts_with("ecdsa-") || token.starts_with("sk-");
}

std::string Unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

// Splits "a,b" on commas outside double quotes.
std::vector<std::string> SplitOptions(std::string_view options) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : options) {
    if (c == '"') {
      quoted = !quoted;
    }
    if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

// True if the comma-separated `list` names `wanted` or is the wildcard "*"
// (other ssh-keygen patterns are not expanded: such keys are left out).
bool ListHas(std::string_view list, std::string_view wanted) {
  for (const auto& item : SplitOptions(list)) {
    if (item == wanted || item == "*") {
      return true;
    }
  }
  return false;
}

// Returns whether the options allow the "git" namespace.
Result<bool> GitAllowedByOptions(std::string_view options) {
  bool allowed = true;
  for (const auto& option : SplitOptions(options)) {
    std::string_view name = std::string_view(option).substr(0, option.find('='));
    if (name == "namespaces") {
      const size_t eq = option.find('=');
      allowed = eq != std::string::npos && ListHas(Unquote(option.substr(eq + 1)), "git");
    } else {
      return Status::InvalidArgument("option \"" + std::string(name) +
                                     "\" is not supported; remove it or the line");
    }
  }
  return allowed;
}

Result<SshPublicKey> DecodeKey(std::string_view type, std::string_view base64) {
  auto blob = crypto::Base64Decode(base64, crypto::Base64Alphabet::kStandard);
  if (!blob) {
    return Status::InvalidArgument("public key is not valid base64");
  }
  auto key = ParseSshPublicKeyBlob(*blob);
  if (!key.ok()) {
    return key.status();
  }
  if (key->type != type) {
    return Status::InvalidArgument("line says \"" + std::string(type) + "\" but the key is \"" +
                                   key->type + "\"");
  }
  return key;
}

// The comment of a plain key line: every token after the key.
std::string JoinFrom(const std::vector<std::string>& tokens, size_t first) {
  std::string out;
  for (size_t i = first; i < tokens.size(); ++i) {
    out += (out.empty() ? "" : " ") + tokens[i];
  }
  return out;
}

// One non-comment line; nullopt when the key is excluded by its options.
Result<std::optional<TrustedSshKey>> ParseLine(std::string_view line, std::string origin) {
  auto tokens = Tokenize(line);
  if (!tokens.ok()) {
    return tokens.status();
  }
  const std::vector<std::string>& t = *tokens;
  // Index of the key type: 0 (plain line), 1 (principal key) or 2
  // (principal options key).
  size_t at = 0;
  while (at < t.size() && at < 3 && !LooksLikeKeyType(t[at])) {
    ++at;
  }
  if (at == t.size() || at == 3 || at + 1 >= t.size()) {
    return Status::InvalidArgument("expected \"[principals [options]] key-type base64-key\"");
  }
  bool allowed = true;
  if (at == 2) {
    auto by_options = GitAllowedByOptions(t[1]);
    if (!by_options.ok()) {
      return by_options.status();
    }
    allowed = *by_options;
  }
  auto key = DecodeKey(t[at], t[at + 1]);
  if (!key.ok()) {
    return key.status();
  }
  if (!allowed) {
    return std::optional<TrustedSshKey>();
  }
  std::string principal = at > 0 ? t[0] : JoinFrom(t, at + 2);
  return std::optional<TrustedSshKey>(
      TrustedSshKey{std::move(key).value(), std::move(principal), std::move(origin)});
}

std::string_view TrimBlank(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::string SshPublicKey::Fingerprint() const {
  return "SHA256:" + crypto::Base64Encode(crypto::Digest(crypto::HashAlgorithm::kSha256, blob),
                                          crypto::Base64Alphabet::kStandard, /*pad=*/false);
}

Result<SshPublicKey> ParseSshPublicKeyBlob(std::string_view blob) {
  SshReader reader(blob);
  auto type = reader.ReadString();
  if (!type || type->empty()) {
    return Status::InvalidArgument("public key blob has no key type");
  }
  Status body = CheckKnownKeyBody(*type, reader);
  if (!body.ok()) {
    return body;
  }
  return SshPublicKey{std::string(*type), std::string(blob)};
}

Result<std::vector<TrustedSshKey>> ParseTrustedSshKeys(std::string_view text,
                                                       std::string_view origin) {
  std::vector<TrustedSshKey> keys;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const size_t eol = text.find('\n');
    std::string_view line = TrimBlank(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const std::string where = std::string(origin) + ":" + std::to_string(line_number);
    auto key = ParseLine(line, where);
    if (!key.ok()) {
      return Status::InvalidArgument(where + ": " + key.status().message());
    }
    if (key->has_value()) {
      keys.push_back(std::move(**key));
    }
  }
  return keys;
}

}  // namespace cocoplane::verify
