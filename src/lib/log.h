// log.h: one line per request on stderr, and audit events in the database
#ifndef KOSMO_LOG_H
#define KOSMO_LOG_H

#include <cstdint>
#include <optional>
#include <string_view>

#include "request.h"

namespace kosmo {

class Db;

// "kosmo: req=ID method=GET path=/login status=200 ms=1.2" on stderr, one
// write per line so threads do not interleave.
void log_request(std::string_view program, const Request& req, int status, double ms);

// "kosmo: req=ID error: MESSAGE" (message lowercase, subject quoted).
void log_error(std::string_view program, std::string_view request_id, std::string_view message);

// Appends an audit event (login_ok, login_failed, login_locked,
// verify_failed, verify_locked, registered, mail_sent, mail_failed, unlock,
// reissue, ...). Runs in the caller's transaction if one is open. A passed
// identity check is not an event of its own: its consents row is the
// record, and kosmoctl audit shows it as verify_ok.
void audit(Db& db, std::string_view event, std::optional<std::int64_t> member_id,
           std::string_view login_id, std::string_view client_addr, std::string_view detail);

}  // namespace kosmo

#endif
