// queries.cc: every SQL statement of the product, as prepared statements
// grouped by table; all times come from the server's NOW(6)
#include "queries.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "text.h"

namespace kosmo::q {

namespace {

// Columns declared ascii (temp_user_id, user_id) cannot be compared with a
// value holding other characters: MariaDB fails with "Illegal mix of
// collations". Such a value can never match, so it is not even sent.
bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// "" is stored as NULL.
Param opt(std::string_view s) {
    if (s.empty())
        return nullptr;
    return s;
}

// No ID is stored as NULL.
Param opt(const std::optional<std::int64_t>& id) {
    if (!id)
        return nullptr;
    return *id;
}

// Runs FN in the caller's transaction, or in one of its own when none is
// open, so a read-then-write (SELECT … FOR UPDATE, UPDATE) stays atomic.
template <typename Fn>
auto atomically(Db& db, Fn&& fn) -> decltype(fn(db)) {
    if (db.in_transaction())
        return fn(db);
    return in_transaction(db, fn);
}

std::int64_t to_id(std::uint64_t id) {
    return static_cast<std::int64_t>(id);
}

// The row statement NAME (SQL) finds for PARAMS, as FROM makes it, or none
// when it finds no row: the one read of every single-row lookup.
template <typename From>
auto one_row(Db& db, const char* name, const char* sql, std::initializer_list<Param> params,
             From&& from)
    -> std::optional<std::decay_t<decltype(from(std::declval<const Row&>()))>> {
    auto row = db.stmt(name, sql).query_one(params);
    if (!row)
        return std::nullopt;
    return from(*row);
}

// A row's login failures and lock (temp_credentials by member_id, accounts
// by id): the same counter on two tables, so one implementation serves both.
// The statements are whole literals, not built, so each stays one prepared
// statement under its own name.
struct LoginCounter {
    const char* read_name;
    const char* read_sql;
    const char* failed_name;
    const char* failed_sql;
    const char* reset_name;
    const char* reset_sql;
};

constexpr LoginCounter kTempLogins{
    "temp_login_read",
    "SELECT login_failures FROM temp_credentials WHERE member_id = ? FOR UPDATE",
    "temp_login_failed",
    "UPDATE temp_credentials"
    " SET locked_until = IF(?, NOW(6) + INTERVAL ? MINUTE, locked_until),"
    " login_failures = IF(?, 0, login_failures + 1) WHERE member_id = ?",
    "temp_login_succeeded",
    "UPDATE temp_credentials SET login_failures = 0, locked_until = NULL WHERE member_id = ?"};

constexpr LoginCounter kAccountLogins{
    "account_login_read",
    "SELECT login_failures FROM accounts WHERE id = ? FOR UPDATE",
    "account_login_failed",
    "UPDATE accounts"
    " SET locked_until = IF(?, NOW(6) + INTERVAL ? MINUTE, locked_until),"
    " login_failures = IF(?, 0, login_failures + 1) WHERE id = ?",
    "account_login_succeeded",
    "UPDATE accounts SET login_failures = 0, locked_until = NULL WHERE id = ?"};

// One more failure of row KEY; true when it reached LIMIT and locked the row.
bool login_counter_failed(Db& db, const LoginCounter& c, std::int64_t key, unsigned limit,
                          unsigned lock_minutes) {
    return atomically(db, [&](Db& db) {
        auto row = db.stmt(c.read_name, c.read_sql).query_one({key});
        if (!row)
            return false;
        bool lock = row->num(0) + 1 >= static_cast<std::int64_t>(limit);
        // locked_until is assigned before login_failures changes.
        db.stmt(c.failed_name, c.failed_sql)
            .exec({std::int64_t{lock}, std::int64_t{lock_minutes}, std::int64_t{lock}, key});
        return lock;
    });
}

void login_counter_reset(Db& db, const LoginCounter& c, std::int64_t key) {
    db.stmt(c.reset_name, c.reset_sql).exec({key});
}

// A member's columns (of "members m"), read by member_from.
constexpr const char* kMemberColumns =
    " m.id, m.insurer_number, m.symbol, m.number, m.name, DATE_FORMAT(m.birth_date, '%Y%m%d'),"
    " m.category, m.verify_failures, m.verify_locked_at IS NOT NULL";

// The member in ROW's columns FIRST … FIRST + 8 (kMemberColumns); none when
// its id is NULL (an outer join found no member).
std::optional<Member> member_from(const Row& row, std::size_t first) {
    if (row.is_null(first))
        return std::nullopt;
    Member m;
    m.id = row.num(first);
    m.insurer_number = row.str(first + 1);
    m.symbol = row.str(first + 2);
    m.number = row.str(first + 3);
    m.name = row.str(first + 4);
    m.birth_date = row.str(first + 5);
    m.category = row.str(first + 6);
    m.verify_failures = static_cast<unsigned>(row.num(first + 7));
    m.verify_locked = row.num(first + 8) != 0;
    return m;
}

}  // namespace

// ---- members -------------------------------------------------------------

std::optional<Member> member_by_id(Db& db, std::int64_t id) {
    static const std::string sql =
        std::string("SELECT") + kMemberColumns + " FROM members m WHERE m.id = ?";
    auto row = db.stmt("member_by_id", sql.c_str()).query_one({id});
    if (!row)
        return std::nullopt;
    return member_from(*row, 0);
}

// updated_at is assigned first, while name, birth_date and category still
// hold the old values (MariaDB assigns left to right), so it moves only when
// something changed. id = LAST_INSERT_ID(id) makes insert_id() the id of an
// existing row too.
#define KOSMO_MEMBER_UPSERT_TAIL                                               \
    " ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id),"                        \
    " updated_at = IF(name = VALUES(name) AND birth_date = VALUES(birth_date)" \
    " AND category = VALUES(category), updated_at, NOW(6)),"                   \
    " name = VALUES(name), birth_date = VALUES(birth_date), category = VALUES(category)"

std::int64_t member_upsert(Db& db, std::string_view insurer_number, std::string_view symbol,
                           std::string_view number, std::string_view name,
                           std::string_view birth_date, std::string_view category) {
    auto& st = db.stmt("member_upsert",
                       "INSERT INTO members (insurer_number, symbol, number, name, birth_date,"
                       " category, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, NOW(6), NOW(6))" KOSMO_MEMBER_UPSERT_TAIL);
    st.exec({insurer_number, symbol, number, name, birth_date, category});
    auto id = to_id(st.insert_id());
    if (id == 0) {
        // LAST_INSERT_ID is not reported when nothing changed in the row on
        // some servers: ask for it.
        if (auto found = member_id_by_key(db, insurer_number, symbol, number))
            return *found;
        throw DbError("member_upsert did not yield the id of member '" + std::string(symbol) + "," +
                      std::string(number) + "'");
    }
    return id;
}

std::optional<std::int64_t> member_id_by_key(Db& db, std::string_view insurer_number,
                                             std::string_view symbol, std::string_view number) {
    return one_row(db, "member_id_by_key",
                   "SELECT id FROM members WHERE insurer_number = ? AND symbol = ? AND number = ?",
                   {insurer_number, symbol, number}, [](const Row& r) { return r.num(0); });
}

bool member_verify_failed(Db& db, std::int64_t member_id, unsigned limit) {
    return atomically(db, [&](Db& db) {
        auto row = db.stmt("member_verify_read",
                           "SELECT verify_failures, verify_locked_at IS NOT NULL"
                           " FROM members WHERE id = ? FOR UPDATE")
                       .query_one({member_id});
        if (!row)
            return false;
        std::int64_t failures = row->num(0) + 1;
        bool was_locked = row->num(1) != 0;
        bool lock = !was_locked && failures >= static_cast<std::int64_t>(limit);
        db.stmt("member_verify_failed",
                "UPDATE members SET verify_failures = ?,"
                " verify_locked_at = IF(?, NOW(6), verify_locked_at) WHERE id = ?")
            .exec({failures, std::int64_t{lock}, member_id});
        return was_locked || lock;
    });
}

// ---- temp_credentials ------------------------------------------------------

std::optional<TempLogin> temp_login_by_id(Db& db, std::string_view temp_user_id) {
    if (!is_ascii(temp_user_id))
        return std::nullopt;
    return one_row(db, "temp_login_by_id",
                   "SELECT member_id, password_hash, retired_at IS NOT NULL,"
                   " locked_until IS NOT NULL AND locked_until > NOW(6)"
                   " FROM temp_credentials WHERE temp_user_id = ?",
                   {temp_user_id}, [](const Row& r) {
                       return TempLogin{r.num(0), r.str(1), r.num(2) != 0, r.num(3) != 0};
                   });
}

std::optional<std::string> temp_hash_by_member(Db& db, std::int64_t member_id) {
    return one_row(db, "temp_hash_by_member",
                   "SELECT password_hash FROM temp_credentials WHERE member_id = ?", {member_id},
                   [](const Row& r) { return r.str(0); });
}

bool temp_exists_for_member(Db& db, std::int64_t member_id) {
    return db.stmt("temp_exists_for_member", "SELECT 1 FROM temp_credentials WHERE member_id = ?")
        .query_one({member_id})
        .has_value();
}

bool temp_insert(Db& db, std::int64_t member_id, std::string_view temp_user_id,
                 std::string_view password_hash) {
    std::string key;
    auto done =
        db.stmt("temp_insert",
                "INSERT INTO temp_credentials (member_id, temp_user_id, password_hash, issued_at)"
                " VALUES (?, ?, ?, NOW(6))")
            .exec_unless_duplicate({member_id, temp_user_id, password_hash}, &key);
    if (done)
        return true;
    if (key == "temp_user_id")
        return false;
    throw DbError("cannot insert temporary credentials of member " + std::to_string(member_id) +
                  ": duplicate key '" + key + "' (the member has credentials already)");
}

bool temp_replace(Db& db, std::int64_t member_id, std::string_view temp_user_id,
                  std::string_view password_hash) {
    return atomically(db, [&](Db& db) {
        if (!temp_exists_for_member(db, member_id))
            return temp_insert(db, member_id, temp_user_id, password_hash);
        std::string key;
        auto done = db.stmt("temp_replace",
                            "UPDATE temp_credentials SET temp_user_id = ?, password_hash = ?,"
                            " issued_at = NOW(6), login_failures = 0, locked_until = NULL"
                            " WHERE member_id = ?")
                        .exec_unless_duplicate({temp_user_id, password_hash, member_id}, &key);
        return done.has_value();
    });
}

bool temp_login_failed(Db& db, std::int64_t member_id, unsigned limit, unsigned lock_minutes) {
    return login_counter_failed(db, kTempLogins, member_id, limit, lock_minutes);
}

void temp_login_succeeded(Db& db, std::int64_t member_id) {
    login_counter_reset(db, kTempLogins, member_id);
}

std::uint64_t temp_retire(Db& db, std::int64_t member_id) {
    return db
        .stmt("temp_retire",
              "UPDATE temp_credentials SET retired_at = NOW(6)"
              " WHERE member_id = ? AND retired_at IS NULL")
        .exec({member_id});
}

std::optional<TempState> temp_lock_for_member(Db& db, std::int64_t member_id) {
    return one_row(db, "temp_lock_for_member",
                   "SELECT temp_user_id, DATE_FORMAT(issued_at, '%Y-%m-%d %H:%i:%s'),"
                   " retired_at IS NOT NULL"
                   " FROM temp_credentials WHERE member_id = ? FOR UPDATE",
                   {member_id}, [](const Row& r) {
                       return TempState{r.str(0), r.str(1), r.num(2) != 0};
                   });
}

// ---- accounts ---------------------------------------------------------------

std::optional<AccountLogin> account_login_by_user_id(Db& db, std::string_view user_id,
                                                     unsigned max_days) {
    if (!is_ascii(user_id))
        return std::nullopt;
    return one_row(db, "account_login_by_user_id",
                   "SELECT id, member_id, password_hash,"
                   " locked_until IS NOT NULL AND locked_until > NOW(6),"
                   " password_expired <> 0 OR password_changed_at < NOW(6) - INTERVAL ? DAY,"
                   " COALESCE((SELECT MAX(seq) FROM terms_versions), 0) >"
                   "  COALESCE((SELECT MAX(c.terms_seq) FROM consents c"
                   "            WHERE c.member_id = accounts.member_id), 0)"
                   " FROM accounts WHERE user_id = ?",
                   {std::int64_t{max_days}, user_id}, [](const Row& r) {
                       return AccountLogin{r.num(0),      r.num(1),      r.str(2),
                                           r.num(3) != 0, r.num(4) != 0, r.num(5) != 0};
                   });
}

bool account_user_id_taken(Db& db, std::string_view user_id) {
    if (!is_ascii(user_id))
        return false;
    return db.stmt("account_user_id_taken", "SELECT 1 FROM accounts WHERE user_id = ?")
        .query_one({user_id})
        .has_value();
}

bool account_exists_for_member(Db& db, std::int64_t member_id) {
    return db.stmt("account_exists_for_member", "SELECT 1 FROM accounts WHERE member_id = ?")
        .query_one({member_id})
        .has_value();
}

AccountInsert account_insert(Db& db, std::int64_t member_id, std::string_view user_id,
                             std::string_view password_hash, std::string_view email) {
    auto& st =
        db.stmt("account_insert",
                "INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at,"
                " email, created_at) VALUES (?, ?, ?, NOW(6), ?, NOW(6))");
    std::string key;
    auto done = st.exec_unless_duplicate({member_id, user_id, password_hash, email}, &key);
    if (done)
        return {AccountInsert::Outcome::Created, to_id(st.insert_id())};
    if (key == "account_user_id")
        return {AccountInsert::Outcome::UserIdTaken, 0};
    if (key == "account_member")
        return {AccountInsert::Outcome::MemberHasAccount, 0};
    throw DbError("cannot insert account of member " + std::to_string(member_id) +
                  ": duplicate key '" + key + "'");
}

bool account_login_failed(Db& db, std::int64_t account_id, unsigned limit, unsigned lock_minutes) {
    return login_counter_failed(db, kAccountLogins, account_id, limit, lock_minutes);
}

void account_login_succeeded(Db& db, std::int64_t account_id) {
    login_counter_reset(db, kAccountLogins, account_id);
}

void account_set_password_hash(Db& db, std::int64_t account_id, std::string_view hash) {
    db.stmt("account_set_password_hash", "UPDATE accounts SET password_hash = ? WHERE id = ?")
        .exec({hash, account_id});
}

std::optional<Account> account_by_id(Db& db, std::int64_t id) {
    return one_row(db, "account_by_id",
                   "SELECT id, member_id, user_id, email FROM accounts WHERE id = ?", {id},
                   [](const Row& r) {
                       return Account{r.num(0), r.num(1), r.str(2), r.str(3)};
                   });
}

// ---- sessions ---------------------------------------------------------------

namespace {

// The columns both session reads select (of "sessions s"), in this order,
// then "expired".
constexpr const char* kSessionColumns =
    "SELECT s.stage, s.member_id, s.account_id, s.pending_user_id, s.pending_email,"
    " s.pending_password_hash,";

SessionRow session_from(const Row& row) {
    SessionRow s;
    s.stage = row.num(0);
    s.member_id = row.num(1);
    if (!row.is_null(2))
        s.account_id = row.num(2);
    s.pending_user_id = row.str(3);
    s.pending_email = row.str(4);
    s.pending_password_hash = row.str(5);
    s.expired = row.num(6) != 0;
    return s;
}

}  // namespace

std::optional<SessionRow> session_get(Db& db, std::string_view id_hash, unsigned idle_minutes,
                                      unsigned absolute_minutes, unsigned password_max_days) {
    // The member and the account come in the same round trip: every page
    // after the login needs the member, every portal page the account, and
    // a round trip costs the database more than a join by primary key.
    static const std::string sql =
        std::string(kSessionColumns) +
        " s.last_seen_at < NOW(6) - INTERVAL ? MINUTE"
        " OR s.created_at < NOW(6) - INTERVAL ? MINUTE,"
        " s.last_seen_at < NOW(6) - INTERVAL 1 MINUTE," +
        kMemberColumns +
        ", DATE_FORMAT(s.created_at, '%Y-%m-%d %H:%i:%s.%f'),"
        " a.id, a.user_id, a.email, DATE_FORMAT(a.password_changed_at + INTERVAL ? DAY, '%Y%m%d'),"
        " a.notices"
        " FROM sessions s LEFT JOIN members m ON m.id = s.member_id"
        " LEFT JOIN accounts a ON a.id = s.account_id"
        " WHERE s.id_hash = ?";
    auto row = db.stmt("session_get", sql.c_str())
                   .query_one({std::int64_t{idle_minutes}, std::int64_t{absolute_minutes},
                               std::int64_t{password_max_days}, id_hash});
    if (!row)
        return std::nullopt;
    SessionRow s = session_from(*row);
    s.touch_due = row->num(7) != 0;
    s.member = member_from(*row, 8);
    s.created_at = row->str(17);
    if (!row->is_null(18))
        s.account = PortalAccount{row->num(18), row->str(19), row->str(20), row->str(21),
                                  row->num(22) != 0};
    return s;
}

std::optional<SessionRow> session_lock(Db& db, std::string_view id_hash) {
    static const std::string sql =
        std::string(kSessionColumns) + " 0 FROM sessions s WHERE s.id_hash = ? FOR UPDATE";
    return one_row(db, "session_lock", sql.c_str(), {id_hash}, session_from);
}

std::uint64_t session_set_stage(Db& db, std::string_view id_hash, int stage,
                                std::optional<std::int64_t> account_id) {
    const Param account = opt(account_id);
    return db
        .stmt("session_set_stage",
              "UPDATE sessions SET stage = ?, account_id = ?,"
              " pending_password_hash = IF(? = 3, pending_password_hash, NULL),"
              " last_seen_at = NOW(6) WHERE id_hash = ?")
        .exec({std::int64_t{stage}, account, std::int64_t{stage}, id_hash});
}

void session_touch(Db& db, std::string_view id_hash) {
    db.stmt("session_touch", "UPDATE sessions SET last_seen_at = NOW(6) WHERE id_hash = ?")
        .exec({id_hash});
}

void session_insert(Db& db, std::string_view id_hash, const SessionRow& row,
                    std::string_view created_at) {
    const Param account = opt(row.account_id);
    db.stmt("session_insert",
            "INSERT INTO sessions (id_hash, stage, member_id, account_id, pending_user_id,"
            " pending_email, pending_password_hash, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, NOW(6)), NOW(6))")
        .exec({id_hash, row.stage, row.member_id, account, opt(row.pending_user_id),
               opt(row.pending_email), opt(row.pending_password_hash), opt(created_at)});
}

std::uint64_t session_rotate(Db& db, std::string_view old_hash, std::string_view new_hash,
                             const SessionRow& row) {
    const Param account = opt(row.account_id);
    return db
        .stmt("session_rotate",
              "UPDATE sessions SET id_hash = ?, stage = ?, member_id = ?, account_id = ?,"
              " pending_user_id = ?, pending_email = ?, pending_password_hash = ?,"
              " last_seen_at = NOW(6) WHERE id_hash = ?")
        .exec({new_hash, row.stage, row.member_id, account, opt(row.pending_user_id),
               opt(row.pending_email), opt(row.pending_password_hash), old_hash});
}

std::uint64_t session_branch(Db& db, std::string_view new_hash, const SessionRow& row,
                             std::string_view created_at) {
    if (created_at.empty())
        return 0;
    const Param account = opt(row.account_id);
    return db
        .stmt("session_branch",
              "INSERT INTO sessions (id_hash, stage, member_id, account_id, pending_user_id,"
              " pending_email, pending_password_hash, created_at, last_seen_at)"
              " SELECT ?, s.stage, s.member_id, ?, ?, ?, ?, s.created_at, NOW(6)"
              " FROM sessions s WHERE s.member_id = ? AND s.created_at = ? AND s.stage = ?"
              " LIMIT 1")
        .exec({new_hash, account, opt(row.pending_user_id), opt(row.pending_email),
               opt(row.pending_password_hash), row.member_id, created_at, row.stage});
}

bool session_exists(Db& db, std::string_view id_hash) {
    return db.stmt("session_exists", "SELECT 1 FROM sessions WHERE id_hash = ?")
        .query_one({id_hash})
        .has_value();
}

std::uint64_t session_delete(Db& db, std::string_view id_hash) {
    return db.stmt("session_delete", "DELETE FROM sessions WHERE id_hash = ?").exec({id_hash});
}

std::uint64_t session_delete_for_member(Db& db, std::int64_t member_id) {
    return db.stmt("session_delete_for_member", "DELETE FROM sessions WHERE member_id = ?")
        .exec({member_id});
}

namespace {

// The sessions of MEMBER_ID but KEEP_HASH ends: all of them, or only those
// still UNFINISHED (below Stage::Member, 10).
std::uint64_t session_delete_others(Db& db, std::int64_t member_id, std::string_view keep_hash,
                                    bool unfinished) {
    auto& stmt = unfinished ? db.stmt("session_delete_member_others",
                                      "DELETE FROM sessions"
                                      " WHERE member_id = ? AND stage < 10 AND id_hash <> ?")
                            : db.stmt("session_delete_for_member_except",
                                      "DELETE FROM sessions WHERE member_id = ? AND id_hash <> ?");
    return stmt.exec({member_id, keep_hash});
}

}  // namespace

std::uint64_t session_delete_member_others(Db& db, std::int64_t member_id,
                                           std::string_view keep_hash) {
    return session_delete_others(db, member_id, keep_hash, true);
}

std::uint64_t session_purge_expired(Db& db, unsigned idle_minutes, unsigned absolute_minutes) {
    return db
        .stmt("session_purge_expired",
              "DELETE FROM sessions WHERE last_seen_at < NOW(6) - INTERVAL ? MINUTE"
              " OR created_at < NOW(6) - INTERVAL ? MINUTE")
        .exec({std::int64_t{idle_minutes}, std::int64_t{absolute_minutes}});
}

// ---- the identity check passed ------------------------------------------------

std::uint64_t session_verified(Db& db, std::string_view old_hash, std::string_view new_hash) {
    return db
        .stmt("session_verified",
              "UPDATE sessions s JOIN members m ON m.id = s.member_id"
              " SET s.id_hash = ?, s.stage = 2, s.last_seen_at = NOW(6), m.verify_failures = 0"
              " WHERE s.id_hash = ? AND s.stage = 1 AND m.verify_locked_at IS NULL")
        .exec({new_hash, old_hash});
}

bool member_verify_passed(Db& db, std::int64_t member_id) {
    // Read first: an UPDATE that changes nothing (the count is 0 already)
    // reports no affected row.
    if (!db.stmt("member_unlocked_for_update",
                 "SELECT 1 FROM members WHERE id = ? AND verify_locked_at IS NULL FOR UPDATE")
             .query_one({member_id}))
        return false;
    db.stmt("member_verify_passed", "UPDATE members SET verify_failures = 0 WHERE id = ?")
        .exec({member_id});
    return true;
}

// ---- mail_outbox -------------------------------------------------------------

std::optional<std::uint64_t> outbox_insert(Db& db, std::string_view kind,
                                           std::string_view dedupe_key, std::string_view recipient,
                                           std::string_view message) {
    auto& st = db.stmt("outbox_insert",
                       "INSERT INTO mail_outbox (kind, dedupe_key, recipient, message, created_at,"
                       " next_attempt_at) VALUES (?, ?, ?, ?, NOW(6), NOW(6))");
    if (!st.exec_unless_duplicate({kind, dedupe_key, recipient, message}))
        return std::nullopt;
    return st.insert_id();
}

std::vector<std::uint64_t> outbox_due(Db& db, unsigned limit) {
    auto rows =
        db.stmt("outbox_due",
                "SELECT id FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= NOW(6)"
                " AND (claimed_until IS NULL OR claimed_until < NOW(6))"
                " ORDER BY next_attempt_at, id LIMIT ?")
            .query({std::int64_t{limit}});
    std::vector<std::uint64_t> ids;
    ids.reserve(rows.size());
    for (const auto& r : rows)
        ids.push_back(static_cast<std::uint64_t>(r.num(0)));
    return ids;
}

bool outbox_claim(Db& db, std::uint64_t id, unsigned claim_seconds) {
    return db.stmt("outbox_claim",
                   "UPDATE mail_outbox SET claimed_until = NOW(6) + INTERVAL ? SECOND,"
                   " attempts = attempts + 1"
                   " WHERE id = ? AND sent_at IS NULL"
                   " AND (claimed_until IS NULL OR claimed_until < NOW(6))")
               .exec({std::int64_t{claim_seconds}, static_cast<std::int64_t>(id)}) == 1;
}

std::optional<OutboxMail> outbox_message(Db& db, std::uint64_t id) {
    return one_row(db, "outbox_message", "SELECT message, attempts FROM mail_outbox WHERE id = ?",
                   {static_cast<std::int64_t>(id)}, [](const Row& r) {
                       return OutboxMail{r.str(0), static_cast<unsigned>(r.num(1))};
                   });
}

void outbox_mark_sent(Db& db, std::uint64_t id) {
    db.stmt("outbox_mark_sent",
            "UPDATE mail_outbox SET sent_at = NOW(6), claimed_until = NULL WHERE id = ?")
        .exec({static_cast<std::int64_t>(id)});
}

void outbox_mark_failed(Db& db, std::uint64_t id, std::string_view error, unsigned retry_seconds) {
    auto text = fit_utf8(error, 500);
    db.stmt("outbox_mark_failed",
            "UPDATE mail_outbox SET last_error = ?, next_attempt_at = NOW(6) + INTERVAL ? SECOND,"
            " claimed_until = NULL WHERE id = ?")
        .exec({text, std::int64_t{retry_seconds}, static_cast<std::int64_t>(id)});
}

OutboxStatus outbox_status(Db& db) {
    auto row = db.stmt("outbox_status",
                       "SELECT COUNT(*) - COUNT(sent_at), COUNT(sent_at),"
                       " COALESCE(SUM(sent_at IS NULL AND last_error IS NOT NULL), 0)"
                       " FROM mail_outbox")
                   .query_one();
    OutboxStatus s;
    if (row) {
        s.queued = static_cast<std::uint64_t>(row->num(0));
        s.sent = static_cast<std::uint64_t>(row->num(1));
        s.failing = static_cast<std::uint64_t>(row->num(2));
    }
    return s;
}

std::optional<OutboxOldest> outbox_oldest_queued(Db& db) {
    return one_row(db, "outbox_oldest_queued",
                   "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'),"
                   " TIMESTAMPDIFF(SECOND, created_at, NOW(6))"
                   " FROM mail_outbox WHERE sent_at IS NULL ORDER BY created_at, id LIMIT 1",
                   {}, [](const Row& r) {
                       return OutboxOldest{r.str(0), r.num(1)};
                   });
}

namespace {

// Column I of ROW, nullopt for NULL.
std::optional<std::string> nullable(const Row& row, std::size_t i) {
    if (row.is_null(i))
        return std::nullopt;
    return row.str(i);
}

}  // namespace

std::vector<FailingMail> outbox_failing(Db& db, unsigned limit) {
    auto rows = db.stmt("outbox_failing",
                        "SELECT id, kind, recipient, attempts,"
                        " DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'),"
                        " DATE_FORMAT(next_attempt_at, '%Y-%m-%d %H:%i:%s'), last_error"
                        " FROM mail_outbox WHERE sent_at IS NULL AND last_error IS NOT NULL"
                        " ORDER BY next_attempt_at DESC, id DESC LIMIT ?")
                    .query({std::int64_t{limit}});
    std::vector<FailingMail> out;
    out.reserve(rows.size());
    for (const auto& r : rows)
        out.push_back({r.num(0), r.str(1), r.str(2), r.num(3), r.str(4), r.str(5), r.str(6)});
    return out;
}

// ---- audit_events ------------------------------------------------------------

namespace {

// An event's columns, cut to their widths: audit_insert and audit_repeat
// write the same row.
struct AuditRow {
    AuditRow(std::string_view ev, std::optional<std::int64_t> member_id, std::string_view login_id,
             std::string_view client_addr, std::string_view det)
        : event(fit_utf8(ev, 40)),
          login(fit_utf8(login_id, 64)),
          addr(fit_utf8(client_addr, 45)),
          detail(fit_utf8(det, 500)) {
        if (member_id)
            member = *member_id;
    }
    std::string event, login, addr, detail;
    Param member = nullptr;
};

}  // namespace

void audit_insert(Db& db, std::string_view event, std::optional<std::int64_t> member_id,
                  std::string_view login_id, std::string_view client_addr,
                  std::string_view detail) {
    const AuditRow r(event, member_id, login_id, client_addr, detail);
    db.stmt("audit_insert",
            "INSERT INTO audit_events (at, event, member_id, login_id, client_addr, detail)"
            " VALUES (NOW(6), ?, ?, ?, ?, ?)")
        .exec({r.event, r.member, opt(r.login), opt(r.addr), opt(r.detail)});
}

std::uint64_t audit_rows_this_minute(Db& db, std::string_view event, std::string_view client_addr) {
    auto addr = fit_utf8(client_addr, 45);
    auto row = db.stmt("audit_rows_this_minute",
                       "SELECT COUNT(*) FROM audit_events WHERE client_addr = ? AND event = ?"
                       " AND at >= DATE_FORMAT(NOW(6), '%Y-%m-%d %H:%i:00')")
                   .query_one({addr, event});
    return row ? static_cast<std::uint64_t>(row->num(0)) : 0;
}

void audit_repeat(Db& db, std::string_view event, std::optional<std::int64_t> member_id,
                  std::string_view login_id, std::string_view client_addr,
                  std::string_view detail) {
    const AuditRow r(event, member_id, login_id, client_addr, detail);
    // The key is made from the server's clock in the statement itself, so
    // threads and hosts agree on the minute. A deadlock between two
    // threads upserting the same key is retried by atomically.
    atomically(db, [&](Db& db) {
        db.stmt("audit_repeat",
                "INSERT INTO audit_events (at, event, member_id, login_id, client_addr, detail,"
                " repeat_key) VALUES (NOW(6), ?, ?, ?, ?, ?, UNHEX(SHA2(CONCAT_WS(0x1f, ?,"
                " COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''),"
                " DATE_FORMAT(NOW(6), '%Y-%m-%d %H:%i')), 256)))"
                " ON DUPLICATE KEY UPDATE count = count + 1, last_at = NOW(6),"
                " login_id = IF(login_id <=> VALUES(login_id), login_id, NULL)")
            .exec({r.event, r.member, opt(r.login), opt(r.addr), opt(r.detail), r.event, r.member,
                   opt(r.addr), opt(r.detail)});
    });
}

std::vector<AuditEvent> audit_find(Db& db, const AuditQuery& q) {
    Param member = nullptr;
    if (q.member_id)
        member = *q.member_id;
    const Param login = opt(q.login_id), since = opt(q.since), event = opt(q.event);
    // The events, with each member's consent as the verify_ok it records
    // (step 2 writes no event of its own). The newest LIMIT, then in time
    // order; ties by table and id, so one table's rows keep their order.
    auto rows =
        db.stmt(
              "audit_find",
              "SELECT * FROM ("
              " SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%d %H:%i:%s') AS at_text, a.event,"
              " m.insurer_number, m.symbol, m.number, a.login_id, a.client_addr, a.detail,"
              " a.at, a.source, a.count, DATE_FORMAT(a.last_at, '%H:%i:%s') AS last_text"
              " FROM (SELECT 0 AS source, id, at, event, member_id, login_id, client_addr,"
              "        detail, count, last_at FROM audit_events"
              "       UNION ALL"
              "       SELECT 1, c.id, c.at, IF(c.source = 'verify', 'verify_ok', 'consent'),"
              "        c.member_id, NULL, c.client_addr, CONCAT('terms version ', t.version), 1, NULL"
              "        FROM consents c JOIN terms_versions t ON t.seq = c.terms_seq) a"
              " LEFT JOIN members m ON m.id = a.member_id"
              " WHERE ((? IS NULL AND ? IS NULL) OR a.member_id = ?"
              "        OR LOWER(a.login_id) = LOWER(?))"
              " AND (? IS NULL OR a.at >= ?)"
              " AND (? IS NULL OR a.event = ?)"
              " ORDER BY a.at DESC, a.source DESC, a.id DESC LIMIT ?"
              ") newest ORDER BY at, source, id")
            .query(
                {member, login, member, login, since, since, event, event, std::int64_t{q.limit}});
    std::vector<AuditEvent> out;
    out.reserve(rows.size());
    for (const auto& r : rows)
        out.push_back({r.num(0), r.str(1), r.str(2), nullable(r, 3), nullable(r, 4), nullable(r, 5),
                       nullable(r, 6), nullable(r, 7), nullable(r, 8),
                       static_cast<std::uint64_t>(r.num(11)), nullable(r, 12)});
    return out;
}

// ---- operators' chores ----------------------------------------------------------

bool member_unlock(Db& db, std::int64_t member_id) {
    return atomically(db, [&](Db& db) {
        auto exists = db.stmt("member_exists", "SELECT 1 FROM members WHERE id = ? FOR UPDATE")
                          .query_one({member_id});
        if (!exists)
            return false;
        db.stmt(
              "member_unlock_temp",
              "UPDATE temp_credentials SET login_failures = 0, locked_until = NULL WHERE member_id = ?")
            .exec({member_id});
        db.stmt("member_unlock_account",
                "UPDATE accounts SET login_failures = 0, locked_until = NULL WHERE member_id = ?")
            .exec({member_id});
        db.stmt("member_unlock_verify",
                "UPDATE members SET verify_failures = 0, verify_locked_at = NULL WHERE id = ?")
            .exec({member_id});
        return true;
    });
}

std::vector<UnregisteredMember> members_unregistered(Db& db, std::string_view issued_since,
                                                     std::string_view issued_before) {
    const Param since = opt(issued_since), before = opt(issued_before);
    auto rows =
        db.stmt("members_unregistered",
                "SELECT m.symbol, m.number, m.name, t.temp_user_id,"
                " DATE_FORMAT(t.issued_at, '%Y-%m-%d %H:%i:%s'), m.insurer_number, m.category"
                " FROM members m JOIN temp_credentials t ON t.member_id = m.id"
                " WHERE t.retired_at IS NULL"
                " AND (? IS NULL OR t.issued_at >= ?) AND (? IS NULL OR t.issued_at < ?)"
                " ORDER BY m.symbol, m.number")
            .query({since, since, before, before});
    std::vector<UnregisteredMember> out;
    out.reserve(rows.size());
    for (const auto& r : rows)
        out.push_back({r.str(5), r.str(0), r.str(1), r.str(2), r.str(6), r.str(3), r.str(4)});
    return out;
}

// ---- import (kosmoctl import-members) --------------------------------------------

std::string repeated_rows(std::string_view row) {
    std::string out;
    for (std::size_t i = 0; i < kImportBatch; ++i) {
        if (i)
            out += ", ";
        out += row;
    }
    return out;
}

std::vector<MemberKeyRow> members_keys(Db& db) {
    auto rows = db.stmt("members_keys",
                        "SELECT m.insurer_number, m.symbol, m.number, m.id, t.member_id IS NOT NULL"
                        " FROM members m LEFT JOIN temp_credentials t ON t.member_id = m.id")
                    .query();
    std::vector<MemberKeyRow> out;
    out.reserve(rows.size());
    for (const auto& r : rows)
        out.push_back({r.str(0), r.str(1), r.str(2), r.num(3), r.num(4) != 0});
    return out;
}

void member_upsert_many(Db& db, const std::vector<MemberData>& rows) {
    static const std::string sql =
        "INSERT INTO members (insurer_number, symbol, number, name, birth_date, category,"
        " created_at, updated_at) VALUES " +
        repeated_rows("(?, ?, ?, ?, ?, ?, NOW(6), NOW(6))") + KOSMO_MEMBER_UPSERT_TAIL;
    std::size_t full = rows.size() - rows.size() % kImportBatch;
    std::vector<Param> params;
    params.reserve(kImportBatch * 6);
    for (std::size_t start = 0; start < full; start += kImportBatch) {
        params.clear();
        for (std::size_t i = start; i < start + kImportBatch; ++i) {
            const auto& r = rows[i];
            params.insert(params.end(),
                          {r.insurer_number, r.symbol, r.number, r.name, r.birth_date, r.category});
        }
        db.stmt("member_upsert_batch", sql.c_str()).exec(params);
    }
    for (std::size_t i = full; i < rows.size(); ++i) {
        const auto& r = rows[i];
        member_upsert(db, r.insurer_number, r.symbol, r.number, r.name, r.birth_date, r.category);
    }
}

bool temp_insert_batch(Db& db, const std::vector<TempData>& rows) {
    if (rows.size() != kImportBatch)
        throw DbError("temp_insert_batch takes " + std::to_string(kImportBatch) + " rows, got " +
                      std::to_string(rows.size()));
    static const std::string sql =
        "INSERT INTO temp_credentials (member_id, temp_user_id, password_hash, issued_at) VALUES " +
        repeated_rows("(?, ?, ?, NOW(6))");
    std::vector<Param> params;
    params.reserve(kImportBatch * 3);
    for (const auto& r : rows)
        params.insert(params.end(), {r.member_id, r.temp_user_id, r.password_hash});
    return db.stmt("temp_insert_batch", sql.c_str()).exec_unless_duplicate(params).has_value();
}

// ---- schema_version (kosmoctl migrate) -------------------------------------------

std::vector<SchemaVersion> schema_versions(Db& db) {
    auto exists = db.stmt("schema_version_exists",
                          "SELECT 1 FROM information_schema.tables"
                          " WHERE table_schema = DATABASE() AND table_name = 'schema_version'")
                      .query_one();
    if (!exists)
        return {};
    auto rows =
        db.stmt("schema_versions", "SELECT version, name FROM schema_version ORDER BY version")
            .query();
    std::vector<SchemaVersion> out;
    out.reserve(rows.size());
    for (const auto& r : rows)
        out.push_back({r.num(0), r.str(1)});
    return out;
}

void schema_version_insert(Db& db, std::int64_t version, std::string_view name) {
    db.stmt("schema_version_insert",
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, NOW(6))")
        .exec({version, name});
}

void migration_session(Db& db) {
    db.exec_raw("SET SESSION autocommit = 0");
}

// ---- at the door (issue 12): terms, consents, resets, reminders, lockout ------

std::optional<Terms> terms_newest(Db& db) {
    return one_row(db, "terms_newest",
                   "SELECT seq, version, body, DATE_FORMAT(published_at, '%Y-%m-%d')"
                   " FROM terms_versions ORDER BY seq DESC LIMIT 1",
                   {}, [](const Row& r) {
                       return Terms{r.num(0), r.str(1), r.str(2), r.str(3)};
                   });
}

bool terms_publish(Db& db, std::string_view version, std::string_view body) {
    return db
        .stmt("terms_publish",
              "INSERT INTO terms_versions (version, body, published_at) VALUES (?, ?, NOW(6))")
        .exec_unless_duplicate({version, body})
        .has_value();
}

void consent_insert(Db& db, std::int64_t member_id, std::string_view client_addr,
                    std::string_view source) {
    auto addr = fit_utf8(client_addr, 45);
    db.stmt("consent_insert",
            "INSERT INTO consents (member_id, terms_seq, at, client_addr, source)"
            " SELECT ?, MAX(seq), NOW(6), ?, ? FROM terms_versions HAVING MAX(seq) IS NOT NULL")
        .exec({member_id, opt(addr), source});
}

std::vector<Consent> consents_of_member(Db& db, std::int64_t member_id) {
    auto rows = db.stmt("consents_of_member",
                        "SELECT DATE_FORMAT(c.at, '%Y-%m-%d %H:%i:%s'), t.version, c.client_addr,"
                        " c.source FROM consents c JOIN terms_versions t ON t.seq = c.terms_seq"
                        " WHERE c.member_id = ? ORDER BY c.at, c.id")
                    .query({member_id});
    std::vector<Consent> out;
    for (const auto& r : rows)
        out.push_back({r.str(0), r.str(1), r.str(2), r.str(3)});
    return out;
}

bool terms_pending(Db& db, std::int64_t member_id) {
    auto row = db.stmt("terms_pending",
                       "SELECT COALESCE((SELECT MAX(seq) FROM terms_versions), 0) >"
                       " COALESCE((SELECT MAX(terms_seq) FROM consents WHERE member_id = ?), 0)")
                   .query_one({member_id});
    return row && row->num(0) != 0;
}

namespace {

// The columns of AccountAtDoor (but expires_on), of "accounts a JOIN members m".
constexpr const char* kAtDoorColumns =
    "SELECT a.id, a.member_id, a.user_id, a.email, a.password_hash, m.name,"
    " DATE_FORMAT(m.birth_date, '%Y%m%d')"
    " FROM accounts a JOIN members m ON m.id = a.member_id";

AccountAtDoor at_door_from(const Row& r) {
    return AccountAtDoor{r.num(0), r.num(1), r.str(2), r.str(3),
                         r.str(4), r.str(5), r.str(6), std::string()};
}

}  // namespace

std::optional<AccountAtDoor> account_at_door_by_user_id(Db& db, std::string_view user_id) {
    if (!is_ascii(user_id))
        return std::nullopt;
    static const std::string sql = std::string(kAtDoorColumns) + " WHERE a.user_id = ?";
    return one_row(db, "account_at_door_by_user_id", sql.c_str(), {user_id}, at_door_from);
}

std::optional<AccountAtDoor> account_at_door_by_id(Db& db, std::int64_t id) {
    static const std::string sql = std::string(kAtDoorColumns) + " WHERE a.id = ?";
    return one_row(db, "account_at_door_by_id", sql.c_str(), {id}, at_door_from);
}

std::vector<AccountAtDoor> accounts_at_door_by_email(Db& db, std::string_view email) {
    auto key = fit_utf8(email, 254);
    static const std::string sql =
        std::string(kAtDoorColumns) + " WHERE a.email_key = LOWER(?) ORDER BY a.id LIMIT 20";
    std::vector<AccountAtDoor> out;
    for (const auto& r : db.stmt("accounts_at_door_by_email", sql.c_str()).query({key}))
        out.push_back(at_door_from(r));
    return out;
}

void account_set_new_password(Db& db, std::int64_t account_id, std::string_view hash) {
    db.stmt("account_set_new_password",
            "UPDATE accounts SET password_hash = ?, password_changed_at = NOW(6),"
            " password_expired = 0, login_failures = 0, locked_until = NULL WHERE id = ?")
        .exec({hash, account_id});
}

std::optional<std::int64_t> account_mark_expired(Db& db, std::string_view user_id) {
    if (!is_ascii(user_id))
        return std::nullopt;
    auto row =
        db.stmt("account_member_by_user_id", "SELECT member_id FROM accounts WHERE user_id = ?")
            .query_one({user_id});
    if (!row)
        return std::nullopt;
    db.stmt("account_mark_expired", "UPDATE accounts SET password_expired = 1 WHERE user_id = ?")
        .exec({user_id});
    return row->num(0);
}

std::vector<Expiring> accounts_expiring(Db& db, unsigned max_days, unsigned notice_days) {
    // The expiry date as the members' calendar (JST) counts it.
    auto rows = db.stmt("accounts_expiring",
                        "SELECT a.id, a.member_id, a.user_id, a.email, a.password_hash, m.name,"
                        " DATE_FORMAT(m.birth_date, '%Y%m%d'),"
                        " DATE_FORMAT(a.password_changed_at + INTERVAL 9 HOUR + INTERVAL ? DAY,"
                        "  '%Y-%m-%d'),"
                        " CONCAT(a.id, ':', DATE_FORMAT(a.password_changed_at, '%Y%m%d%H%i%s%f'))"
                        " FROM accounts a JOIN members m ON m.id = a.member_id"
                        " WHERE a.password_expired = 0"
                        " AND a.password_changed_at < NOW(6) - INTERVAL ? DAY"
                        " AND a.password_changed_at >= NOW(6) - INTERVAL ? DAY ORDER BY a.id")
                    .query({std::int64_t{max_days},
                            std::int64_t{max_days > notice_days ? max_days - notice_days : 0},
                            std::int64_t{max_days}});
    std::vector<Expiring> out;
    for (const auto& r : rows) {
        out.push_back({at_door_from(r), r.str(8)});
        out.back().account.expires_on = r.str(7);
    }
    return out;
}

namespace {

// The door's two hourly mail limits count two tables the same way. Whole
// literals, so each stays one prepared statement under its own name.
struct AccountCount {
    const char* name;
    const char* sql;
};

constexpr AccountCount kResetsLastHour{
    "resets_last_hour",
    "SELECT COUNT(*) FROM password_resets"
    " WHERE account_id = ? AND created_at > NOW(6) - INTERVAL 1 HOUR"};
constexpr AccountCount kRemindersLastHour{
    "reminders_last_hour",
    "SELECT COUNT(*) FROM user_id_reminders"
    " WHERE account_id = ? AND created_at > NOW(6) - INTERVAL 1 HOUR"};

unsigned count_for_account(Db& db, const AccountCount& c, std::int64_t account_id) {
    auto row = db.stmt(c.name, c.sql).query_one({account_id});
    return row ? static_cast<unsigned>(row->num(0)) : 0;
}

// A reset link's account while the link is unused and unexpired; LOCK (FOR
// UPDATE) when it is about to be claimed.
std::optional<std::int64_t> usable_reset_account(Db& db, std::string_view token_hash, bool lock) {
    static constexpr const char* kUsable =
        "SELECT account_id FROM password_resets"
        " WHERE token_hash = ? AND used_at IS NULL AND expires_at > NOW(6)";
    static const std::string locked = std::string(kUsable) + " FOR UPDATE";
    auto account = [](const Row& r) { return r.num(0); };
    return lock ? one_row(db, "reset_claim_read", locked.c_str(), {token_hash}, account)
                : one_row(db, "reset_usable", kUsable, {token_hash}, account);
}

}  // namespace

unsigned resets_last_hour(Db& db, std::int64_t account_id) {
    return count_for_account(db, kResetsLastHour, account_id);
}

unsigned reminders_last_hour(Db& db, std::int64_t account_id) {
    return count_for_account(db, kRemindersLastHour, account_id);
}

void reset_insert(Db& db, std::string_view token_hash, std::int64_t account_id,
                  unsigned valid_minutes) {
    db.stmt("reset_insert",
            "INSERT INTO password_resets (token_hash, account_id, created_at, expires_at)"
            " VALUES (?, ?, NOW(6), NOW(6) + INTERVAL ? MINUTE)")
        .exec({token_hash, account_id, std::int64_t{valid_minutes}});
}

void reminder_insert(Db& db, std::int64_t account_id) {
    db.stmt("reminder_insert",
            "INSERT INTO user_id_reminders (account_id, created_at) VALUES (?, NOW(6))")
        .exec({account_id});
}

std::optional<std::int64_t> reset_usable(Db& db, std::string_view token_hash) {
    return usable_reset_account(db, token_hash, false);
}

std::optional<std::int64_t> reset_claim(Db& db, std::string_view token_hash) {
    // FOR UPDATE: of two POSTs of one link, the second waits here and then
    // finds it used.
    auto account = usable_reset_account(db, token_hash, true);
    if (!account)
        return std::nullopt;
    db.stmt("reset_claim", "UPDATE password_resets SET used_at = NOW(6) WHERE token_hash = ?")
        .exec({token_hash});
    return account;
}

void resets_void_for_account(Db& db, std::int64_t account_id) {
    db.stmt("resets_void_for_account",
            "UPDATE password_resets SET used_at = NOW(6) WHERE account_id = ? AND used_at IS NULL")
        .exec({account_id});
}

std::uint64_t session_delete_for_member_except(Db& db, std::int64_t member_id,
                                               std::string_view keep_hash) {
    return session_delete_others(db, member_id, keep_hash, false);
}

bool addr_login_failed(Db& db, std::string_view client_addr, unsigned limit,
                       unsigned window_minutes, unsigned lock_minutes) {
    auto addr = fit_utf8(client_addr, 45);
    // MariaDB assigns left to right: failures is judged by the old window
    // start, which the second assignment then moves.
    db.stmt("addr_login_failed",
            "INSERT INTO login_addr_failures (client_addr, failures, window_started_at)"
            " VALUES (?, 1, NOW(6)) ON DUPLICATE KEY UPDATE"
            " failures = IF(window_started_at < NOW(6) - INTERVAL ? MINUTE, 1, failures + 1),"
            " window_started_at = IF(window_started_at < NOW(6) - INTERVAL ? MINUTE,"
            "  NOW(6), window_started_at)")
        .exec({addr, std::int64_t{window_minutes}, std::int64_t{window_minutes}});
    return db.stmt(
                 "addr_lock",
                 "UPDATE login_addr_failures SET locked_until = NOW(6) + INTERVAL ? MINUTE,"
                 " failures = 0, window_started_at = NOW(6) WHERE client_addr = ? AND failures >= ?")
               .exec({std::int64_t{lock_minutes}, addr, std::int64_t{limit}}) > 0;
}

bool addr_locked(Db& db, std::string_view client_addr) {
    auto addr = fit_utf8(client_addr, 45);
    return db
        .stmt("addr_locked",
              "SELECT 1 FROM login_addr_failures WHERE client_addr = ? AND locked_until > NOW(6)")
        .query_one({addr})
        .has_value();
}

void addr_unlock(Db& db, std::string_view client_addr) {
    auto addr = fit_utf8(client_addr, 45);
    db.stmt(
          "addr_unlock",
          "UPDATE login_addr_failures SET failures = 0, locked_until = NULL WHERE client_addr = ?")
        .exec({addr});
}

// ---- the server ----------------------------------------------------------------------

std::map<std::string, std::string> wsrep_status(Db& db) {
    // information_schema answers while the node refuses tables (1047); a
    // wsrep_sync_wait of the node's would make it wait for a cluster that a
    // node cut off cannot see (1205), so this one read does not wait.
    auto rows =
        db.stmt(
              "wsrep_status",
              "SET STATEMENT wsrep_sync_wait = 0 FOR"
              " SELECT UPPER(VARIABLE_NAME), VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES"
              " WHERE VARIABLE_NAME IN ('WSREP_PROVIDER', 'WSREP_ON')"
              " UNION ALL"
              " SELECT UPPER(VARIABLE_NAME), VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
              " WHERE VARIABLE_NAME IN ('WSREP_READY', 'WSREP_LOCAL_STATE',"
              " 'WSREP_LOCAL_STATE_COMMENT', 'WSREP_CLUSTER_STATUS')")
            .query();
    std::map<std::string, std::string> out;
    for (const auto& row : rows)
        out[row.str(0)] = row.str(1);
    return out;
}

}  // namespace kosmo::q
