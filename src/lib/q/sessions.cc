// sessions.cc: the statements of the sessions table
#include "q/sessions.h"

#include <utility>

#include "q/helpers.h"
#include "text.h"

namespace kosmo::q {

namespace {

// The columns both session reads select (of "sessions s"), in this order.
constexpr const char* kSessionColumns =
    "SELECT s.stage, s.member_id, s.account_id, s.pending_user_id, s.pending_email,"
    " s.pending_password_hash";

// STAGE as sessions.stage stores it.
std::int64_t stage_number(Stage stage) {
    return static_cast<std::int64_t>(stage);
}

// The stage stored as N; none for a number no Stage has.
std::optional<Stage> stage_from_number(std::int64_t n) {
    switch (n) {
    case 1:
        return Stage::TempLogin;
    case 2:
        return Stage::Verified;
    case 3:
        return Stage::Confirming;
    case 4:
        return Stage::Registered;
    case 10:
        return Stage::Member;
    case 11:
        return Stage::PasswordExpired;
    case 12:
        return Stage::TermsPending;
    case 13:
        return Stage::SecondFactor;
    default:
        return std::nullopt;
    }
}

// The session in ROW; none when its stage is no Stage (such a row opens
// nothing, as if it were not there).
std::optional<SessionRow> session_from(const Row& row) {
    const auto stage = stage_from_number(row.num(0));
    if (!stage)
        return std::nullopt;
    SessionRow s;
    s.stage = *stage;
    s.member_id = row.num(1);
    if (!row.is_null(2))
        s.account_id = row.num(2);
    s.pending_user_id = row.str(3);
    s.pending_email = row.str(4);
    s.pending_password_hash = row.str(5);
    return s;
}

// session_get's statement, with EXTRA columns after the society's.
std::string session_get_sql(const char* extra) {
    // The member, the account and the member's society come in the same
    // round trip: every page after the login needs the member and its
    // society, every portal page the account, and a round trip costs the
    // database more than a join by primary key.
    return std::string(kSessionColumns) +
           ", s.last_seen_at < NOW(6) - INTERVAL ? MINUTE"
           " OR s.created_at < NOW(6) - INTERVAL ? MINUTE,"
           " s.last_seen_at < NOW(6) - INTERVAL 1 MINUTE," +
           kMemberColumns +
           ", DATE_FORMAT(s.created_at, '%Y-%m-%d %H:%i:%s.%f'),"
           // password_max_days 0 (never expires): NULL, no date.
           " a.id, a.user_id, a.email,"
           " DATE_FORMAT(a.password_changed_at + INTERVAL NULLIF(?, 0) DAY, '%Y%m%d'),"
           " a.notices," +
           kSocietyColumns + extra +
           " FROM sessions s LEFT JOIN members m ON m.id = s.member_id"
           " LEFT JOIN accounts a ON a.id = s.account_id"
           " LEFT JOIN societies so ON so.insurer_number = m.insurer_number"
           " WHERE s.id_hash = ?";
}

}  // namespace

std::optional<SessionFound> session_get(Db& db, std::string_view id_hash, unsigned idle_minutes,
                                        unsigned absolute_minutes, unsigned password_max_days,
                                        const AtLogin* at_login) {
    static const std::string sql = session_get_sql("");
    static const std::string sql_at_login =
        session_get_sql((std::string(",") + kFactorAtLoginColumns).c_str());
    const std::int64_t idle = idle_minutes, absolute = absolute_minutes, days = password_max_days;
    auto row = at_login
                   ? db.stmt("session_get_at_login", sql_at_login.c_str())
                         .query_one({idle, absolute, days, days, days,
                                     fit_utf8(at_login->client_addr, 45), id_hash})
                   : db.stmt("session_get", sql.c_str()).query_one({idle, absolute, days, id_hash});
    if (!row)
        return std::nullopt;
    auto stored = session_from(*row);
    if (!stored)
        return std::nullopt;
    SessionFound found{std::move(*stored), row->num(6) != 0, row->num(7) != 0};
    SessionRow& s = found.row;
    s.member = member_from(*row, 8);
    s.created_at = row->str(17);
    if (!row->is_null(18))
        s.account = PortalAccount{row->num(18), row->str(19), row->str(20), row->str(21),
                                  row->num(22) != 0};
    s.society = society_from(*row, 23);
    if (at_login)
        s.factors = factors_at_login_from(*row, 29);
    return found;
}

std::optional<SessionRow> session_lock(Db& db, std::string_view id_hash) {
    static const std::string sql =
        std::string(kSessionColumns) + " FROM sessions s WHERE s.id_hash = ? FOR UPDATE";
    auto row = db.stmt("session_lock", sql.c_str()).query_one({id_hash});
    if (!row)
        return std::nullopt;
    return session_from(*row);
}

std::uint64_t session_set_stage(Db& db, std::string_view id_hash, Stage stage,
                                std::optional<std::int64_t> account_id) {
    const Param account = opt(account_id);
    return db
        .stmt("session_set_stage",
              "UPDATE sessions SET stage = ?, account_id = ?,"
              " pending_password_hash = IF(? = ?, pending_password_hash, NULL),"
              " last_seen_at = NOW(6) WHERE id_hash = ?")
        .exec({stage_number(stage), account, stage_number(stage), stage_number(Stage::Confirming),
               id_hash});
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
        .exec({id_hash, stage_number(row.stage), row.member_id, account, opt(row.pending_user_id),
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
        .exec({new_hash, stage_number(row.stage), row.member_id, account, opt(row.pending_user_id),
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
               opt(row.pending_password_hash), row.member_id, created_at, stage_number(row.stage)});
}

bool session_exists(Db& db, std::string_view id_hash) {
    return has_row(db, "session_exists", "SELECT 1 FROM sessions WHERE id_hash = ?", {id_hash});
}

std::uint64_t session_delete(Db& db, std::string_view id_hash) {
    return db.stmt("session_delete", "DELETE FROM sessions WHERE id_hash = ?").exec({id_hash});
}

std::uint64_t session_delete_member_all_but(Db& db, std::int64_t member_id,
                                            std::string_view keep_hash) {
    // No session's id_hash is empty, so "" keeps none.
    return db
        .stmt("session_delete_member_all_but",
              "DELETE FROM sessions WHERE member_id = ? AND id_hash <> ?")
        .exec({member_id, keep_hash});
}

std::uint64_t session_delete_member_unfinished_but(Db& db, std::int64_t member_id,
                                                   std::string_view keep_hash) {
    return db
        .stmt("session_delete_member_unfinished_but",
              "DELETE FROM sessions WHERE member_id = ? AND stage < ? AND id_hash <> ?")
        .exec({member_id, stage_number(Stage::Member), keep_hash});
}

std::uint64_t session_purge_expired(Db& db, unsigned idle_minutes, unsigned absolute_minutes) {
    return db
        .stmt("session_purge_expired",
              "DELETE FROM sessions WHERE last_seen_at < NOW(6) - INTERVAL ? MINUTE"
              " OR created_at < NOW(6) - INTERVAL ? MINUTE")
        .exec({std::int64_t{idle_minutes}, std::int64_t{absolute_minutes}});
}

std::uint64_t session_verified(Db& db, std::string_view old_hash, std::string_view new_hash) {
    return db
        .stmt("session_verified",
              "UPDATE sessions s JOIN members m ON m.id = s.member_id"
              " SET s.id_hash = ?, s.stage = ?, s.last_seen_at = NOW(6), m.verify_failures = 0"
              " WHERE s.id_hash = ? AND s.stage = ? AND m.verify_locked_at IS NULL")
        .exec({new_hash, stage_number(Stage::Verified), old_hash, stage_number(Stage::TempLogin)});
}

}  // namespace kosmo::q
