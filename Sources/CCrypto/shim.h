#ifndef APPTRAIL_CCRYPTO_SHIM_H
#define APPTRAIL_CCRYPTO_SHIM_H
// OpenSSL's digests, for the SHA-256 of exported files (SHA extensions make it run at memory speed).
#include <openssl/evp.h>
#endif
