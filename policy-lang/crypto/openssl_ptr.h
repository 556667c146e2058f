// Owning pointers for OpenSSL objects, so an early `return` on an error path
// never leaks. Each alias frees with the matching OpenSSL function; the
// `Secret` variants wipe the memory first (BN_clear_free, EC_POINT_clear_free)
// and are for scalars, nonces and private points.
//
// Include only from .cc files that already link OpenSSL::Crypto: OpenSSL
// stays a PRIVATE dependency and never appears in a public header.
#ifndef COCOPLANE_CRYPTO_OPENSSL_PTR_H_
#define COCOPLANE_CRYPTO_OPENSSL_PTR_H_

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include <memory>

namespace cocoplane::crypto::ossl {

template <typename T, void (*kFree)(T*)>
struct Deleter {
  void operator()(T* p) const { kFree(p); }
};
template <typename T, void (*kFree)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, kFree>>;

using PkeyPtr = Owned<EVP_PKEY, EVP_PKEY_free>;
using PkeyCtxPtr = Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using MdCtxPtr = Owned<EVP_MD_CTX, EVP_MD_CTX_free>;
using BioPtr = Owned<BIO, BIO_free_all>;
using BnPtr = Owned<BIGNUM, BN_free>;
using SecretBnPtr = Owned<BIGNUM, BN_clear_free>;
using BnCtxPtr = Owned<BN_CTX, BN_CTX_free>;
using GroupPtr = Owned<EC_GROUP, EC_GROUP_free>;
using SecretPointPtr = Owned<EC_POINT, EC_POINT_clear_free>;
using EcdsaSigPtr = Owned<ECDSA_SIG, ECDSA_SIG_free>;
using ParamBldPtr = Owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using ParamPtr = Owned<OSSL_PARAM, OSSL_PARAM_free>;

}  // namespace cocoplane::crypto::ossl

#endif  // COCOPLANE_CRYPTO_OPENSSL_PTR_H_
