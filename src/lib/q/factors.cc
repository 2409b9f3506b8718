// factors.cc: the statements of the second factor: accounts' factor
// columns, mail_codes, recovery_codes, trusted_browsers, sessions.totp_pending
#include "q/factors.h"

#include "q/helpers.h"
#include "text.h"

namespace kosmo::q {

// The columns of AccountFactors (of "accounts a", "members m", "societies
// so"), read by from_row; a statement may add its own after them.
#define KOSMO_FACTOR_COLUMNS                                                 \
    " a.id, a.member_id, a.user_id, a.email, COALESCE(a.totp_key, ''),"      \
    " a.totp_last_step, a.mail_codes,"                                       \
    " a.factor_locked_until IS NOT NULL AND a.factor_locked_until > NOW(6)," \
    " so.mfa, so.insurer_number, so.name"
#define KOSMO_FACTOR_FROM                                        \
    " FROM accounts a JOIN members m ON m.id = a.member_id"      \
    " JOIN societies so ON so.insurer_number = m.insurer_number" \
    " WHERE a.id = ?"

const char* const kFactorAtLoginColumns = KOSMO_FACTOR_COLUMNS
    ","
    // As account_login_by_user_id decides them (q/accounts.cc).
    " a.password_expired <> 0"
    "  OR (? <> 0 AND a.password_changed_at < NOW(6) - INTERVAL ? DAY),"
    " COALESCE((SELECT t.seq FROM terms_versions t"
    "  WHERE t.insurer_number IN ('', m.insurer_number)" KOSMO_TERMS_FIRST
    "), 0) >"
    "  COALESCE((SELECT MAX(c.terms_seq) FROM consents c"
    "            WHERE c.member_id = a.member_id), 0),"
    // As addr_locked decides it (q/login_addr_failures.cc).
    " EXISTS (SELECT 1 FROM login_addr_failures"
    "         WHERE client_addr = ? AND locked_until > NOW(6))";

namespace {

// The wrong app and recovery codes of an account (q/helpers.h). A success
// clears the count only: the wait, once begun, runs its 30 minutes.
constexpr LoginCounter kFactorFailures{
    "factor_failures_read",
    "SELECT factor_failures FROM accounts WHERE id = ? FOR UPDATE",
    "factor_failed",
    "UPDATE accounts"
    " SET factor_locked_until = IF(?, NOW(6) + INTERVAL ? MINUTE, factor_locked_until),"
    " factor_failures = IF(?, 0, factor_failures + 1) WHERE id = ?",
    "factor_succeeded",
    "UPDATE accounts SET factor_failures = 0 WHERE id = ?"};

constexpr AccountCount kMailCodesLastHour{
    "mail_codes_last_hour",
    "SELECT COUNT(*) FROM mail_codes"
    " WHERE account_id = ? AND created_at > NOW(6) - INTERVAL 1 HOUR"};
constexpr AccountCount kRecoveryCodesLeft{
    "recovery_codes_left",
    "SELECT COUNT(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NULL"};

// An AccountFactors from KOSMO_FACTOR_COLUMNS, read from R's column I on;
// I is left at the column after them.
AccountFactors from_row(const Row& r, std::size_t& i) {
    AccountFactors f;
    f.account_id = r.num(i++);
    f.member_id = r.num(i++);
    f.user_id = r.str(i++);
    f.email = r.str(i++);
    f.totp_key = r.str(i++);
    f.totp_last_step = r.num(i++);
    f.mail_codes = r.num(i++) != 0;
    f.locked = r.num(i++) != 0;
    if (!r.is_null(i))
        f.society_mfa = parse_mfa(r.str(i));
    ++i;
    f.insurer_number = r.str(i++);
    f.society_name = r.str(i++);
    return f;
}

}  // namespace

std::optional<AccountFactors> account_factors(Db& db, std::int64_t account_id) {
    return one_row(db, "account_factors", "SELECT" KOSMO_FACTOR_COLUMNS KOSMO_FACTOR_FROM,
                   {account_id}, [](const Row& r) {
                       std::size_t first = 0;
                       return from_row(r, first);
                   });
}

std::optional<AccountFactors> factors_at_login_from(const Row& row, std::size_t first) {
    if (row.is_null(first))
        return std::nullopt;  // the session has no account (an outer join)
    std::size_t i = first;
    AccountFactors f = from_row(row, i);
    f.password_expired = row.num(i++) != 0;
    f.terms_pending = row.num(i++) != 0;
    f.address_locked = row.num(i) != 0;
    return f;
}

#undef KOSMO_FACTOR_COLUMNS
#undef KOSMO_FACTOR_FROM

bool totp_accept_step(Db& db, std::int64_t account_id, std::int64_t step) {
    return db.stmt("totp_accept_step",
                   "UPDATE accounts SET totp_last_step = ?, factor_failures = 0"
                   " WHERE id = ? AND totp_last_step < ? AND totp_key IS NOT NULL")
               .exec({step, account_id, step}) == 1;
}

bool factor_failed(Db& db, std::int64_t account_id, unsigned limit, unsigned lock_minutes) {
    return login_counter_failed(db, kFactorFailures, account_id, limit, lock_minutes);
}

void factor_succeeded(Db& db, std::int64_t account_id) {
    login_counter_reset(db, kFactorFailures, account_id);
}

void totp_set(Db& db, std::int64_t account_id, std::string_view sealed, std::int64_t step,
              const std::vector<std::string>& recovery_hashes) {
    db.stmt("totp_set",
            "UPDATE accounts SET totp_key = ?, totp_last_step = ?, factor_failures = 0"
            " WHERE id = ?")
        .exec({sealed, step, account_id});
    db.stmt("recovery_codes_clear", "DELETE FROM recovery_codes WHERE account_id = ?")
        .exec({account_id});
    for (const auto& hash : recovery_hashes)
        db.stmt("recovery_code_insert",
                "INSERT INTO recovery_codes (account_id, code_hash) VALUES (?, ?)")
            .exec({account_id, hash});
}

bool totp_remove(Db& db, std::int64_t account_id) {
    const bool had = db.stmt("totp_remove",
                             "UPDATE accounts SET totp_key = NULL, totp_last_step = 0,"
                             " factor_failures = 0, factor_locked_until = NULL"
                             " WHERE id = ? AND totp_key IS NOT NULL")
                         .exec({account_id}) == 1;
    db.stmt("recovery_codes_clear", "DELETE FROM recovery_codes WHERE account_id = ?")
        .exec({account_id});
    return had;
}

void mail_codes_set(Db& db, std::int64_t account_id, bool on) {
    db.stmt("mail_codes_set", "UPDATE accounts SET mail_codes = ? WHERE id = ?")
        .exec({std::int64_t{on}, account_id});
}

void account_factor_lock(Db& db, std::int64_t account_id) {
    db.stmt("account_factor_lock", "SELECT 1 FROM accounts WHERE id = ? FOR UPDATE")
        .query_one({account_id});
}

unsigned mail_codes_last_hour(Db& db, std::int64_t account_id) {
    return count_for_account(db, kMailCodesLastHour, account_id);
}

void mail_code_insert(Db& db, std::int64_t account_id, std::string_view code_hash,
                      unsigned valid_minutes) {
    db.stmt("mail_codes_spend_all",
            "UPDATE mail_codes SET spent = 1 WHERE account_id = ? AND spent = 0")
        .exec({account_id});
    db.stmt("mail_code_insert",
            "INSERT INTO mail_codes (account_id, code_hash, created_at, expires_at)"
            " VALUES (?, ?, NOW(6), NOW(6) + INTERVAL ? MINUTE)")
        .exec({account_id, code_hash, std::int64_t{valid_minutes}});
}

std::optional<MailCode> mail_code_newest_locked(Db& db, std::int64_t account_id) {
    return one_row(db, "mail_code_newest_locked",
                   "SELECT id, code_hash, spent = 0 AND expires_at > NOW(6) FROM mail_codes"
                   " WHERE account_id = ? ORDER BY id DESC LIMIT 1 FOR UPDATE",
                   {account_id}, [](const Row& r) {
                       return MailCode{r.num(0), r.str(1), r.num(2) != 0};
                   });
}

void mail_code_spend(Db& db, std::int64_t id) {
    db.stmt("mail_code_spend", "UPDATE mail_codes SET spent = 1 WHERE id = ?").exec({id});
}

bool mail_code_wrong(Db& db, std::int64_t id, unsigned limit) {
    db.stmt("mail_code_wrong",
            "UPDATE mail_codes SET wrong = wrong + 1, spent = spent OR wrong >= ? WHERE id = ?")
        .exec({std::int64_t{limit}, id});
    auto row =
        db.stmt("mail_code_spent", "SELECT spent FROM mail_codes WHERE id = ?").query_one({id});
    return row && row->num(0) != 0;
}

bool recovery_code_use(Db& db, std::int64_t account_id, std::string_view code_hash) {
    return db.stmt("recovery_code_use",
                   "UPDATE recovery_codes SET used_at = NOW(6)"
                   " WHERE account_id = ? AND code_hash = ? AND used_at IS NULL")
               .exec({account_id, code_hash}) == 1;
}

unsigned recovery_codes_left(Db& db, std::int64_t account_id) {
    return count_for_account(db, kRecoveryCodesLeft, account_id);
}

void trusted_insert(Db& db, std::string_view token_hash, std::int64_t account_id, unsigned days) {
    db.stmt("trusted_insert",
            "INSERT INTO trusted_browsers (token_hash, account_id, created_at, expires_at)"
            " VALUES (?, ?, NOW(6), NOW(6) + INTERVAL ? DAY)")
        .exec({token_hash, account_id, std::int64_t{days}});
}

bool trusted_valid(Db& db, std::string_view token_hash, std::int64_t account_id) {
    return has_row(db, "trusted_valid",
                   "SELECT 1 FROM trusted_browsers"
                   " WHERE token_hash = ? AND account_id = ? AND expires_at > NOW(6)",
                   {token_hash, account_id});
}

std::uint64_t trusted_forget_all(Db& db, std::int64_t account_id) {
    return db.stmt("trusted_forget_all", "DELETE FROM trusted_browsers WHERE account_id = ?")
        .exec({account_id});
}

std::optional<std::string> session_totp_pending(Db& db, std::string_view id_hash) {
    auto row = db.stmt("session_totp_pending",
                       "SELECT totp_pending FROM sessions"
                       " WHERE id_hash = ? AND totp_pending IS NOT NULL")
                   .query_one({id_hash});
    if (!row)
        return std::nullopt;
    return row->str(0);
}

void session_set_totp_pending(Db& db, std::string_view id_hash, std::string_view sealed) {
    db.stmt("session_set_totp_pending", "UPDATE sessions SET totp_pending = ? WHERE id_hash = ?")
        .exec({opt(sealed), id_hash});
}

std::uint64_t factors_purge(Db& db) {
    const std::uint64_t codes =
        db.stmt("mail_codes_purge",
                "DELETE FROM mail_codes WHERE created_at < NOW(6) - INTERVAL 1 DAY")
            .exec();
    return codes +
           db.stmt("trusted_purge", "DELETE FROM trusted_browsers WHERE expires_at < NOW(6)")
               .exec();
}

}  // namespace kosmo::q
