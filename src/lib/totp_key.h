// totp_key.h: an authenticator app's key at rest, sealed with AES-256-GCM
// under a key derived from the server secret
#ifndef KOSMO_TOTP_KEY_H
#define KOSMO_TOTP_KEY_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kosmo {

// SECRET (an app's TOTP key, raw bytes) sealed for the account ACCOUNT_ID
// under SERVER_SECRET (Config::secret_bytes), as one string:
//   v1$<nonce, base64url>$<ciphertext and 16-byte tag, base64url>
// The cipher key is HKDF-SHA256(SERVER_SECRET, info "kosmo totp key v1"),
// never stored; the 12-byte nonce is fresh from the kernel's CSPRNG each
// time, so two seals of one key differ. The version and ACCOUNT_ID are
// authenticated with it: a sealed key copied into another account's row
// does not open there. A database dump alone therefore gives no code; a new
// server secret makes every sealed key unreadable (the members set their
// app up again). Throws CryptoError when OpenSSL or getrandom fails.
std::string seal_totp_secret(std::string_view server_secret, std::uint64_t account_id,
                             std::string_view secret);

// The key sealed in SEALED for ACCOUNT_ID. nullopt when SEALED is malformed,
// of another version, sealed under another server secret or for another
// account, or changed in any byte (GCM's tag): never an exception for
// those. Throws CryptoError only when OpenSSL itself fails.
std::optional<std::string> open_totp_secret(std::string_view server_secret,
                                            std::uint64_t account_id, std::string_view sealed);

}  // namespace kosmo

#endif
