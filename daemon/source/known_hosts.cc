#include "source/known_hosts.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "crypto/digest.h"
#include "crypto/encoding.h"

namespace cocoplane::source {
namespace {

using crypto::Base64Alphabet;

// The host key types libssh2 1.10 (Debian 12) can negotiate and report raw.
constexpr std::string_view kSupportedTypes[] = {
    "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
};

bool IsSupportedType(std::string_view type) {
  return std::find(std::begin(kSupportedTypes), std::end(kSupportedTypes), type) !=
         std::end(kSupportedTypes);
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

std::vector<std::string> SplitPatterns(std::string_view hosts) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= hosts.size()) {
    size_t comma = hosts.find(',', start);
    if (comma == std::string_view::npos) comma = hosts.size();
    if (comma > start) out.emplace_back(hosts.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The name OpenSSH looks up: "host" on port 22, "[host]:port" otherwise.
std::string LookupName(std::string_view host, int port) {
  std::string name = Lower(host);
  if (port <= 0 || port == 22) return name;
  return "[" + name + "]:" + std::to_string(port);
}

std::string HmacSha1(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

Status LineError(std::string_view file, unsigned line, const std::string& what) {
  return Status::InvalidArgument(std::string(file) + ":" + std::to_string(line) + ": " + what);
}

// Fills the host part of `entry` from the first field: hashed or patterns.
Status ParseHosts(std::string_view field, std::string_view file, KnownHostsEntry* entry) {
  if (field.substr(0, 3) != "|1|") {
    entry->patterns = SplitPatterns(field);
    if (entry->patterns.empty()) return LineError(file, entry->line, "empty host list");
    return Status::Ok();
  }
  std::string_view rest = field.substr(3);
  size_t bar = rest.find('|');
  if (bar == std::string_view::npos) {
    return LineError(file, entry->line, "hashed host is not |1|<salt>|<hash>");
  }
  auto salt = crypto::Base64Decode(rest.substr(0, bar), Base64Alphabet::kStandard);
  auto digest = crypto::Base64Decode(rest.substr(bar + 1), Base64Alphabet::kStandard);
  if (!salt || !digest || salt->empty() || digest->size() != 20) {
    return LineError(file, entry->line, "hashed host has a bad salt or HMAC-SHA1 value");
  }
  entry->hashed_salt = std::move(*salt);
  entry->hashed_digest = std::move(*digest);
  return Status::Ok();
}

// Parses one non-comment line. Sets `*skip_reason` instead of failing for
// lines that are well formed but not usable here.
Status ParseLine(std::string_view text, std::string_view file, KnownHostsEntry* entry,
                 std::string* skip_reason) {
  std::vector<std::string_view> fields = SplitFields(text);
  size_t first = 0;
  if (!fields.empty() && fields[0].front() == '@') {
    if (fields[0] == "@cert-authority") {
      *skip_reason = "@cert-authority lines are not supported";
      return Status::Ok();
    }
    if (fields[0] != "@revoked") {
      return LineError(file, entry->line, "unknown marker '" + std::string(fields[0]) + "'");
    }
    entry->revoked = true;
    first = 1;
  }
  if (fields.size() < first + 3) {
    return LineError(file, entry->line, "expected '<hosts> <key type> <base64 key>'");
  }
  entry->key_type = std::string(fields[first + 1]);
  if (!IsSupportedType(entry->key_type)) {
    *skip_reason = "key type '" + entry->key_type + "' is not supported";
    return Status::Ok();
  }
  Status s = ParseHosts(fields[first], file, entry);
  if (!s.ok()) return s;
  auto blob = crypto::Base64Decode(fields[first + 2], Base64Alphabet::kStandard);
  if (!blob) return LineError(file, entry->line, "the key is not valid base64");
  std::string inner = SshKeyBlobType(*blob);
  if (inner != entry->key_type) {
    return LineError(file, entry->line,
                     "the key type field says '" + entry->key_type + "' but the key is '" +
                         (inner.empty() ? std::string("malformed") : inner) + "'");
  }
  entry->key_blob = std::move(*blob);
  return Status::Ok();
}

// True if the entry's host part names `name` (already in lookup form).
bool HostMatches(const KnownHostsEntry& entry, const std::string& name) {
  if (!entry.hashed_digest.empty()) {
    return HmacSha1(entry.hashed_salt, name) == entry.hashed_digest;
  }
  bool matched = false;
  for (const std::string& pattern : entry.patterns) {
    if (pattern[0] == '!') {
      // A matching negation rejects the line whatever else matches (sshd(8)).
      if (MatchHostPattern(std::string_view(pattern).substr(1), name)) return false;
    } else if (MatchHostPattern(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

std::string Describe(const std::string& name, std::string_view type, std::string_view blob) {
  return "host " + name + " (" + std::string(type) + " key " + SshKeyFingerprint(blob) + ")";
}

}  // namespace

std::string SshKeyBlobType(std::string_view blob) {
  if (blob.size() < 4) return "";
  uint32_t len = (static_cast<uint32_t>(static_cast<unsigned char>(blob[0])) << 24) |
                 (static_cast<uint32_t>(static_cast<unsigned char>(blob[1])) << 16) |
                 (static_cast<uint32_t>(static_cast<unsigned char>(blob[2])) << 8) |
                 static_cast<uint32_t>(static_cast<unsigned char>(blob[3]));
  if (len == 0 || len > 64 || len > blob.size() - 4) return "";
  return std::string(blob.substr(4, len));
}

std::string SshKeyFingerprint(std::string_view blob) {
  return "SHA256:" + crypto::Base64Encode(crypto::Digest(crypto::HashAlgorithm::kSha256, blob),
                                          Base64Alphabet::kStandard, /*pad=*/false);
}

bool MatchHostPattern(std::string_view pattern, std::string_view name) {
  // Iterative glob with one backtrack point: linear in practice, no recursion.
  size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  };
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], name[n]))) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Result<KnownHosts> KnownHosts::Parse(std::string_view text, std::string_view file) {
  KnownHosts hosts;
  unsigned line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos || line[start] == '#') continue;
    KnownHostsEntry entry;
    entry.line = line_no;
    std::string skip_reason;
    Status s = ParseLine(line.substr(start), file, &entry, &skip_reason);
    if (!s.ok()) return s;
    if (!skip_reason.empty()) {
      hosts.skipped_.push_back(std::string(file) + ":" + std::to_string(line_no) + ": " +
                               skip_reason);
      continue;
    }
    hosts.entries_.push_back(std::move(entry));
  }
  return hosts;
}

Result<KnownHosts> KnownHosts::Load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound("known_hosts file " + path + " does not exist");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot open known_hosts file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::Io("cannot read known_hosts file " + path);
  return Parse(text.str(), path);
}

HostKeyCheck KnownHosts::Check(std::string_view host, int port, std::string_view key_blob) const {
  const std::string name = LookupName(host, port);
  const std::string type = SshKeyBlobType(key_blob);
  if (type.empty())
    return {HostKeyVerdict::kMismatch, "host " + name + " sent a malformed host key"};
  std::vector<std::string> listed_types;
  bool match = false;
  for (const KnownHostsEntry& entry : entries_) {
    if (!HostMatches(entry, name)) continue;
    bool same_key = entry.key_type == type && entry.key_blob == key_blob;
    if (entry.revoked) {
      if (same_key)
        return {HostKeyVerdict::kRevoked, Describe(name, type, key_blob) + " is revoked"};
      continue;
    }
    listed_types.push_back(entry.key_type);
    match = match || same_key;
  }
  if (match) return {HostKeyVerdict::kMatch, Describe(name, type, key_blob) + " is known"};
  if (listed_types.empty()) {
    return {HostKeyVerdict::kUnknownHost,
            Describe(name, type, key_blob) + " is not in the known_hosts file"};
  }
  bool type_listed =
      std::find(listed_types.begin(), listed_types.end(), type) != listed_types.end();
  std::string why = type_listed ? " does not match the key in the known_hosts file"
                                : " has no " + type + " entry in the known_hosts file";
  return {HostKeyVerdict::kMismatch, Describe(name, type, key_blob) + why};
}

}  // namespace cocoplane::source
