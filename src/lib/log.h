// log.h: one line per request on stderr, and audit events in the database
#ifndef KOSMO_LOG_H
#define KOSMO_LOG_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "request.h"

namespace kosmo {

class Db;

// Failed logins of one address and minute stored as rows of their own
// before repeats are counted (a member mistyping never gets that far).
inline constexpr std::uint64_t kAuditSinglesPerMinute = 20;

// "kosmo: req=ID method=GET path=/login status=200 ms=1.2" on stderr, one
// write per line so threads do not interleave.
void log_request(std::string_view program, const Request& req, int status, double ms);

// "kosmo: req=ID error: MESSAGE" (message lowercase, subject quoted).
void log_error(std::string_view program, std::string_view request_id, std::string_view message);

// Appends an audit event (login_ok, login_failed, login_locked,
// verify_failed, verify_locked, registered, mail_sent, mail_failed, unlock,
// reissue, ...). Runs in the caller's transaction if one is open. A passed
// identity check is not an event of its own: its consents row is the
// record, and kosmoctl audit shows it as verify_ok. LOGIN_ID is stored as
// audit_login_id makes it. login_failed, which anyone can cause: past
// kAuditSinglesPerMinute rows of one client address in one minute, its
// repeats are counted on shared rows (q::audit_repeat).
void audit(Db& db, std::string_view event, std::optional<std::int64_t> member_id,
           std::string_view login_id, std::string_view client_addr, std::string_view detail);

// What the audit stores of a typed login ID: the ID when it is well formed
// (a temporary ID XXXX-XXXX or a permanent one, 8-13 letters and digits),
// else "(not an ID, N chars)": members type passwords into the ID field,
// so anything else is neither kept nor hashed (a hash of a short password
// is guessable). "" stays "".
std::string audit_login_id(std::string_view typed);

// S made safe to print on an operator's terminal, one event a line: C0
// controls, DEL, the backslash and invalid UTF-8 bytes as \xNN; C1
// controls, the line and paragraph separators U+2028/2029 and the bidi
// controls (U+061C, U+200E/200F, U+202A-202E, U+2066-2069) as \u{XXXX};
// with SPACES also ' ' as \x20 (for key=value fields).
std::string printable_text(std::string_view s, bool spaces = false);

}  // namespace kosmo

#endif
