// password.cc: scrypt hash strings, random tokens, digests, constant-time compare
#include "password.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "error.h"
#include "openssl_ptr.h"

namespace kosmo {

namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kKeyBytes = 32;

// Bounds for parameters read back from a stored string. A tampered or
// corrupt row must never make us allocate gigabytes or spin for minutes, so
// besides the per-field ranges the memory (128·r·N bytes) is capped at 1 GiB.
constexpr unsigned kMinLog2N = 10, kMaxLog2N = 22;
constexpr unsigned kMaxR = 32, kMaxP = 16;
constexpr std::uint64_t kMaxMemory = std::uint64_t(1) << 30;
constexpr std::size_t kMinSaltBytes = 8, kMaxSaltBytes = 64;
constexpr std::size_t kMinKeyBytes = 16, kMaxKeyBytes = 64;

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode64(std::string_view bytes, const char* alphabet, bool pad) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16 |
                                std::uint32_t(std::uint8_t(bytes[i + 1])) << 8 |
                                std::uint8_t(bytes[i + 2]);
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        out += alphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16;
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        if (pad)
            out += "==";
    } else if (rest == 2) {
        const std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16 |
                                std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        if (pad)
            out += '=';
    }
    return out;
}

int value64(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

// Strict unsigned decimal: digits only, no sign, no leading zero, at most 9
// digits (so it always fits).
std::optional<unsigned> parse_small_uint(std::string_view s) {
    if (s.empty() || s.size() > 9 || (s.size() > 1 && s[0] == '0'))
        return std::nullopt;
    unsigned v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + unsigned(c - '0');
    }
    return v;
}

bool params_in_range(const ScryptParams& p) {
    if (p.log2_n < kMinLog2N || p.log2_n > kMaxLog2N || p.r < 1 || p.r > kMaxR || p.p < 1 ||
        p.p > kMaxP)
        return false;
    return std::uint64_t(128) * p.r * (std::uint64_t(1) << p.log2_n) <= kMaxMemory;
}

// "ln=17,r=8,p=1" exactly.
std::optional<ScryptParams> parse_params(std::string_view s) {
    ScryptParams out;
    const char* names[] = {"ln=", "r=", "p="};
    unsigned* fields[] = {&out.log2_n, &out.r, &out.p};
    for (int i = 0; i < 3; ++i) {
        const std::string_view name = names[i];
        if (s.substr(0, name.size()) != name)
            return std::nullopt;
        s.remove_prefix(name.size());
        const auto end = i < 2 ? s.find(',') : s.size();
        if (end == std::string_view::npos)
            return std::nullopt;
        auto v = parse_small_uint(s.substr(0, end));
        if (!v)
            return std::nullopt;
        *fields[i] = *v;
        s.remove_prefix(i < 2 ? end + 1 : end);
    }
    if (!params_in_range(out))
        return std::nullopt;
    return out;
}

struct ParsedHash {
    ScryptParams params;
    std::string salt;
    std::string key;
};

// $scrypt$ln=17,r=8,p=1$<salt>$<key>, base64 without padding.
std::optional<ParsedHash> parse_hash(std::string_view s) {
    constexpr std::string_view prefix = "$scrypt$";
    if (s.substr(0, prefix.size()) != prefix)
        return std::nullopt;
    s.remove_prefix(prefix.size());
    const auto d1 = s.find('$');
    if (d1 == std::string_view::npos)
        return std::nullopt;
    const auto d2 = s.find('$', d1 + 1);
    if (d2 == std::string_view::npos || s.find('$', d2 + 1) != std::string_view::npos)
        return std::nullopt;
    const std::string_view salt64 = s.substr(d1 + 1, d2 - d1 - 1);
    const std::string_view key64 = s.substr(d2 + 1);
    if (salt64.find('=') != std::string_view::npos || key64.find('=') != std::string_view::npos)
        return std::nullopt;
    auto params = parse_params(s.substr(0, d1));
    auto salt = base64_decode(salt64);
    auto key = base64_decode(key64);
    if (!params || !salt || !key)
        return std::nullopt;
    if (salt->size() < kMinSaltBytes || salt->size() > kMaxSaltBytes ||
        key->size() < kMinKeyBytes || key->size() > kMaxKeyBytes)
        return std::nullopt;
    return ParsedHash{*params, std::move(*salt), std::move(*key)};
}

std::string format_params(const ScryptParams& p) {
    return "ln=" + std::to_string(p.log2_n) + ",r=" + std::to_string(p.r) +
           ",p=" + std::to_string(p.p);
}

std::string scrypt(std::string_view password, std::string_view salt, const ScryptParams& p,
                   std::size_t key_len) {
    if (p.log2_n < 1 || p.log2_n > 40 || p.r < 1 || p.p < 1)
        throw CryptoError("scrypt parameters '" + format_params(p) + "' out of range");
    KdfPtr kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_SCRYPT, nullptr));
    if (!kdf)
        throw CryptoError("cannot fetch kdf 'SCRYPT'");
    KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        throw CryptoError("cannot create kdf context 'SCRYPT'");

    std::uint64_t n = std::uint64_t(1) << p.log2_n;
    std::uint32_t r = p.r;
    std::uint32_t par = p.p;
    // OpenSSL needs 128·r·(N+2) bytes for V plus 128·r·p for B; its default
    // cap (32 MiB) refuses N=2^17, r=8, so the cap is raised to what these
    // parameters need plus a margin.
    std::uint64_t maxmem =
        std::uint64_t(128) * r * (n + 2) + std::uint64_t(128) * r * par + (std::uint64_t(1) << 20);
    // An empty password still needs a valid pointer for the octet string.
    static char empty = 0;
    char* pw = password.empty() ? &empty : const_cast<char*>(password.data());
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, pw, password.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()),
                                          salt.size()),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &par),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    std::string key(key_len, '\0');
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(&key[0]), key.size(), params) !=
        1)
        throw CryptoError("scrypt with '" + format_params(p) + "' failed");
    return key;
}

}  // namespace

std::string hash_password(std::string_view password, const ScryptParams& params) {
    const std::string salt = random_bytes(kSaltBytes);
    const std::string key = scrypt(password, salt, params, kKeyBytes);
    return "$scrypt$" + format_params(params) + "$" + encode64(salt, kB64, false) + "$" +
           encode64(key, kB64, false);
}

bool verify_password(std::string_view password, std::string_view encoded) {
    auto parsed = parse_hash(encoded);
    if (!parsed)
        return false;
    std::string key;
    try {
        key = scrypt(password, parsed->salt, parsed->params, parsed->key.size());
    } catch (const CryptoError&) {
        // Parameters passed our bounds, so this is a memory failure; for the
        // caller it is simply "no match" (the header promises no exception).
        return false;
    }
    return constant_time_equal(key, parsed->key);
}

std::optional<ScryptParams> hash_params(std::string_view encoded) {
    auto parsed = parse_hash(encoded);
    if (!parsed)
        return std::nullopt;
    return parsed->params;
}

bool needs_rehash(std::string_view encoded, const ScryptParams& params) {
    auto p = hash_params(encoded);
    return !p || p->log2_n != params.log2_n || p->r != params.r || p->p != params.p;
}

const std::string& dummy_hash(const ScryptParams& params) {
    // std::map never moves its elements, so the references handed out stay
    // valid while other entries are added.
    static std::mutex mutex;
    static std::map<std::tuple<unsigned, unsigned, unsigned>, std::string> cache;
    const auto key = std::make_tuple(params.log2_n, params.r, params.p);
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(key);
    if (it == cache.end()) {
        // A random key in place of a derived one: it matches no password,
        // and making it costs no scrypt run, so even the first unknown ID a
        // process sees costs one hash, like every other.
        const std::string salt = random_bytes(kSaltBytes);
        const std::string random_key = random_bytes(kKeyBytes);
        it = cache
                 .emplace(key, "$scrypt$" + format_params(params) + "$" +
                                   encode64(salt, kB64, false) + "$" +
                                   encode64(random_key, kB64, false))
                 .first;
    }
    return it->second;
}

std::string random_token(std::size_t n) {
    return base64url(random_bytes(n));
}

std::string random_string(std::size_t len, std::string_view alphabet) {
    if (alphabet.empty() || alphabet.size() > 256)
        throw Error("random_string: alphabet of " + std::to_string(alphabet.size()) +
                    " characters");
    const unsigned k = unsigned(alphabet.size());
    // Bytes at or above LIMIT would favour the first characters; drop them.
    const unsigned limit = 256 - 256 % k;
    std::string out;
    out.reserve(len);
    while (out.size() < len) {
        const std::string batch = random_bytes(len - out.size() + 8);
        for (char c : batch) {
            const unsigned b = std::uint8_t(c);
            if (b < limit && out.size() < len)
                out += alphabet[b % k];
        }
    }
    return out;
}

std::string base64url(std::string_view bytes) {
    return encode64(bytes, kB64Url, false);
}

std::string base64(std::string_view bytes) {
    return encode64(bytes, kB64, true);
}

std::optional<std::string> base64_decode(std::string_view text) {
    // Padding is optional, but when present it must complete the last quad.
    std::size_t pad = 0;
    while (!text.empty() && text.back() == '=' && pad < 2) {
        text.remove_suffix(1);
        ++pad;
    }
    if (pad > 0 && (text.size() + pad) % 4 != 0)
        return std::nullopt;
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3 + 2);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const int v = value64(c);
        if (v < 0)
            return std::nullopt;
        acc = acc << 6 | unsigned(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char(acc >> bits & 0xff);
        }
    }
    // Leftover bits must be zero, so every byte string has one encoding
    // (a tampered hash string cannot pass in two spellings).
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

std::string sha256(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1 || len != 32)
        throw CryptoError("sha256 digest failed");
    return std::string(reinterpret_cast<char*>(md), len);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    // Every page's CSRF token is an HMAC under the same secret: each thread
    // keeps a context set up with the last key, and only restarts it when
    // the key is the same (fetching the algorithm and keying the context
    // cost more than hashing the few bytes of a token).
    struct Keyed {
        std::string key;
        MacCtxPtr ctx;
    };
    thread_local Keyed keyed;
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t len = 0;
    bool ok = false;
    if (keyed.ctx && keyed.key == key) {
        ok = EVP_MAC_init(keyed.ctx.get(), nullptr, 0, nullptr) == 1;
    } else {
        keyed.ctx.reset();
        MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
        if (!mac)
            throw CryptoError("cannot fetch mac 'HMAC'");
        MacCtxPtr ctx(EVP_MAC_CTX_new(mac.get()));
        if (!ctx)
            throw CryptoError("cannot create mac context 'HMAC'");
        char digest[] = "SHA256";
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
            OSSL_PARAM_construct_end(),
        };
        // An empty key still needs a valid pointer.
        static const unsigned char empty = 0;
        const auto* k = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
        ok = EVP_MAC_init(ctx.get(), k, key.size(), params) == 1;
        if (ok) {
            keyed.key.assign(key);
            keyed.ctx = std::move(ctx);
        }
    }
    ok = ok && EVP_MAC_update(keyed.ctx.get(), bytes, data.size()) == 1 &&
         EVP_MAC_final(keyed.ctx.get(), out, &len, sizeof out) == 1 && len == 32;
    if (!ok) {
        keyed.ctx.reset();  // in an unknown state: set up afresh next time
        throw CryptoError("hmac-sha256 failed");
    }
    return std::string(reinterpret_cast<char*>(out), len);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    if (a.empty())
        return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kosmo
