// totp_key.cc: an authenticator app's key at rest: HKDF-SHA256 from the
// server secret, AES-256-GCM with a fresh nonce, the account authenticated
#include "totp_key.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include "error.h"
#include "openssl_ptr.h"
#include "password.h"
#include "random.h"

namespace kosmo {

namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::size_t kKeyBytes = 32;    // AES-256
constexpr std::size_t kNonceBytes = 12;  // GCM's own size: no extra GHASH of the nonce
constexpr std::size_t kTagBytes = 16;    // GCM's full tag

// The cipher key: HKDF-SHA256 with no salt (the server secret is already
// uniformly random, at least 32 bytes) and an info naming this use, so the
// key differs from anything else derived from the same secret.
std::string derive_key(std::string_view server_secret) {
    if (server_secret.empty())
        throw CryptoError("totp key: empty server secret");
    KdfPtr kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr));
    if (!kdf)
        throw CryptoError("cannot fetch kdf 'HKDF'");
    KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        throw CryptoError("cannot create kdf context 'HKDF'");
    char digest[] = "SHA256";
    char info[] = "kosmo totp key v1";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_KEY, const_cast<char*>(server_secret.data()), server_secret.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, sizeof info - 1),
        OSSL_PARAM_construct_end(),
    };
    std::string key(kKeyBytes, '\0');
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(&key[0]), key.size(), params) !=
        1)
        throw CryptoError("hkdf-sha256 failed");
    return key;
}

// What GCM authenticates besides the ciphertext: the version and the account.
std::string associated_data(std::uint64_t account_id) {
    return std::string(kVersion) + '\0' + std::to_string(account_id);
}

// A GCM context set up for KEY and NONCE, encrypting or decrypting, with the
// associated data already fed in.
CipherCtxPtr gcm_context(std::string_view key, std::string_view nonce, std::string_view aad,
                         bool encrypt) {
    CipherPtr cipher(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
    if (!cipher)
        throw CryptoError("cannot fetch cipher 'AES-256-GCM'");
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        throw CryptoError("cannot create cipher context");
    const auto* k = reinterpret_cast<const unsigned char*>(key.data());
    const auto* iv = reinterpret_cast<const unsigned char*>(nonce.data());
    const int ok = encrypt ? EVP_EncryptInit_ex2(ctx.get(), cipher.get(), k, iv, nullptr)
                           : EVP_DecryptInit_ex2(ctx.get(), cipher.get(), k, iv, nullptr);
    int len = 0;
    if (ok != 1 ||
        EVP_CipherUpdate(ctx.get(), nullptr, &len,
                         reinterpret_cast<const unsigned char*>(aad.data()), int(aad.size())) != 1)
        throw CryptoError("aes-256-gcm set-up failed");
    return ctx;
}

// The three fields of a sealed string, decoded; nullopt when malformed.
struct Sealed {
    std::string nonce;
    std::string body;  // ciphertext, then the tag
};
std::optional<Sealed> parse_sealed(std::string_view sealed) {
    const auto d1 = sealed.find('$');
    if (d1 == std::string_view::npos || sealed.substr(0, d1) != kVersion)
        return std::nullopt;
    const auto d2 = sealed.find('$', d1 + 1);
    if (d2 == std::string_view::npos || sealed.find('$', d2 + 1) != std::string_view::npos)
        return std::nullopt;
    auto nonce = base64_decode(sealed.substr(d1 + 1, d2 - d1 - 1));
    auto body = base64_decode(sealed.substr(d2 + 1));
    if (!nonce || !body || nonce->size() != kNonceBytes || body->size() < kTagBytes)
        return std::nullopt;
    return Sealed{std::move(*nonce), std::move(*body)};
}

}  // namespace

std::string seal_totp_secret(std::string_view server_secret, std::uint64_t account_id,
                             std::string_view secret) {
    const std::string nonce = random_bytes(kNonceBytes);
    CipherCtxPtr ctx =
        gcm_context(derive_key(server_secret), nonce, associated_data(account_id), true);
    std::string body(secret.size() + kTagBytes, '\0');
    auto* out = reinterpret_cast<unsigned char*>(&body[0]);
    int len = 0, final_len = 0;
    if (EVP_EncryptUpdate(ctx.get(), out, &len,
                          reinterpret_cast<const unsigned char*>(secret.data()),
                          int(secret.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), out + len, &final_len) != 1 ||
        std::size_t(len + final_len) != secret.size() ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kTagBytes), out + secret.size()) !=
            1)
        throw CryptoError("aes-256-gcm encryption failed");
    return std::string(kVersion) + "$" + base64url(nonce) + "$" + base64url(body);
}

std::optional<std::string> open_totp_secret(std::string_view server_secret,
                                            std::uint64_t account_id, std::string_view sealed) {
    auto parsed = parse_sealed(sealed);
    if (!parsed)
        return std::nullopt;
    CipherCtxPtr ctx =
        gcm_context(derive_key(server_secret), parsed->nonce, associated_data(account_id), false);
    const std::size_t text_size = parsed->body.size() - kTagBytes;
    std::string text(text_size, '\0');
    auto* body = reinterpret_cast<unsigned char*>(&parsed->body[0]);
    int len = 0, final_len = 0;
    if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(&text[0]), &len, body,
                          int(text_size)) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kTagBytes), body + text_size) != 1)
        throw CryptoError("aes-256-gcm decryption failed");
    // Only the tag's check fails here for a wrong key, account or byte: the
    // text decrypted so far is thrown away with it.
    if (EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(&text[0]) + len,
                            &final_len) != 1)
        return std::nullopt;
    return text;
}

}  // namespace kosmo
