// Test helpers for https: throw-away certificate authorities and server
// certificates made at test time with the `openssl` CLI (no key or
// certificate lives in the source tree).
//
// Keys are ECDSA P-256 (accepted by lighttpd's OpenSSL and by the mbedTLS
// that Debian's libgit2 uses). Certificates are valid for two days from now.
// A failing `openssl` call records a test failure (EXPECT) and leaves the
// files missing, which the server start then reports.
//
// Not thread-safe; each test process runs its tests one after another.
#ifndef COCOPLANE_TESTS_SOURCE_HTTP_TEST_PKI_H_
#define COCOPLANE_TESTS_SOURCE_HTTP_TEST_PKI_H_

#include <string>

namespace cocoplane::testing {

// A PEM certificate and its unencrypted PEM private key.
struct CertAndKey {
  std::string cert_file;
  std::string key_file;
};

// Makes a self-signed CA "<dir>/<name>.pem" + "<dir>/<name>.key" with
// subject CN=<common_name> (basicConstraints CA:TRUE, keyCertSign).
CertAndKey MakeTestCa(const std::string& dir, const std::string& name,
                      const std::string& common_name);

// Issues "<dir>/<name>.pem" + "<dir>/<name>.key", a TLS server certificate
// signed by `ca`, with subjectAltName `san` (OpenSSL syntax, e.g.
// "DNS:localhost,IP:127.0.0.1") and extendedKeyUsage serverAuth.
CertAndKey IssueServerCert(const CertAndKey& ca, const std::string& dir, const std::string& name,
                           const std::string& san);

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTS_SOURCE_HTTP_TEST_PKI_H_
