#include "source/git_callbacks.h"

#include <openssl/crypto.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <system_error>

#include "source/git_handles.h"

namespace cocoplane::source::git {
namespace {

// Reads the first line of a secret file, without its line terminator. The
// content never appears in a Status; only the path does.
Status ReadSecretFile(const std::string& path, std::string* out) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound("secret file " + path + " does not exist");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot open secret file " + path);
  std::getline(in, *out);
  if (in.bad()) return Status::Io("cannot read secret file " + path);
  while (!out->empty() && (out->back() == '\r' || out->back() == ' ' || out->back() == '\t')) {
    out->pop_back();
  }
  if (out->empty()) return Status::InvalidArgument("secret file " + path + " is empty");
  return Status::Ok();
}

Status PrepareHttpAuth(const GitSourceConfig& config, FetchContext* ctx) {
  using HttpAuth = GitSourceConfig::HttpAuth;
  if (config.http_auth == HttpAuth::kNone) return Status::Ok();
  std::string line;
  Status s = ReadSecretFile(config.auth_file, &line);
  if (s.ok() && config.http_auth == HttpAuth::kToken) {
    ctx->username = config.auth_username;
    ctx->secret = line;
  } else if (s.ok()) {
    size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
      s = Status::InvalidArgument("auth file " + config.auth_file +
                                  " must hold one line 'username:password'");
    } else {
      ctx->username = line.substr(0, colon);
      ctx->secret = line.substr(colon + 1);
    }
  }
  OPENSSL_cleanse(line.data(), line.size());
  return s;
}

// Refuses from inside a callback: records why and sets libgit2's error too.
int Refuse(FetchContext* ctx, int error_class, std::string why, int code) {
  ctx->refusal = std::move(why);
  git_error_set_str(error_class, ctx->refusal.c_str());
  return code;
}

int SshKeyCredential(git_credential** out, unsigned int allowed, FetchContext* ctx) {
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) == 0) {
    return Refuse(ctx, GIT_ERROR_SSH, "the ssh server does not accept public-key authentication",
                  GIT_EAUTH);
  }
  const GitSourceConfig& c = *ctx->config;
  const char* pub = c.ssh_public_key_file.empty() ? nullptr : c.ssh_public_key_file.c_str();
  const char* pass = ctx->passphrase.empty() ? nullptr : ctx->passphrase.c_str();
  return git_credential_ssh_key_new(out, SshUser(c, ctx->url).c_str(), pub,
                                    c.ssh_private_key_file.c_str(), pass);
}

int HttpCredential(git_credential** out, unsigned int allowed, FetchContext* ctx) {
  if (ctx->config->http_auth == GitSourceConfig::HttpAuth::kNone) {
    return Refuse(ctx, GIT_ERROR_HTTP,
                  "the server asks for credentials and none are configured (http_auth)", GIT_EAUTH);
  }
  if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) == 0) {
    return Refuse(ctx, GIT_ERROR_HTTP, "the server does not accept basic authentication",
                  GIT_EAUTH);
  }
  return git_credential_userpass_plaintext_new(out, ctx->username.c_str(), ctx->secret.c_str());
}

int AcquireCredential(git_credential** out, const char* /*url*/, const char* /*url_user*/,
                      unsigned int allowed, void* payload) {
  auto* ctx = static_cast<FetchContext*>(payload);
  if ((allowed & GIT_CREDENTIAL_USERNAME) != 0) {
    return git_credential_username_new(out, SshUser(*ctx->config, ctx->url).c_str());
  }
  // libgit2 asks again after a rejection; answering again would loop.
  if (++ctx->credential_attempts > 1) {
    return Refuse(ctx, GIT_ERROR_NET, "the server rejected the configured credentials", GIT_EAUTH);
  }
  switch (ctx->url.transport) {
    case Transport::kSsh:
      return SshKeyCredential(out, allowed, ctx);
    case Transport::kHttp:
    case Transport::kHttps:
      return HttpCredential(out, allowed, ctx);
    case Transport::kLocal:
    case Transport::kGit:
      break;
  }
  return Refuse(ctx, GIT_ERROR_NET, "this transport takes no credentials", GIT_EAUTH);
}

int CheckCertificate(git_cert* cert, int /*valid*/, const char* host, void* payload) {
  auto* ctx = static_cast<FetchContext*>(payload);
  if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) {
    // TLS: libgit2's own verification (system or configured CA bundle) decides.
    return GIT_PASSTHROUGH;
  }
  const auto* hostkey = reinterpret_cast<const git_cert_hostkey*>(cert);
  if ((hostkey->type & GIT_CERT_SSH_RAW) == 0 || hostkey->hostkey == nullptr) {
    return Refuse(ctx, GIT_ERROR_SSH, "libgit2 did not report the raw ssh host key",
                  GIT_ECERTIFICATE);
  }
  if (!ctx->known_hosts) {
    return Refuse(ctx, GIT_ERROR_SSH, "no known_hosts file is configured", GIT_ECERTIFICATE);
  }
  std::string_view key(hostkey->hostkey, hostkey->hostkey_len);
  std::string name = host != nullptr ? host : ctx->url.host;
  HostKeyCheck check = ctx->known_hosts->Check(name, ctx->url.port, key);
  if (check.verdict == HostKeyVerdict::kMatch) return 0;
  return Refuse(
      ctx, GIT_ERROR_SSH,
      "refusing ssh host key: " + check.message + " (" + ctx->config->known_hosts_file + ")",
      GIT_ECERTIFICATE);
}

}  // namespace

FetchContext::~FetchContext() {
  OPENSSL_cleanse(username.data(), username.size());
  OPENSSL_cleanse(secret.data(), secret.size());
  OPENSSL_cleanse(passphrase.data(), passphrase.size());
}

std::string SshUser(const GitSourceConfig& config, const RemoteUrl& url) {
  if (!config.ssh_user.empty()) return config.ssh_user;
  if (!url.user.empty()) return url.user;
  return "git";
}

Status PrepareFetchContext(const GitSourceConfig& config, const RemoteUrl& url, FetchContext* ctx) {
  ctx->config = &config;
  ctx->url = url;
  if (url.transport == Transport::kHttp || url.transport == Transport::kHttps) {
    return PrepareHttpAuth(config, ctx);
  }
  if (url.transport != Transport::kSsh) return Status::Ok();
  Result<KnownHosts> hosts = KnownHosts::Load(config.known_hosts_file);
  if (!hosts.ok()) return hosts.status();
  ctx->known_hosts = std::move(hosts).value();
  if (config.ssh_passphrase_file.empty()) return Status::Ok();
  return ReadSecretFile(config.ssh_passphrase_file, &ctx->passphrase);
}

git_remote_callbacks MakeCallbacks(FetchContext* ctx) {
  git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
  callbacks.credentials = AcquireCredential;
  callbacks.certificate_check = CheckCertificate;
  callbacks.payload = ctx;
  return callbacks;
}

Status InstallCaBundle(const std::string& path) {
  static std::mutex mu;
  static std::string installed;
  std::lock_guard<std::mutex> lock(mu);
  if (installed == path) return Status::Ok();
  if (!installed.empty()) {
    return Status::FailedPrecondition("libgit2 already uses CA bundle " + installed +
                                      "; one process can use only one (asked for " + path + ")");
  }
  int rc = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, path.c_str(), nullptr);
  if (rc < 0) return GitError(rc, "cannot use CA bundle " + path, StatusCode::kInvalidArgument);
  installed = path;
  return Status::Ok();
}

}  // namespace cocoplane::source::git
