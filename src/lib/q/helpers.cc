// helpers.cc: the login counters and the member read, shared by src/lib/q/
#include "q/helpers.h"

namespace kosmo::q {

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

// What the table holds was written through society.h's spellings; a value
// they cannot read (a row edited by hand) falls back to a new society's
// default (no domain rule, every page, the site's policy).
std::optional<Society> society_from(const Row& row, std::size_t first) {
    if (row.is_null(first))
        return std::nullopt;
    return Society{row.str(first),
                   row.str(first + 1),
                   parse_domains(row.str(first + 2)).value_or(std::vector<std::string>{}),
                   parse_features(row.str(first + 3)).value_or(Features::all()),
                   parse_mfa(row.str(first + 4)),
                   static_cast<unsigned>(row.num(first + 5))};
}

}  // namespace kosmo::q
