// sessions.h: the sessions table: one row per browser's way through the
// steps and the portal, named by the SHA-256 of its token. One prepared
// statement per function in the caller's transaction; all throw
// DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_SESSIONS_H
#define KOSMO_Q_SESSIONS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"
#include "q/accounts.h"
#include "q/factors.h"
#include "q/members.h"
#include "society.h"

namespace kosmo {

// How far a session has come (stored as its number in sessions.stage).
enum class Stage : int {
    TempLogin = 1,   // logged in with the temporary ID: step 2 next
    Verified = 2,    // identity checked: step 3 input next
    Confirming = 3,  // confirm screen shown, pending_* set: 実行 next
    Registered = 4,  // 実行 done: completion screen
    Member = 10,     // logged in with the permanent ID: main menu
    // Logged in with the permanent ID, a required action pending (SPEC
    // "Required actions at login"): nothing else opens until it is done.
    PasswordExpired = 11,  // the password must be changed first
    TermsPending = 12,     // newer terms must be agreed to first
    // The password was right; the second factor (SPEC "二段階認証") is
    // next, before the required actions and the menu.
    SecondFactor = 13,
};

}  // namespace kosmo

namespace kosmo::q {

// A session as it is stored: how far it came, whose it is and what step 3
// keeps between its screens; session_get adds its member, its account and
// when its login began, and its society.
struct SessionRow {
    Stage stage = Stage::TempLogin;
    std::int64_t member_id = 0;
    std::optional<std::int64_t> account_id;
    std::string pending_user_id;
    std::string pending_email;
    std::string pending_password_hash;
    // session_get only: "YYYY-MM-DD HH:MM:SS.ffffff", kept by every
    // rotation, so it names one login among the member's sessions.
    std::string created_at;
    // session_get only: the member of member_id (none if it was deleted).
    std::optional<Member> member;
    // session_get only: the account of account_id (none before registration).
    std::optional<PortalAccount> account;
    // session_get only: the society of the member (none without a member).
    std::optional<Society> society;
    // session_get with an AtLogin only: the account's factors (none
    // without an account), as a second factor's POST needs them.
    std::optional<AccountFactors> factors;
};

// What session_get found: the row, and what the clock says of it.
struct SessionFound {
    SessionRow row;
    bool expired = false;  // idle or absolute limit passed
    // last_seen_at is a minute old or more (worth refreshing).
    bool touch_due = true;
};

// The session ID_HASH with its member and account (account->password_expires
// from PASSWORD_MAX_DAYS), expired when its idle (IDLE_MINUTES) or absolute
// (ABSOLUTE_MINUTES) limit passed; none when there is no such row or its
// stage is no Stage.
// With AT_LOGIN, row.factors are read too (kFactorAtLoginColumns, with
// AT_LOGIN's client address), in the same round trip: what a second
// factor's POST needs, without a round trip of its own.
struct AtLogin {
    std::string_view client_addr;
};
std::optional<SessionFound> session_get(Db& db, std::string_view id_hash, unsigned idle_minutes,
                                        unsigned absolute_minutes, unsigned password_max_days,
                                        const AtLogin* at_login = nullptr);
// Marks the session ID_HASH used now (its idle limit starts again).
void session_touch(Db& db, std::string_view id_hash);
// A new session ID_HASH with ROW's stage, member, account and pending_*;
// CREATED_AT "" means now (else a rotation's sibling keeps its login's).
void session_insert(Db& db, std::string_view id_hash, const SessionRow& row,
                    std::string_view created_at);  // "" = NOW(6)
// The session row locked FOR UPDATE (within the caller's transaction),
// without its member, account and created_at.
std::optional<SessionRow> session_lock(Db& db, std::string_view id_hash);
// Sets stage and account_id; clears pending_password_hash unless STAGE is
// Stage::Confirming (only the confirm screen needs it). Returns affected rows.
std::uint64_t session_set_stage(Db& db, std::string_view id_hash, Stage stage,
                                std::optional<std::int64_t> account_id);
// Moves the session OLD_HASH to NEW_HASH with ROW's stage, member, account
// and pending_* (created_at kept, last_seen_at now): one statement, so one
// of the two IDs always names it. Returns the rows changed (0: OLD_HASH gone).
std::uint64_t session_rotate(Db& db, std::string_view old_hash, std::string_view new_hash,
                             const SessionRow& row);
// A second row for one login whose old ID a concurrent request has just
// moved: inserted under NEW_HASH with ROW's data and the login's
// CREATED_AT, only if a session of ROW's member with that created_at at
// ROW's stage exists (the sibling that moved it). Returns 1, or 0 when no
// such session exists (the login ended: nothing is inserted).
std::uint64_t session_branch(Db& db, std::string_view new_hash, const SessionRow& row,
                             std::string_view created_at);
// True when a session ID_HASH exists (expired or not).
bool session_exists(Db& db, std::string_view id_hash);
// Ends the session ID_HASH; returns how many rows went (0 or 1).
std::uint64_t session_delete(Db& db, std::string_view id_hash);
// Ends every session of MEMBER_ID, keeping only the one named KEEP_HASH
// ("" keeps none): a new password, a re-issue, an operator's lock.
// Returns how many ended.
std::uint64_t session_delete_member_all_but(Db& db, std::int64_t member_id,
                                            std::string_view keep_hash);
// Ends MEMBER_ID's sessions still on the way to registration (below
// Stage::Member), keeping KEEP_HASH and every session logged in with the
// permanent ID: a registration just done. Returns how many ended.
std::uint64_t session_delete_member_unfinished_but(Db& db, std::int64_t member_id,
                                                   std::string_view keep_hash);
// Deletes every session past its idle or absolute limit; returns how many.
std::uint64_t session_purge_expired(Db& db, unsigned idle_minutes, unsigned absolute_minutes);

// The session at Stage::TempLogin named OLD_HASH moves to Stage::Verified
// under NEW_HASH
// and its member's failure count is cleared, in one statement. 0 when no
// such session, or its member was locked meanwhile. The caller writes the
// consent (consent_insert) in the same transaction.
std::uint64_t session_verified(Db& db, std::string_view old_hash, std::string_view new_hash);

}  // namespace kosmo::q

#endif
