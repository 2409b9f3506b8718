// queries.h: every SQL statement of the product, grouped by table. Each
// function runs one prepared statement (through Db::stmt) in whatever
// transaction the caller has open. All throw DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_QUERIES_H
#define KOSMO_QUERIES_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"

namespace kosmo::q {

// ---- members -------------------------------------------------------------

struct Member {
    std::int64_t id = 0;
    std::string insurer_number;
    std::string symbol;
    std::string number;
    std::string name;
    std::string birth_date;  // YYYYMMDD
    std::string category;    // "employee" …
    unsigned verify_failures = 0;
    bool verify_locked = false;
};

std::optional<Member> member_by_id(Db& db, std::int64_t id);

// The account as the portal's pages show it, read with the session.
struct PortalAccount {
    std::int64_t id = 0;
    std::string user_id, email;
    std::string password_expires;  // YYYYMMDD: password_changed_at + [security] password_max_days
    bool notices = true;
};

// Inserts or updates the member keyed by (insurer_number, symbol, number);
// returns its id. BIRTH_DATE is YYYYMMDD.
std::int64_t member_upsert(Db& db, std::string_view insurer_number, std::string_view symbol,
                           std::string_view number, std::string_view name,
                           std::string_view birth_date, std::string_view category);

std::optional<std::int64_t> member_id_by_key(Db& db, std::string_view insurer_number,
                                             std::string_view symbol, std::string_view number);

// Adds one identity-check mismatch; locks when the count reaches LIMIT.
// Returns true when the member is locked now.
bool member_verify_failed(Db& db, std::int64_t member_id, unsigned limit);

// ---- temp_credentials ------------------------------------------------------

struct TempLogin {
    std::int64_t member_id = 0;
    std::string password_hash;
    bool retired = false;
    bool locked = false;  // locked_until in the future
};

std::optional<TempLogin> temp_login_by_id(Db& db, std::string_view temp_user_id);
std::optional<std::string> temp_hash_by_member(Db& db, std::int64_t member_id);
bool temp_exists_for_member(Db& db, std::int64_t member_id);  // unretired or retired

// Inserts credentials; false when TEMP_USER_ID is taken (caller draws another).
// Throws DbError when the member has credentials already.
[[nodiscard]] bool temp_insert(Db& db, std::int64_t member_id, std::string_view temp_user_id,
                               std::string_view password_hash);
// Replaces the member's credentials (re-issue): old ones stop working, the
// failure count and lock are cleared; retired credentials stay retired.
// Inserts them when the member had none. False when TEMP_USER_ID is taken.
[[nodiscard]] bool temp_replace(Db& db, std::int64_t member_id, std::string_view temp_user_id,
                                std::string_view password_hash);

// A failed login: adds one failure; at LIMIT locks for LOCK_MINUTES and
// resets the count. Returns true when this failure locked the ID.
bool temp_login_failed(Db& db, std::int64_t member_id, unsigned limit, unsigned lock_minutes);
void temp_login_succeeded(Db& db, std::int64_t member_id);
// Retires the credentials (registration done). Returns affected rows.
std::uint64_t temp_retire(Db& db, std::int64_t member_id);

struct TempState {
    std::string temp_user_id;
    std::string issued_at;  // "YYYY-MM-DD HH:MM:SS", the server's clock
    bool retired = false;
};
// The member's credentials locked FOR UPDATE (within the caller's
// transaction), so a registration cannot retire them meanwhile.
std::optional<TempState> temp_lock_for_member(Db& db, std::int64_t member_id);

// ---- accounts ---------------------------------------------------------------

struct AccountLogin {
    std::int64_t id = 0;
    std::int64_t member_id = 0;
    std::string password_hash;
    bool locked = false;
    bool password_expired = false;  // password_changed_at older than MAX_DAYS, or marked
    bool terms_pending = false;     // a version newer than the member's last consent exists
};

std::optional<AccountLogin> account_login_by_user_id(Db& db, std::string_view user_id,
                                                     unsigned max_days);
bool account_user_id_taken(Db& db, std::string_view user_id);
bool account_exists_for_member(Db& db, std::int64_t member_id);

struct AccountInsert {
    enum class Outcome { Created, UserIdTaken, MemberHasAccount } outcome;
    std::int64_t id = 0;
};
AccountInsert account_insert(Db& db, std::int64_t member_id, std::string_view user_id,
                             std::string_view password_hash, std::string_view email);

bool account_login_failed(Db& db, std::int64_t account_id, unsigned limit, unsigned lock_minutes);
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
std::optional<Account> account_by_id(Db& db, std::int64_t id);

// ---- sessions ---------------------------------------------------------------

struct SessionRow {
    std::int64_t stage = 0;
    std::int64_t member_id = 0;
    std::optional<std::int64_t> account_id;
    std::string pending_user_id;
    std::string pending_email;
    std::string pending_password_hash;
    bool expired = false;  // idle or absolute limit passed
    // session_get only: last_seen_at is a minute old or more (worth refreshing).
    bool touch_due = true;
    // session_get only: the member of member_id (none if it was deleted).
    std::optional<Member> member;
    // session_get only: the account of account_id (none before registration).
    std::optional<PortalAccount> account;
    // session_get only: "YYYY-MM-DD HH:MM:SS.ffffff".
    std::string created_at;
};

std::optional<SessionRow> session_get(Db& db, std::string_view id_hash, unsigned idle_minutes,
                                      unsigned absolute_minutes, unsigned password_max_days);
void session_touch(Db& db, std::string_view id_hash);
void session_insert(Db& db, std::string_view id_hash, const SessionRow& row,
                    std::string_view created_at);  // "" = NOW(6)
// The session row locked FOR UPDATE (within the caller's transaction);
// expired is not computed (false).
std::optional<SessionRow> session_lock(Db& db, std::string_view id_hash);
// Sets stage and account_id; clears pending_password_hash unless STAGE is 3
// (only the confirm screen needs it). Returns affected rows.
std::uint64_t session_set_stage(Db& db, std::string_view id_hash, int stage,
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
bool session_exists(Db& db, std::string_view id_hash);
std::uint64_t session_delete(Db& db, std::string_view id_hash);
std::uint64_t session_delete_for_member(Db& db, std::int64_t member_id);
// Deletes the member's sessions before registration (stages below 10)
// other than KEEP_HASH. Returns how many.
std::uint64_t session_delete_member_others(Db& db, std::int64_t member_id,
                                           std::string_view keep_hash);
std::uint64_t session_purge_expired(Db& db, unsigned idle_minutes, unsigned absolute_minutes);

// ---- the identity check passed ------------------------------------------------

// The session at stage 1 named OLD_HASH moves to stage 2 under NEW_HASH
// and its member's failure count is cleared, in one statement. 0 when no
// such session, or its member was locked meanwhile. The caller writes the
// consent (consent_insert) in the same transaction.
std::uint64_t session_verified(Db& db, std::string_view old_hash, std::string_view new_hash);
// The same for the member alone; false when the member is locked (or gone).
bool member_verify_passed(Db& db, std::int64_t member_id);

// ---- mail_outbox -------------------------------------------------------------

std::optional<std::uint64_t> outbox_insert(Db& db, std::string_view kind,
                                           std::string_view dedupe_key, std::string_view recipient,
                                           std::string_view message);
// Ids of rows due now (unsent, next_attempt_at passed, not claimed).
std::vector<std::uint64_t> outbox_due(Db& db, unsigned limit);
// Claims ID for CLAIM_SECONDS; true when this caller now owns it.
bool outbox_claim(Db& db, std::uint64_t id, unsigned claim_seconds);
struct OutboxMail {
    std::string message;
    unsigned attempts = 0;  // including the claim just made
};
std::optional<OutboxMail> outbox_message(Db& db, std::uint64_t id);
void outbox_mark_sent(Db& db, std::uint64_t id);
void outbox_mark_failed(Db& db, std::uint64_t id, std::string_view error, unsigned retry_seconds);

struct OutboxStatus {
    std::uint64_t queued = 0, sent = 0, failing = 0;
};
OutboxStatus outbox_status(Db& db);

// The oldest unsent mail: when it was queued and how long ago.
struct OutboxOldest {
    std::string created_at;  // "YYYY-MM-DD HH:MM:SS", the server's clock
    std::int64_t age_seconds = 0;
};
std::optional<OutboxOldest> outbox_oldest_queued(Db& db);
// An unsent mail that failed at least once (times "YYYY-MM-DD HH:MM:SS").
struct FailingMail {
    std::int64_t id = 0;
    std::string kind;
    std::string recipient;
    std::int64_t attempts = 0;
    std::string created_at;
    std::string next_attempt_at;
    std::string last_error;
};
// Unsent mails that failed at least once, most recently failed first, at
// most LIMIT.
std::vector<FailingMail> outbox_failing(Db& db, unsigned limit);

// ---- audit_events ------------------------------------------------------------

void audit_insert(Db& db, std::string_view event, std::optional<std::int64_t> member_id,
                  std::string_view login_id, std::string_view client_addr, std::string_view detail);
// Rows of EVENT from CLIENT_ADDR since the start of this minute.
std::uint64_t audit_rows_this_minute(Db& db, std::string_view event, std::string_view client_addr);
// audit_insert for an event anyone can cause (a failed login): within one
// minute, the repeats of one (event, client address, member, detail) add
// to one row's count (login_id becomes NULL once they named different
// IDs), so a flood from one address makes a bounded number of rows.
void audit_repeat(Db& db, std::string_view event, std::optional<std::int64_t> member_id,
                  std::string_view login_id, std::string_view client_addr, std::string_view detail);

struct AuditQuery {
    std::optional<std::int64_t> member_id;  // events of this member …
    std::string login_id;  // … or naming this login ID (any case); both empty: all
    std::string since;     // "YYYY-MM-DD HH:MM:SS", "" = from the first event
    std::string event;     // "" = every event
    unsigned limit = 100;
};
struct AuditEvent {
    std::int64_t id = 0;
    std::string at;  // "YYYY-MM-DD HH:MM:SS"
    std::string event;
    std::optional<std::string> insurer_number;  // the member's key: all three nullopt
    std::optional<std::string> symbol;          // when the event names no member
    std::optional<std::string> number;
    std::optional<std::string> login_id;
    std::optional<std::string> client_addr;
    std::optional<std::string> detail;
    // Repeats of a failed login counted on this row (q::audit_repeat), and
    // the time of the last one ("HH:MM:SS", within the minute of at).
    std::uint64_t count = 1;
    std::optional<std::string> last_at;
};
// The newest Q.limit events matching Q, oldest first. The members' consents
// are among them, as verify_ok (step 2) or consent (the required action at
// login).
std::vector<AuditEvent> audit_find(Db& db, const AuditQuery& q);

// ---- operators' chores ----------------------------------------------------------

// Lifts the login lock (temporary and permanent) and the identity-check
// lock of the member. Returns true when the member exists.
bool member_unlock(Db& db, std::int64_t member_id);

struct UnregisteredMember {
    std::string insurer_number, symbol, number, name, category;
    std::string temp_user_id;
    std::string issued_at;  // "YYYY-MM-DD HH:MM:SS"
};
// Members whose temporary credentials are unretired, by symbol and number.
// ISSUED_SINCE / ISSUED_BEFORE ("YYYY-MM-DD HH:MM:SS", "" = no bound) keep
// those issued in that range.
std::vector<UnregisteredMember> members_unregistered(Db& db, std::string_view issued_since = {},
                                                     std::string_view issued_before = {});

// ---- import (kosmoctl import-members) --------------------------------------------

struct MemberKeyRow {
    std::string insurer_number, symbol, number;
    std::int64_t id = 0;
    bool has_temp = false;  // temporary credentials issued, retired or not
};
// Every member, by key.
std::vector<MemberKeyRow> members_keys(Db& db);

// Rows per multi-row statement of the importer.
inline constexpr std::size_t kImportBatch = 500;

// "(?, ?, NOW(6)), (?, ?, NOW(6)) …": ROW repeated kImportBatch times, the
// VALUES of a multi-row statement of the importers.
std::string repeated_rows(std::string_view row);

struct MemberData {
    std::string_view insurer_number, symbol, number, name, birth_date,
        category;  // birth_date YYYYMMDD
};
// Upserts every row as member_upsert does, kImportBatch rows per statement.
void member_upsert_many(Db& db, const std::vector<MemberData>& rows);

struct TempData {
    std::int64_t member_id = 0;
    std::string_view temp_user_id, password_hash;
};
// Inserts exactly kImportBatch rows in one statement. False when a
// duplicate key stopped it: then nothing of it was inserted (the caller
// falls back to temp_insert row by row).
[[nodiscard]] bool temp_insert_batch(Db& db, const std::vector<TempData>& rows);

// ---- schema_version (kosmoctl migrate) -------------------------------------------

struct SchemaVersion {
    std::int64_t version = 0;
    std::string name;
};
// Applied migrations in order; empty when the schema_version table does not
// exist yet.
std::vector<SchemaVersion> schema_versions(Db& db);
void schema_version_insert(Db& db, std::int64_t version, std::string_view name);
// Turns autocommit off for the rest of this connection (kosmoctl migrate):
// after a migration's DDL, which MariaDB commits at once, the statements
// that follow stay in a transaction until COMMIT or ROLLBACK.
void migration_session(Db& db);

// ---- at the door (issue 12): terms, consents, resets, reminders, lockout ------

struct Terms {
    std::int64_t seq = 0;
    std::string version;
    std::string body;          // UTF-8, paragraphs separated by blank lines
    std::string published_on;  // "YYYY-MM-DD"
};
// The version in force (the newest published); none before the migration.
std::optional<Terms> terms_newest(Db& db);
// Publishes VERSION; false when it was published already (nothing changes).
[[nodiscard]] bool terms_publish(Db& db, std::string_view version, std::string_view body);
// Appends MEMBER_ID's consent to the newest version from CLIENT_ADDR;
// SOURCE "verify" (step 2) or "login" (the required action).
void consent_insert(Db& db, std::int64_t member_id, std::string_view client_addr,
                    std::string_view source);
struct Consent {
    std::string at;  // "YYYY-MM-DD HH:MM:SS"
    std::string version;
    std::string client_addr;
    std::string source;  // "verify" or "login"
};
// MEMBER_ID's consents, oldest first.
std::vector<Consent> consents_of_member(Db& db, std::int64_t member_id);
// True when a version newer than MEMBER_ID's last consent is published.
bool terms_pending(Db& db, std::int64_t member_id);

struct AccountAtDoor {
    std::int64_t id = 0;
    std::int64_t member_id = 0;
    std::string user_id;
    std::string email;
    std::string password_hash;
    std::string name;        // the member's
    std::string birth_date;  // the member's, YYYYMMDD
    std::string expires_on;  // accounts_expiring only: "YYYY-MM-DD" (JST) the password expires
};
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
// (MAX_DAYS after it was set, not marked), expires_on set; dedupe_tag
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
void reset_insert(Db& db, std::string_view token_hash, std::int64_t account_id,
                  unsigned valid_minutes);
void reminder_insert(Db& db, std::int64_t account_id);
// The account of an unused, unexpired link; none for a used, expired or
// unknown one.
std::optional<std::int64_t> reset_usable(Db& db, std::string_view token_hash);
// Uses the link (within the caller's transaction): the account, or none
// when it is not usable any more (e.g. a concurrent POST used it first).
std::optional<std::int64_t> reset_claim(Db& db, std::string_view token_hash);
// Voids every open link of ACCOUNT_ID.
void resets_void_for_account(Db& db, std::int64_t account_id);

// Every session of MEMBER_ID but KEEP_HASH ("" keeps none).
std::uint64_t session_delete_for_member_except(Db& db, std::int64_t member_id,
                                               std::string_view keep_hash);

// Login failures per client address: locked when LIMIT failures fell within
// WINDOW_MINUTES; the lock lasts LOCK_MINUTES. True when this one locked it.
bool addr_login_failed(Db& db, std::string_view client_addr, unsigned limit,
                       unsigned window_minutes, unsigned lock_minutes);
bool addr_locked(Db& db, std::string_view client_addr);
void addr_unlock(Db& db, std::string_view client_addr);

// ---- the server (GET /healthz, kosmoctl check-config) -------------------------------

// The Galera variables and status of the node behind DB, by name in capitals
// (WSREP_PROVIDER, WSREP_ON, WSREP_READY, WSREP_LOCAL_STATE,
// WSREP_LOCAL_STATE_COMMENT, WSREP_CLUSTER_STATUS); those the server does not
// have are missing. Answers on a node that is not ready, too.
std::map<std::string, std::string> wsrep_status(Db& db);

}  // namespace kosmo::q

#endif
