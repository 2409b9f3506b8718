// login_addr_failures.cc: the statements of login_addr_failures
#include "q/login_addr_failures.h"

#include "q/helpers.h"
#include "text.h"

namespace kosmo::q {

bool addr_login_failed(Db& db, std::string_view client_addr, unsigned limit,
                       unsigned window_minutes, unsigned lock_minutes) {
    auto addr = fit_utf8(client_addr, 45);
    // MariaDB assigns left to right: failures is judged by the old window
    // start, which the second assignment then moves.
    db.stmt("addr_login_failed",
            "INSERT INTO login_addr_failures (client_addr, failures, window_started_at)"
            " VALUES (?, 1, NOW(6)) ON DUPLICATE KEY UPDATE"
            " failures = IF(window_started_at < NOW(6) - INTERVAL ? MINUTE, 1, failures + 1),"
            " window_started_at = IF(window_started_at < NOW(6) - INTERVAL ? MINUTE,"
            "  NOW(6), window_started_at)")
        .exec({addr, std::int64_t{window_minutes}, std::int64_t{window_minutes}});
    return db.stmt(
                 "addr_lock",
                 "UPDATE login_addr_failures SET locked_until = NOW(6) + INTERVAL ? MINUTE,"
                 " failures = 0, window_started_at = NOW(6) WHERE client_addr = ? AND failures >= ?")
               .exec({std::int64_t{lock_minutes}, addr, std::int64_t{limit}}) > 0;
}

bool addr_locked(Db& db, std::string_view client_addr) {
    auto addr = fit_utf8(client_addr, 45);
    return has_row(
        db, "addr_locked",
        "SELECT 1 FROM login_addr_failures WHERE client_addr = ? AND locked_until > NOW(6)",
        {addr});
}

void addr_unlock(Db& db, std::string_view client_addr) {
    auto addr = fit_utf8(client_addr, 45);
    db.stmt(
          "addr_unlock",
          "UPDATE login_addr_failures SET failures = 0, locked_until = NULL WHERE client_addr = ?")
        .exec({addr});
}

}  // namespace kosmo::q
