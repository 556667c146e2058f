#include "source/http_test_pki.h"

#include "source/git_test_util.h"

namespace cocoplane::testing {
namespace {

// `-config /dev/null` keeps the host's /etc/ssl/openssl.cnf (default
// extensions, policies) out of the certificates: every extension is named
// here, so the files are the same on any machine.
constexpr char kNewEcKey[] =
    "openssl req -config /dev/null -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256";

}  // namespace

CertAndKey MakeTestCa(const std::string& dir, const std::string& name,
                      const std::string& common_name) {
  CertAndKey ca{dir + "/" + name + ".pem", dir + "/" + name + ".key"};
  // mbedTLS refuses an issuer without basicConstraints CA:TRUE.
  MustRun(dir, std::string(kNewEcKey) + " -x509 -days 2 -subj " + ShellQuote("/CN=" + common_name) +
                   " -addext basicConstraints=critical,CA:TRUE" +
                   " -addext keyUsage=critical,keyCertSign,cRLSign" +
                   " -keyout " + ShellQuote(ca.key_file) + " -out " + ShellQuote(ca.cert_file) +
                   " 2>&1");
  return ca;
}

CertAndKey IssueServerCert(const CertAndKey& ca, const std::string& dir, const std::string& name,
                           const std::string& san) {
  CertAndKey cert{dir + "/" + name + ".pem", dir + "/" + name + ".key"};
  const std::string csr = dir + "/" + name + ".csr";
  const std::string ext = dir + "/" + name + ".ext";
  WriteFile(ext, "subjectAltName=" + san +
                     "\nbasicConstraints=critical,CA:FALSE\n"
                     "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
  MustRun(dir, std::string(kNewEcKey) + " -subj " + ShellQuote("/CN=" + name) + " -keyout " +
                   ShellQuote(cert.key_file) + " -out " + ShellQuote(csr) + " 2>&1");
  // Random serials (-CAcreateserial would share one serial file per CA).
  MustRun(dir, "openssl x509 -req -days 2 -set_serial 0x$(openssl rand -hex 8) -in " +
                   ShellQuote(csr) + " -CA " + ShellQuote(ca.cert_file) + " -CAkey " +
                   ShellQuote(ca.key_file) + " -extfile " + ShellQuote(ext) + " -out " +
                   ShellQuote(cert.cert_file) + " 2>&1");
  return cert;
}

}  // namespace cocoplane::testing
