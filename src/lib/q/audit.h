// audit.h: audit_events, the append-only record of logins, lockouts,
// registrations and mail (the consents are read with them). One prepared
// statement per function in the caller's transaction; all throw
// DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_AUDIT_H
#define KOSMO_Q_AUDIT_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"

namespace kosmo::q {

// Appends one event (login_id, client_addr and detail cut to their
// columns' widths, "" stored as NULL). Never updates a row.
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
    // An insurer number (8 digits), "" = every society: only the events of
    // that society's members and the events of no member whose detail
    // names it as a word "society=NUMBER" or "insurer=NUMBER" (the
    // operators' chores for it).
    std::string society;
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

}  // namespace kosmo::q

#endif
