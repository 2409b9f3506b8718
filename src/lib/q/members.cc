// members.cc: the statements of the members table
#include "q/members.h"

#include "q/batch.h"
#include "q/helpers.h"

namespace kosmo::q {

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

std::vector<UnregisteredMember> members_unregistered(Db& db, std::string_view insurer_number,
                                                     std::string_view issued_since,
                                                     std::string_view issued_before) {
    const Param society = opt(insurer_number), since = opt(issued_since),
                before = opt(issued_before);
    auto rows =
        db.stmt("members_unregistered",
                "SELECT m.symbol, m.number, m.name, t.temp_user_id,"
                " DATE_FORMAT(t.issued_at, '%Y-%m-%d %H:%i:%s'), m.insurer_number, m.category,"
                " so.name FROM members m JOIN temp_credentials t ON t.member_id = m.id"
                " JOIN societies so ON so.insurer_number = m.insurer_number"
                " WHERE t.retired_at IS NULL AND (? IS NULL OR m.insurer_number = ?)"
                " AND (? IS NULL OR t.issued_at >= ?) AND (? IS NULL OR t.issued_at < ?)"
                " ORDER BY m.insurer_number, m.symbol, m.number")
            .query({society, society, since, since, before, before});
    return rows_as(rows, [](const Row& r) {
        return UnregisteredMember{r.str(5), r.str(0), r.str(1), r.str(2),
                                  r.str(6), r.str(3), r.str(4), r.str(7)};
    });
}

std::vector<MemberKeyRow> members_keys(Db& db) {
    auto rows = db.stmt("members_keys",
                        "SELECT m.insurer_number, m.symbol, m.number, m.id, t.member_id IS NOT NULL"
                        " FROM members m LEFT JOIN temp_credentials t ON t.member_id = m.id")
                    .query();
    return rows_as(rows, [](const Row& r) {
        return MemberKeyRow{r.str(0), r.str(1), r.str(2), r.num(3), r.num(4) != 0};
    });
}

std::vector<MemberKeyRow> member_households_after(Db& db, std::int64_t after_id, unsigned limit) {
    auto rows = db.stmt("member_households_after",
                        "SELECT insurer_number, symbol, number, id FROM members"
                        " WHERE id > ? ORDER BY id LIMIT ?")
                    .query({after_id, std::int64_t{limit}});
    return rows_as(rows, [](const Row& r) {
        return MemberKeyRow{r.str(0), r.str(1), r.str(2), r.num(3), false};
    });
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

}  // namespace kosmo::q
