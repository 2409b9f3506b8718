// members.h: the members table: the society's insured people as imported,
// their identity-check failures and locks. Each function runs one prepared
// statement (through Db::stmt) in whatever transaction the caller has open,
// or a few in one of its own; all throw DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_MEMBERS_H
#define KOSMO_Q_MEMBERS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"

namespace kosmo::q {

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

// The member ID; none when there is no such member.
std::optional<Member> member_by_id(Db& db, std::int64_t id);

// Inserts or updates the member keyed by (insurer_number, symbol, number);
// returns its id. BIRTH_DATE is YYYYMMDD.
std::int64_t member_upsert(Db& db, std::string_view insurer_number, std::string_view symbol,
                           std::string_view number, std::string_view name,
                           std::string_view birth_date, std::string_view category);

// The id of the member keyed by (INSURER_NUMBER, SYMBOL, NUMBER); none
// when there is none.
std::optional<std::int64_t> member_id_by_key(Db& db, std::string_view insurer_number,
                                             std::string_view symbol, std::string_view number);

// Adds one identity-check mismatch; locks when the count reaches LIMIT.
// Returns true when the member is locked now.
bool member_verify_failed(Db& db, std::int64_t member_id, unsigned limit);

// The same for the member alone; false when the member is locked (or gone).
bool member_verify_passed(Db& db, std::int64_t member_id);

// Lifts the login lock (temporary and permanent) and the identity-check
// lock of the member. Returns true when the member exists.
bool member_unlock(Db& db, std::int64_t member_id);

struct UnregisteredMember {
    std::string insurer_number, symbol, number, name, category;
    std::string temp_user_id;
    std::string issued_at;     // "YYYY-MM-DD HH:MM:SS"
    std::string society_name;  // the name of the society insurer_number
};
// Members whose temporary credentials are unretired, by insurer number,
// symbol and number. INSURER_NUMBER ("" = every society) keeps that
// society's; ISSUED_SINCE / ISSUED_BEFORE ("YYYY-MM-DD HH:MM:SS", "" = no
// bound) keep those issued in that range.
std::vector<UnregisteredMember> members_unregistered(Db& db, std::string_view insurer_number,
                                                     std::string_view issued_since,
                                                     std::string_view issued_before);

struct MemberKeyRow {
    std::string insurer_number, symbol, number;
    std::int64_t id = 0;
    bool has_temp = false;  // temporary credentials issued, retired or not
};
// Every member, by key.
std::vector<MemberKeyRow> members_keys(Db& db);
// The households of the members after id AFTER_ID, by id, at most LIMIT
// (has_temp not read: false): members_keys a page at a time, so that a
// reader of the whole table holds one page, not the table three times
// over (the client's buffer, the rows, the keys).
std::vector<MemberKeyRow> member_households_after(Db& db, std::int64_t after_id, unsigned limit);

struct MemberData {
    std::string_view insurer_number, symbol, number, name, birth_date,
        category;  // birth_date YYYYMMDD
};
// Upserts every row as member_upsert does, kImportBatch rows per statement.
void member_upsert_many(Db& db, const std::vector<MemberData>& rows);

}  // namespace kosmo::q

#endif
