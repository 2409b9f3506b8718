// factors.h: the second factor's rows (SPEC "二段階認証"): an account's
// factors and their guessing counter, the codes mailed at login, the app's
// recovery codes, trusted browsers and the key a session is setting up.
// Codes and tokens arrive hashed (factor.h's code_hash, SHA-256), the app's
// key sealed (totp_key.h): nothing here sees a secret in the clear. One
// prepared statement per function in the caller's transaction; all throw
// DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_FACTORS_H
#define KOSMO_Q_FACTORS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"
#include "society.h"

namespace kosmo::q {

// What the login needs to know of an account's second factor.
struct AccountFactors {
    std::int64_t account_id = 0;
    std::int64_t member_id = 0;
    std::string user_id, email;  // the code mail's addressee
    std::string totp_key;        // sealed; "" = no app
    std::int64_t totp_last_step = 0;
    bool mail_codes = false;               // the member turned codes by mail on
    bool locked = false;                   // factor_locked_until is still ahead
    std::optional<MfaPolicy> society_mfa;  // none: the site's policy
    std::string insurer_number, society_name;
    // Read by kFactorAtLoginColumns only: what comes after the factor,
    // and whether the client's address is locked (login_addr_failures).
    bool password_expired = false, terms_pending = false, address_locked = false;
    bool has_app() const { return !totp_key.empty(); }
};

// ACCOUNT_ID's factors with its society's policy; none for no such account.
std::optional<AccountFactors> account_factors(Db& db, std::int64_t account_id);

// What a code's POST depends on besides ACCOUNT_ID's factors: the
// password's age, the terms in force not yet agreed to, the client
// address's lock. The columns (of "accounts a", "members m", "societies
// so"; their parameters: the password's MAX_DAYS twice, 0 for no age
// limit, then the client's address) for the session's own read
// (q::session_get's at_login), so one round trip reads all of it.
extern const char* const kFactorAtLoginColumns;

// The AccountFactors of kFactorAtLoginColumns at ROW's column FIRST; none
// when their account id is NULL (a session without an account).
std::optional<AccountFactors> factors_at_login_from(const Row& row, std::size_t first);

// Stores STEP as the account's last accepted TOTP step, and clears its
// failures, when STEP is after the one stored: true then. False when an
// equal or later step was accepted meanwhile (a replay, or a double
// submit): the same step is never accepted twice.
[[nodiscard]] bool totp_accept_step(Db& db, std::int64_t account_id, std::int64_t step);

// One more wrong app or recovery code; true when it reached LIMIT and the
// account's code step now waits LOCK_MINUTES (the failures start again).
bool factor_failed(Db& db, std::int64_t account_id, unsigned limit, unsigned lock_minutes);
// Clears the wrong-code count (not the wait: a reset does not lift it).
void factor_succeeded(Db& db, std::int64_t account_id);

// The app set up: SEALED, accepted up to STEP (the code that confirmed it
// does not open a login), with RECOVERY_HASHES as its recovery codes (the
// old ones gone).
void totp_set(Db& db, std::int64_t account_id, std::string_view sealed, std::int64_t step,
              const std::vector<std::string>& recovery_hashes);
// The app and its recovery codes removed; the wrong-code count and wait
// cleared (kosmoctl mfa-reset follows a new proof of identity). True when
// the account had an app.
bool totp_remove(Db& db, std::int64_t account_id);
// Turns the member's codes by mail on or off (policy `optional`).
void mail_codes_set(Db& db, std::int64_t account_id, bool on);

// --- codes mailed at login -------------------------------------------------

// Locks ACCOUNT_ID's row until the transaction ends, so that two requests
// counting its mails (or codes) take turns.
void account_factor_lock(Db& db, std::int64_t account_id);
// Codes mailed to ACCOUNT_ID within the last hour.
unsigned mail_codes_last_hour(Db& db, std::int64_t account_id);
// A new code CODE_HASH for ACCOUNT_ID, valid VALID_MINUTES; every older
// code of the account is spent.
void mail_code_insert(Db& db, std::int64_t account_id, std::string_view code_hash,
                      unsigned valid_minutes);

struct MailCode {
    std::int64_t id = 0;
    std::string code_hash;
    bool usable = false;  // not spent, not expired
};
// The account's newest code, locked FOR UPDATE; none when none was mailed.
std::optional<MailCode> mail_code_newest_locked(Db& db, std::int64_t account_id);
// Code ID used (it opens nothing again).
void mail_code_spend(Db& db, std::int64_t id);
// One more wrong entry of code ID; spent at LIMIT. True when it is spent now.
bool mail_code_wrong(Db& db, std::int64_t id, unsigned limit);

// --- recovery codes --------------------------------------------------------

// Marks the unused recovery code CODE_HASH of ACCOUNT_ID used; false when
// the account has no such unused code.
[[nodiscard]] bool recovery_code_use(Db& db, std::int64_t account_id, std::string_view code_hash);
// The account's unused recovery codes.
unsigned recovery_codes_left(Db& db, std::int64_t account_id);

// --- trusted browsers ------------------------------------------------------

// The browser whose token hashes to TOKEN_HASH trusted for ACCOUNT_ID for DAYS.
void trusted_insert(Db& db, std::string_view token_hash, std::int64_t account_id, unsigned days);
// True when TOKEN_HASH is a trusted browser of ACCOUNT_ID, not expired.
bool trusted_valid(Db& db, std::string_view token_hash, std::int64_t account_id);
// Forgets every trusted browser of ACCOUNT_ID; how many there were.
std::uint64_t trusted_forget_all(Db& db, std::int64_t account_id);

// --- the key a session is setting up ---------------------------------------

// Session ID_HASH's pending key (sealed); none when it set none up.
std::optional<std::string> session_totp_pending(Db& db, std::string_view id_hash);
// Sets (SEALED) or, with "", clears session ID_HASH's pending key.
void session_set_totp_pending(Db& db, std::string_view id_hash, std::string_view sealed);

// --- chores ----------------------------------------------------------------

// Deletes mailed codes older than a day and expired trusted browsers;
// how many rows went.
std::uint64_t factors_purge(Db& db);

}  // namespace kosmo::q

#endif
