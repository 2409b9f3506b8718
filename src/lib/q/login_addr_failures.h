// login_addr_failures.h: login failures counted per client address, the
// lock of an address that floods the login. One prepared statement per
// function in the caller's transaction; all throw DbUnavailable / DbRetry /
// DbError.
#ifndef KOSMO_Q_LOGIN_ADDR_FAILURES_H
#define KOSMO_Q_LOGIN_ADDR_FAILURES_H

#include <string_view>

#include "db.h"

namespace kosmo::q {

// Login failures per client address: locked when LIMIT failures fell within
// WINDOW_MINUTES; the lock lasts LOCK_MINUTES. True when this one locked it.
bool addr_login_failed(Db& db, std::string_view client_addr, unsigned limit,
                       unsigned window_minutes, unsigned lock_minutes);
// True while CLIENT_ADDR is locked.
bool addr_locked(Db& db, std::string_view client_addr);
// Lifts CLIENT_ADDR's lock and clears its count (a successful reset).
void addr_unlock(Db& db, std::string_view client_addr);

}  // namespace kosmo::q

#endif
