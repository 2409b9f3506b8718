// password.h: scrypt hash strings, random tokens, digests, constant-time compare
#ifndef KOSMO_PASSWORD_H
#define KOSMO_PASSWORD_H

#include <optional>
#include <string>
#include <string_view>

#include "random.h"

namespace kosmo {

// scrypt cost: N = 2^log2_n, block size r, parallelism p.
struct ScryptParams {
    unsigned log2_n = 17;
    unsigned r = 8;
    unsigned p = 1;
};

// Hashes PASSWORD with scrypt (OpenSSL EVP_KDF "SCRYPT", 16-byte random
// salt, 32-byte key) into a self-describing string:
//   $scrypt$ln=17,r=8,p=1$<salt, base64 no padding>$<key, base64 no padding>
// Throws CryptoError when OpenSSL fails (e.g. memory).
std::string hash_password(std::string_view password, const ScryptParams& params);

// True when PASSWORD matches ENCODED (compared in constant time). A
// malformed ENCODED is false, never an exception.
[[nodiscard]] bool verify_password(std::string_view password, std::string_view encoded);

// The parameters of ENCODED, if it is a well-formed scrypt string.
std::optional<ScryptParams> hash_params(std::string_view encoded);

// True when ENCODED was made with other parameters than PARAMS (to rehash
// after a successful login when the cost was raised).
bool needs_rehash(std::string_view encoded, const ScryptParams& params);

// A hash of a password nobody knows, with PARAMS: verified against when a
// login ID is unknown, so an unknown ID costs the same as a wrong password.
const std::string& dummy_hash(const ScryptParams& params);

// N random bytes as base64url without padding (session IDs, tokens).
std::string random_token(std::size_t n = 32);

// A random string of LEN characters from ALPHABET (rejection sampling, no bias).
std::string random_string(std::size_t len, std::string_view alphabet);

std::string base64url(std::string_view bytes);  // no padding
std::string base64(std::string_view bytes);     // standard, with padding
std::optional<std::string> base64_decode(
    std::string_view text);  // standard or url, padding optional

std::string sha256(std::string_view data);                             // 32 raw bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes

// Equal length and equal bytes, in time that depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace kosmo

#endif
