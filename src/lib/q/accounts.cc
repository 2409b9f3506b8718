// accounts.cc: the statements of accounts, password_resets, user_id_reminders
// and email_changes
#include "q/accounts.h"

#include "q/helpers.h"
#include "text.h"

namespace kosmo::q {

namespace {

// Their login failures and lock (q/helpers.h).
constexpr LoginCounter kAccountLogins{
    "account_login_read",
    "SELECT login_failures FROM accounts WHERE id = ? FOR UPDATE",
    "account_login_failed",
    "UPDATE accounts"
    " SET locked_until = IF(?, NOW(6) + INTERVAL ? MINUTE, locked_until),"
    " login_failures = IF(?, 0, login_failures + 1) WHERE id = ?",
    "account_login_succeeded",
    "UPDATE accounts SET login_failures = 0, locked_until = NULL WHERE id = ?"};

}  // namespace

std::optional<AccountLogin> account_login_by_user_id(Db& db, std::string_view user_id,
                                                     unsigned max_days) {
    if (!is_ascii(user_id))
        return std::nullopt;
    return one_row(db, "account_login_by_user_id",
                   "SELECT id, member_id, password_hash,"
                   " locked_until IS NOT NULL AND locked_until > NOW(6),"
                   // MAX_DAYS 0: a password never expires by its age.
                   " password_expired <> 0"
                   "  OR (? <> 0 AND password_changed_at < NOW(6) - INTERVAL ? DAY),"
                   // The version in force for the member's society, not
                   // the newest of any society's.
                   " COALESCE((SELECT t.seq FROM members m" KOSMO_TERMS_JOIN
                   "  WHERE m.id = accounts.member_id" KOSMO_TERMS_FIRST
                   "), 0) >"
                   "  COALESCE((SELECT MAX(c.terms_seq) FROM consents c"
                   "            WHERE c.member_id = accounts.member_id), 0)"
                   " FROM accounts WHERE user_id = ?",
                   {std::int64_t{max_days}, std::int64_t{max_days}, user_id}, [](const Row& r) {
                       return AccountLogin{r.num(0),      r.num(1),      r.str(2),
                                           r.num(3) != 0, r.num(4) != 0, r.num(5) != 0};
                   });
}

bool account_user_id_taken(Db& db, std::string_view user_id) {
    if (!is_ascii(user_id))
        return false;
    return has_row(db, "account_user_id_taken", "SELECT 1 FROM accounts WHERE user_id = ?",
                   {user_id});
}

bool account_exists_for_member(Db& db, std::int64_t member_id) {
    return has_row(db, "account_exists_for_member", "SELECT 1 FROM accounts WHERE member_id = ?",
                   {member_id});
}

bool account_is_registration(Db& db, std::int64_t member_id, std::string_view user_id,
                             std::string_view password_hash) {
    return has_row(db, "account_is_registration",
                   "SELECT 1 FROM accounts WHERE member_id = ? AND user_id = ?"
                   " AND password_hash = ? LOCK IN SHARE MODE",
                   {member_id, user_id, password_hash});
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

namespace {

// The columns of AccountAtDoor (but expires_on), of "accounts a JOIN members m".
constexpr const char* kAtDoorColumns =
    "SELECT a.id, a.member_id, a.user_id, a.email, a.password_hash, m.name,"
    " DATE_FORMAT(m.birth_date, '%Y%m%d'), m.insurer_number, so.name"
    " FROM accounts a JOIN members m ON m.id = a.member_id"
    " JOIN societies so ON so.insurer_number = m.insurer_number";

AccountAtDoor at_door_from(const Row& r) {
    return AccountAtDoor{r.num(0), r.num(1), r.str(2), r.str(3), r.str(4),
                         r.str(5), r.str(6), r.str(7), r.str(8), std::string()};
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
    if (max_days == 0)
        return {};  // passwords never expire: nothing to remind of
    // The expiry date as the members' calendar (JST) counts it.
    auto rows = db.stmt("accounts_expiring",
                        "SELECT a.id, a.member_id, a.user_id, a.email, a.password_hash, m.name,"
                        " DATE_FORMAT(m.birth_date, '%Y%m%d'), m.insurer_number, so.name,"
                        " DATE_FORMAT(a.password_changed_at + INTERVAL 9 HOUR + INTERVAL ? DAY,"
                        "  '%Y-%m-%d'),"
                        " CONCAT(a.id, ':', DATE_FORMAT(a.password_changed_at, '%Y%m%d%H%i%s%f'))"
                        " FROM accounts a JOIN members m ON m.id = a.member_id"
                        " JOIN societies so ON so.insurer_number = m.insurer_number"
                        " WHERE a.password_expired = 0"
                        " AND a.password_changed_at < NOW(6) - INTERVAL ? DAY"
                        " AND a.password_changed_at >= NOW(6) - INTERVAL ? DAY ORDER BY a.id")
                    .query({std::int64_t{max_days},
                            std::int64_t{max_days > notice_days ? max_days - notice_days : 0},
                            std::int64_t{max_days}});
    std::vector<Expiring> out;
    for (const auto& r : rows) {
        out.push_back({at_door_from(r), r.str(10)});
        out.back().account.expires_on = r.str(9);
    }
    return out;
}

namespace {

// The door's two hourly mail limits count two tables the same way
// (count_for_account, q/helpers.h).
constexpr AccountCount kResetsLastHour{
    "resets_last_hour",
    "SELECT COUNT(*) FROM password_resets"
    " WHERE account_id = ? AND created_at > NOW(6) - INTERVAL 1 HOUR"};
constexpr AccountCount kRemindersLastHour{
    "reminders_last_hour",
    "SELECT COUNT(*) FROM user_id_reminders"
    " WHERE account_id = ? AND created_at > NOW(6) - INTERVAL 1 HOUR"};

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

void account_set_notices(Db& db, std::int64_t account_id, bool on) {
    db.stmt("account_set_notices", "UPDATE accounts SET notices = ? WHERE id = ?")
        .exec({std::int64_t{on}, account_id});
}

void account_set_email(Db& db, std::int64_t account_id, std::string_view email) {
    db.stmt("account_set_email", "UPDATE accounts SET email = ? WHERE id = ?")
        .exec({email, account_id});
}

// ---- email_changes --------------------------------------------------------------------

void email_change_insert(Db& db, std::string_view token_hash, std::int64_t account_id,
                         std::string_view new_email, unsigned valid_hours) {
    db.stmt("email_change_insert",
            "INSERT INTO email_changes (token_hash, account_id, new_email, created_at, expires_at)"
            " VALUES (?, ?, ?, NOW(6), NOW(6) + INTERVAL ? HOUR)")
        .exec({token_hash, account_id, new_email, std::int64_t{valid_hours}});
}

std::optional<EmailChange> email_change_lock(Db& db, std::string_view token_hash) {
    const char* sql = db.in_transaction()
                          ? "SELECT account_id, new_email, used_at IS NULL AND expires_at > NOW(6)"
                            " FROM email_changes WHERE token_hash = ? FOR UPDATE"
                          : "SELECT account_id, new_email, used_at IS NULL AND expires_at > NOW(6)"
                            " FROM email_changes WHERE token_hash = ?";
    auto row = db.stmt(db.in_transaction() ? "email_change_lock" : "email_change_get", sql)
                   .query_one({token_hash});
    if (!row)
        return std::nullopt;
    return EmailChange{row->num(0), row->str(1), row->num(2) != 0};
}

// 1 when the link was still usable: a link is used once, before it expires.
std::uint64_t email_change_use(Db& db, std::string_view token_hash) {
    static constexpr const char* kUse =
        "UPDATE email_changes SET used_at = NOW(6)"
        " WHERE token_hash = ? AND used_at IS NULL AND expires_at > NOW(6)";
    return db.stmt("email_change_use", kUse).exec({token_hash});
}

void email_change_void_others(Db& db, std::int64_t account_id) {
    db.stmt("email_change_void_others",
            "UPDATE email_changes SET used_at = NOW(6) WHERE account_id = ? AND used_at IS NULL")
        .exec({account_id});
}

}  // namespace kosmo::q
