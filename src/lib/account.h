// account.h: the one "set a new password" operation of a permanent account
// (the reset link, the expired password, the portal's settings)
#ifndef KOSMO_ACCOUNT_H
#define KOSMO_ACCOUNT_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "context.h"
#include "validate.h"

namespace kosmo {

class Page;

// What the member typed, checked by check_new_password.
struct PasswordCheck {
    Reason password = Reason::Ok;  // step 3's rules, then PasswordSameAsCurrent
    Reason confirm = Reason::Ok;   // PasswordConfirmMismatch
    bool ok() const { return password == Reason::Ok && confirm == Reason::Ok; }
};

// Step 3's rules for PASSWORD of the account USER_ID (validate_password,
// validate_password_confirm) and, only when those pass, PASSWORD must not
// be the current one (CURRENT_HASH; costs one hash: hold a HashGate slot).
[[nodiscard]] PasswordCheck check_new_password(std::string_view password, std::string_view confirm,
                                               std::string_view user_id,
                                               std::string_view current_hash);

// How set_new_password is asked.
struct NewPasswordRequest {
    std::int64_t account_id = 0;
    std::string password;  // the new password, plain (hashed here)
    std::string confirm;
    // Non-empty: the SHA-256 of the reset link's token. The link is used in
    // the same transaction, so of two POSTs of one link exactly one wins.
    std::string reset_token_hash;
    // Non-empty: this session (its id_hash) is kept; every other session of
    // the account ends. Empty: every session of the account ends.
    std::string keep_session_hash;
    const char* event = "password_changed";  // the audit event
};

// A request for ACCOUNT_ID with what the form sent in new_password and
// new_password_confirm (the three forms that set a password name them so).
NewPasswordRequest new_password_request(const Context& ctx, std::int64_t account_id,
                                        const char* event);

// Those two fields of PAGE: how long the new password lasts
// (show_password_days), and CHECK's errors at them.
void show_new_password(const Context& ctx, Page& page, const PasswordCheck& check);

enum class NewPasswordOutcome {
    Changed,
    Invalid,        // see check: nothing changed
    LinkNotUsable,  // the reset link is used, expired or unknown: nothing changed
    Busy,           // no hash slot within hash_wait_ms: answer 503
};

struct NewPasswordResult {
    NewPasswordOutcome outcome = NewPasswordOutcome::Invalid;
    PasswordCheck check;
    std::int64_t member_id = 0;  // when Changed
};

// Checks and sets a new password. When Changed, in one transaction: the
// hash and password_changed_at (the 360 days start again), the expired
// mark cleared, every open reset link of the account void, its sessions
// ended (all, or all but keep_session_hash), its trusted browsers
// forgotten (the second factor is asked again), its login lock and failures
// lifted (and the lock of ctx's client address: the member proved the
// mailbox or the password), パスワード変更のお知らせ queued to the
// registered address, and an audit event R.event (no password or token in
// it). The mail is handed to sendmail after the response. Throws
// DbUnavailable and the like.
[[nodiscard]] NewPasswordResult set_new_password(Context& ctx, const NewPasswordRequest& r);

}  // namespace kosmo

#endif
