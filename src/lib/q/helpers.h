// helpers.h: what the statements of src/lib/q/ share (NULL for "", single
// rows, a read-then-write kept atomic, the login counters, the member's
// and the society's columns, the terms in force for a member). Private to
// src/lib/q/: nothing outside it includes this file.
#ifndef KOSMO_Q_HELPERS_H
#define KOSMO_Q_HELPERS_H

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "db.h"
#include "q/members.h"
#include "society.h"

namespace kosmo::q {

// Columns declared ascii (temp_user_id, user_id) cannot be compared with a
// value holding other characters: MariaDB fails with "Illegal mix of
// collations". Such a value can never match, so it is not even sent.
inline bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// "" is stored as NULL.
inline Param opt(std::string_view s) {
    if (s.empty())
        return nullptr;
    return s;
}

// No ID is stored as NULL.
inline Param opt(const std::optional<std::int64_t>& id) {
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

inline std::int64_t to_id(std::uint64_t id) {
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

// True when the statement NAME (SQL) finds a row for PARAMS: every
// "is there one" lookup.
inline bool has_row(Db& db, const char* name, const char* sql,
                    std::initializer_list<Param> params) {
    return db.stmt(name, sql).query_one(params).has_value();
}

// A count of an account's rows (the hourly mail limits, the recovery codes
// left): a statement NAME, SQL, whose one parameter is the account's id.
// Whole literals, so each stays one prepared statement under its own name.
struct AccountCount {
    const char* name;
    const char* sql;
};

// The count C finds for ACCOUNT_ID.
inline unsigned count_for_account(Db& db, const AccountCount& c, std::int64_t account_id) {
    auto row = db.stmt(c.name, c.sql).query_one({account_id});
    return row ? static_cast<unsigned>(row->num(0)) : 0;
}

// Every row of ROWS as FROM makes it, in order: the one loop of the reads
// that return many rows.
template <typename From>
auto rows_as(const std::vector<Row>& rows, From&& from)
    -> std::vector<std::decay_t<decltype(from(std::declval<const Row&>()))>> {
    std::vector<std::decay_t<decltype(from(std::declval<const Row&>()))>> out;
    out.reserve(rows.size());
    for (const auto& r : rows)
        out.push_back(from(r));
    return out;
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

// One more failure of row KEY; true when it reached LIMIT and locked the row.
bool login_counter_failed(Db& db, const LoginCounter& c, std::int64_t key, unsigned limit,
                          unsigned lock_minutes);
// Clears row KEY's failures and lock.
void login_counter_reset(Db& db, const LoginCounter& c, std::int64_t key);

// A member's columns (of "members m"), read by member_from.
constexpr const char* kMemberColumns =
    " m.id, m.insurer_number, m.symbol, m.number, m.name, DATE_FORMAT(m.birth_date, '%Y%m%d'),"
    " m.category, m.verify_failures, m.verify_locked_at IS NOT NULL";

// The member in ROW's columns FIRST … FIRST + 8 (kMemberColumns); none when
// its id is NULL (an outer join found no member).
std::optional<Member> member_from(const Row& row, std::size_t first);

// A society's columns (of "societies so"), read by society_from.
constexpr const char* kSocietyColumns =
    " so.insurer_number, so.name, so.company_domains, so.features, so.mfa, so.keep_months";

// The society in ROW's columns FIRST … FIRST + 5 (kSocietyColumns); none
// when its number is NULL (an outer join found none).
std::optional<Society> society_from(const Row& row, std::size_t first);

// The terms in force for a member of the society m.insurer_number (of the
// statement around them): the society's own newest version when it
// published any, else the site's newest. The join, then after the WHERE
// the order that puts that version first. Macros, so that each statement
// stays one literal (q/terms.cc, and the login's read in q/accounts.cc).
#define KOSMO_TERMS_JOIN " JOIN terms_versions t ON t.insurer_number IN ('', m.insurer_number)"
#define KOSMO_TERMS_FIRST " ORDER BY t.insurer_number <> '' DESC, t.seq DESC LIMIT 1"

// The update notices of one import to the members of one society, of the
// import's TABLE and the notice kind KIND (a macro, so that each statement
// stays one literal: q/records.cc, q/benefits.cc): every account
// with notices on whose member's household has a row of that society that
// IMPORT_ID added or changed. The index on changed_in ends with the primary
// key, which begins with insurer_number: each society's rows are one range.
#define KOSMO_NOTICES_SQL(TABLE, KIND)                                               \
    "INSERT INTO mail_outbox (kind, insurer_number, dedupe_key, recipient, message," \
    " created_at, next_attempt_at)"                                                  \
    " SELECT 'notice_" KIND "', h.insurer_number, CONCAT('notice:" KIND              \
    ":', ?, ':', a.id), a.email,"                                                    \
    " REPLACE(REPLACE(?, ?, CONCAT('To: ', a.email)), ?, a.id), NOW(6), NOW(6)"      \
    " FROM (SELECT DISTINCT insurer_number, symbol, number FROM " TABLE              \
    " WHERE changed_in = ? AND insurer_number = ?) h"                                \
    " JOIN members m ON m.insurer_number = h.insurer_number AND m.symbol = h.symbol" \
    " AND m.number = h.number"                                                       \
    " JOIN accounts a ON a.member_id = m.id WHERE a.notices = 1"

// Column I of ROW, nullopt for NULL.
inline std::optional<std::string> nullable(const Row& row, std::size_t i) {
    if (row.is_null(i))
        return std::nullopt;
    return row.str(i);
}

}  // namespace kosmo::q

#endif
