// factor.h: the second factor's pieces: TOTP through liboath, the app's key
// as Base32 text and otpauth URI, its QR code as SVG, mail and recovery codes
// with their keyed hashes (SPEC "二段階認証"). Pure: no I/O but the kernel's
// CSPRNG; the key at rest is totp_key.h's.
#ifndef KOSMO_FACTOR_H
#define KOSMO_FACTOR_H

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "society.h"

namespace kosmo {

// --- the policy ------------------------------------------------------------

// What a login must prove after the password.
enum class FactorNeed {
    None,  // nothing: the password opens the portal
    Mail,  // a code mailed to the registered address
    App,   // the authenticator app's code (or a recovery code)
};

// The factor a member with HAS_APP and MAIL_CODES_ON (turned on in
// 登録情報の変更) proves under POLICY (mfa_in_force): an app once set up
// is always asked for, whatever the policy; otherwise `required` mails a
// code, `optional` only when the member turned codes by mail on, and `off`
// asks nothing.
FactorNeed factor_needed(MfaPolicy policy, bool has_app, bool mail_codes_on);

// The guessing limit of the app's and the recovery codes, at login and at
// the app's removal alike: the fifth wrong one in a row makes the
// account's code step wait 30 minutes (q::factor_failed).
inline constexpr unsigned kFactorMaxFailures = 5;
inline constexpr unsigned kFactorLockMinutes = 30;

// --- TOTP (RFC 6238 as SPEC says: HMAC-SHA-1, 6 digits, 30-second steps
// from the Unix epoch, one step of clock drift either way) ---------------
//
// liboath is initialised once per process, on first use (a function-local
// static whose destructor calls oath_done at exit). After that its TOTP
// functions touch only their arguments (Debian's build hashes with its own
// SHA-1, no library state), so every function here may run on any number
// of threads at once.

inline constexpr unsigned kTotpDigits = 6;
inline constexpr unsigned kTotpStepSeconds = 30;
inline constexpr int kTotpDriftSteps = 1;
// The key's length: SHA-1's output size, the length RFC 4226 recommends
// and the one authenticator apps expect.
inline constexpr std::size_t kTotpSecretBytes = 20;

// A new app key: 20 bytes from the kernel's CSPRNG. Throws CryptoError.
std::string new_totp_secret();

// The time step of NOW: floor(NOW / 30), 0 before 1970-01-01T00:00:30Z.
std::int64_t totp_step(std::time_t now);

// The 6-digit code of SECRET at time step STEP (>= 0), as an app shows it
// (leading zeros kept). Throws CryptoError when liboath fails (an empty
// SECRET, a negative STEP).
std::string totp_code(std::string_view secret, std::int64_t step);

enum class TotpCheck {
    Accepted,  // matched a step after the last one accepted
    Replayed,  // matched only steps at or before the last one accepted
    Wrong,     // matched no step of the window
};
struct TotpResult {
    TotpCheck check;
    std::int64_t step;  // the step matched (Accepted, Replayed); 0 when Wrong
};

// Checks CODE (as typed_code returns it) against SECRET at NOW over the
// steps NOW-1, NOW and NOW+1. Accepted names the earliest matching step
// after LAST_STEP (0 when the account has accepted none): the caller
// stores it as the account's last accepted step in the transaction that
// lets the member in, so the same code (or an older one) is then Replayed.
// Every step of the window is computed and compared in constant time,
// whichever matches. Throws CryptoError when liboath fails.
[[nodiscard]] TotpResult check_totp(std::string_view secret, std::string_view code, std::time_t now,
                                    std::int64_t last_step);

// --- the key for the member's app ------------------------------------------

// BYTES in RFC 4648 Base32 (A-Z, 2-7), without '=' padding.
std::string base32(std::string_view bytes);

// The bytes of TEXT in Base32 (either case; spaces ignored; padding
// optional); nullopt when TEXT is not Base32. liboath's decoder.
std::optional<std::string> base32_decode(std::string_view text);

// TEXT in groups of N (> 0) characters with one space between them, the
// key as a member types it: "ABCD EFGH ...".
std::string in_groups(std::string_view text, std::size_t n);

// The URI an authenticator app reads from the QR code (the key URI format
// the apps share):
//   otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
// ISSUER (the site's name) and ACCOUNT (the user ID) percent-encoded as
// UTF-8 (a ':' in either too, so only the one between them separates).
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret);

// TEXT as a QR code (libqrencode, error correction M) in SVG: a white
// square with a quiet zone of 4 modules and one path of the dark modules,
// viewBox in modules, shape-rendering crispEdges, 4 px a module; no script,
// no external reference, nothing but those two elements. Throws Error when
// libqrencode cannot encode TEXT (longer than a QR code holds, a NUL).
// Any thread: Debian's libqrencode is built with its own locks.
std::string qr_svg(std::string_view text);

// --- codes typed by the member ---------------------------------------------

// TYPED as a 6-digit code (an app's or a mail's): full-width digits made
// ASCII and spaces and hyphens dropped, as normalize_input and beyond;
// nullopt unless 6 digits remain.
std::optional<std::string> typed_code(std::string_view typed);

// A code to mail: 6 digits, 000000..999999 uniformly (each digit from the
// kernel's CSPRNG by rejection sampling: random_string). Throws CryptoError.
std::string new_mail_code();

inline constexpr std::size_t kRecoveryCodes = 10;
inline constexpr std::size_t kRecoveryCodeChars = 10;

// Ten new recovery codes, each 10 characters of Crockford's Base32 (0-9 and
// A-Z without I, L, O and U): 50 bits each. Online, 5 wrong codes in a row
// make the account wait 30 minutes, so guessing one of ten takes ~2^46
// tries; offline, the hashes are keyed with the server secret (code_hash).
// Canonical form (what code_hash takes), no separator. Throws CryptoError.
std::vector<std::string> new_recovery_codes();

// CODE in two groups of 5, as the page shows it: "7KQ2X-M9RT4".
std::string recovery_code_display(std::string_view code);

// TYPED as a recovery code in canonical form: full-width forms made ASCII,
// spaces and hyphens dropped, lower case raised, and the letters a member
// may read for a digit taken as it (O as 0, I and L as 1); nullopt unless
// 10 characters of the alphabet remain.
std::optional<std::string> typed_recovery_code(std::string_view typed);

// --- stored codes ----------------------------------------------------------

enum class CodeKind { Mail, Recovery };

// The stored form of CODE (canonical: typed_code's or typed_recovery_code's)
// for the account ACCOUNT_ID: HMAC-SHA256 keyed with SERVER_SECRET
// (Config::secret_bytes) over the kind, the account and the code; 32 raw
// bytes (a BINARY(32) column). Keyed, because a mail code has only 10^6
// values and a recovery code 2^50: a plain SHA-256 of either is reversed
// from a database dump by trying them all, while without the server secret
// (never in the database) nothing can be tried. A fast hash, not scrypt,
// because the key already stops offline guessing and the code step must
// cost no password hash (ASVS 5.0 6.5.2 names a salted password hash for
// look-up secrets under 112 bits: this keyed hash is the deliberate
// alternative). HMAC rather than SHA-256 of the key and the code: the
// construction made for keying a hash, and password.h's, which keeps the
// server secret's context per thread. The kind and account make a hash
// useless in any other place (copied to another account's row, or a mail
// code's as a recovery code's). Throws CryptoError.
std::string code_hash(std::string_view server_secret, CodeKind kind, std::uint64_t account_id,
                      std::string_view code);

// True when CODE hashes to STORED (constant_time_equal).
[[nodiscard]] bool code_matches(std::string_view server_secret, CodeKind kind,
                                std::uint64_t account_id, std::string_view code,
                                std::string_view stored);

}  // namespace kosmo

#endif
