// temp_credentials.cc: the statements of the temp_credentials table
#include "q/temp_credentials.h"

#include "q/batch.h"
#include "q/helpers.h"

namespace kosmo::q {

namespace {

// Their login failures and lock (q/helpers.h).
constexpr LoginCounter kTempLogins{
    "temp_login_read",
    "SELECT login_failures FROM temp_credentials WHERE member_id = ? FOR UPDATE",
    "temp_login_failed",
    "UPDATE temp_credentials"
    " SET locked_until = IF(?, NOW(6) + INTERVAL ? MINUTE, locked_until),"
    " login_failures = IF(?, 0, login_failures + 1) WHERE member_id = ?",
    "temp_login_succeeded",
    "UPDATE temp_credentials SET login_failures = 0, locked_until = NULL WHERE member_id = ?"};

}  // namespace

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
    return has_row(db, "temp_exists_for_member",
                   "SELECT 1 FROM temp_credentials WHERE member_id = ?", {member_id});
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

}  // namespace kosmo::q
