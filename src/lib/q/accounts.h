// accounts.h: the permanent accounts and what hangs on them: logins and
// locks, passwords, the door's reset links (password_resets) and user-ID
// reminders (user_id_reminders), mail address changes (email_changes) and
// the update notices' switch. One prepared statement per function in the
// caller's transaction (or one of its own); all throw DbUnavailable /
// DbRetry / DbError.
#ifndef KOSMO_Q_ACCOUNTS_H
#define KOSMO_Q_ACCOUNTS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"

namespace kosmo::q {

// The account as the portal's pages show it, read with the session.
struct PortalAccount {
    std::int64_t id = 0;
    std::string user_id, email;
    // YYYYMMDD: password_changed_at + [security] password_max_days; "" when
    // that is 0 (passwords never expire)
    std::string password_expires;
    bool notices = true;
};

struct AccountLogin {
    std::int64_t id = 0;
    std::int64_t member_id = 0;
    std::string password_hash;
    bool locked = false;
    bool password_expired = false;  // password_changed_at older than MAX_DAYS, or marked
    bool terms_pending = false;     // the version in force for the member's society is newer
                                    // than the member's last consent
};

// USER_ID's login: its hash, lock, whether the password expired (older than
// MAX_DAYS, or marked; MAX_DAYS 0: only marked) and whether newer terms
// wait (q::terms_pending's rule); none for an unknown ID.
std::optional<AccountLogin> account_login_by_user_id(Db& db, std::string_view user_id,
                                                     unsigned max_days);
// True when an account has USER_ID (IDs are ASCII; any other never is).
bool account_user_id_taken(Db& db, std::string_view user_id);
// True when MEMBER_ID has registered (one account per member).
bool account_exists_for_member(Db& db, std::int64_t member_id);
// True when MEMBER_ID's account is USER_ID with PASSWORD_HASH: the very
// registration a session was about to make. A locking read: it sees the
// newest committed row, not the transaction's snapshot.
bool account_is_registration(Db& db, std::int64_t member_id, std::string_view user_id,
                             std::string_view password_hash);

struct AccountInsert {
    enum class Outcome { Created, UserIdTaken, MemberHasAccount } outcome;
    std::int64_t id = 0;
};
// Creates MEMBER_ID's account with the password changed now. Created with
// its id; UserIdTaken or MemberHasAccount when the unique keys refuse it
// (nothing inserted). Throws DbError on any other duplicate key.
AccountInsert account_insert(Db& db, std::int64_t member_id, std::string_view user_id,
                             std::string_view password_hash, std::string_view email);

// A failed login: adds one failure; at LIMIT locks for LOCK_MINUTES and
// resets the count. Returns true when this failure locked the account.
bool account_login_failed(Db& db, std::int64_t account_id, unsigned limit, unsigned lock_minutes);
// A login that passed: the failure count and the lock cleared.
void account_login_succeeded(Db& db, std::int64_t account_id);
// Replaces the hash of the same password (rehash at a raised cost):
// password_changed_at is kept.
void account_set_password_hash(Db& db, std::int64_t account_id, std::string_view hash);

struct Account {
    std::int64_t id = 0;
    std::int64_t member_id = 0;
    std::string user_id;
    std::string email;
};
// The account ID; none when there is no such account.
std::optional<Account> account_by_id(Db& db, std::int64_t id);

struct AccountAtDoor {
    std::int64_t id = 0;
    std::int64_t member_id = 0;
    std::string user_id;
    std::string email;
    std::string password_hash;
    std::string name;            // the member's
    std::string birth_date;      // the member's, YYYYMMDD
    std::string insurer_number;  // the member's society: its number
    std::string society_name;    // and its name (the mails' signature)
    std::string expires_on;      // accounts_expiring only: "YYYY-MM-DD" (JST) the password expires
};
// The account with USER_ID or ID and its member's name, birth date and
// society (the door's mails and checks; expires_on empty); none when there is none.
std::optional<AccountAtDoor> account_at_door_by_user_id(Db& db, std::string_view user_id);
std::optional<AccountAtDoor> account_at_door_by_id(Db& db, std::int64_t id);
// Accounts whose address is EMAIL in any case (several members may share one).
std::vector<AccountAtDoor> accounts_at_door_by_email(Db& db, std::string_view email);
// A new password: the hash, password_changed_at = now, the expired mark,
// the failure count and the lock cleared.
void account_set_new_password(Db& db, std::int64_t account_id, std::string_view hash);
// Marks USER_ID's password expired; the member's id, none when no such account.
std::optional<std::int64_t> account_mark_expired(Db& db, std::string_view user_id);
// Accounts whose password expires within NOTICE_DAYS and has not yet
// (MAX_DAYS after it was set, not marked), expires_on set; none when
// MAX_DAYS is 0 (passwords never expire); dedupe_tag
// "ACCOUNT_ID:password_changed_at" names the password, so a reminder is
// queued once per password.
struct Expiring {
    AccountAtDoor account;
    std::string dedupe_tag;
};
std::vector<Expiring> accounts_expiring(Db& db, unsigned max_days, unsigned notice_days);

// Reset links (password_resets) and user-ID reminders made for ACCOUNT_ID
// in the last hour.
unsigned resets_last_hour(Db& db, std::int64_t account_id);
unsigned reminders_last_hour(Db& db, std::int64_t account_id);
// A new reset link TOKEN_HASH for ACCOUNT_ID, usable for VALID_MINUTES.
void reset_insert(Db& db, std::string_view token_hash, std::int64_t account_id,
                  unsigned valid_minutes);
// Records a user-ID reminder mailed to ACCOUNT_ID (counted by
// reminders_last_hour).
void reminder_insert(Db& db, std::int64_t account_id);
// The account of an unused, unexpired link; none for a used, expired or
// unknown one.
std::optional<std::int64_t> reset_usable(Db& db, std::string_view token_hash);
// Uses the link (within the caller's transaction): the account, or none
// when it is not usable any more (e.g. a concurrent POST used it first).
std::optional<std::int64_t> reset_claim(Db& db, std::string_view token_hash);
// Voids every open link of ACCOUNT_ID.
void resets_void_for_account(Db& db, std::int64_t account_id);

// Turns ACCOUNT_ID's update notices on or off.
void account_set_notices(Db& db, std::int64_t account_id, bool on);
// Sets ACCOUNT_ID's mail address (a confirmed change).
void account_set_email(Db& db, std::int64_t account_id, std::string_view email);

// A pending change of ACCOUNT_ID's address to NEW_EMAIL, confirmed by the
// link TOKEN_HASH within VALID_HOURS.
void email_change_insert(Db& db, std::string_view token_hash, std::int64_t account_id,
                         std::string_view new_email, unsigned valid_hours);

struct EmailChange {
    std::int64_t account_id = 0;
    std::string new_email;
    bool usable = false;  // not used and not expired
};
// The change named by TOKEN_HASH, locked FOR UPDATE when a transaction is open.
std::optional<EmailChange> email_change_lock(Db& db, std::string_view token_hash);
// Marks it used; 1 when this caller used it (0: used or expired meanwhile).
std::uint64_t email_change_use(Db& db, std::string_view token_hash);
// Voids the account's other open changes (a newer one replaces them).
void email_change_void_others(Db& db, std::int64_t account_id);

}  // namespace kosmo::q

#endif
