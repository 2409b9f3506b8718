// temp_credentials.h: the temporary IDs and passwords printed on the
// members' notices: login, lock, retirement at registration, re-issue and
// the import's batches. One prepared statement per function in the
// caller's transaction (or one of its own); all throw DbUnavailable /
// DbRetry / DbError.
#ifndef KOSMO_Q_TEMP_CREDENTIALS_H
#define KOSMO_Q_TEMP_CREDENTIALS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"

namespace kosmo::q {

struct TempLogin {
    std::int64_t member_id = 0;
    std::string password_hash;
    bool retired = false;
    bool locked = false;  // locked_until in the future
};

// The credentials TEMP_USER_ID logs in with; none for an unknown ID (IDs
// are ASCII; any other never matches).
std::optional<TempLogin> temp_login_by_id(Db& db, std::string_view temp_user_id);
// The hash of MEMBER_ID's temporary password; none without credentials.
std::optional<std::string> temp_hash_by_member(Db& db, std::int64_t member_id);
// True when MEMBER_ID has credentials, unretired or retired.
bool temp_exists_for_member(Db& db, std::int64_t member_id);

// Inserts credentials; false when TEMP_USER_ID is taken (caller draws another).
// Throws DbError when the member has credentials already.
[[nodiscard]] bool temp_insert(Db& db, std::int64_t member_id, std::string_view temp_user_id,
                               std::string_view password_hash);
// Replaces the member's credentials (re-issue): old ones stop working, the
// failure count and lock are cleared; retired credentials stay retired.
// Inserts them when the member had none. False when TEMP_USER_ID is taken.
[[nodiscard]] bool temp_replace(Db& db, std::int64_t member_id, std::string_view temp_user_id,
                                std::string_view password_hash);

// A failed login: adds one failure; at LIMIT locks for LOCK_MINUTES and
// resets the count. Returns true when this failure locked the ID.
bool temp_login_failed(Db& db, std::int64_t member_id, unsigned limit, unsigned lock_minutes);
// A login that passed: the failure count and the lock cleared.
void temp_login_succeeded(Db& db, std::int64_t member_id);
// Retires the credentials (registration done). Returns affected rows.
std::uint64_t temp_retire(Db& db, std::int64_t member_id);

struct TempState {
    std::string temp_user_id;
    std::string issued_at;  // "YYYY-MM-DD HH:MM:SS", the server's clock
    bool retired = false;
};
// The member's credentials locked FOR UPDATE (within the caller's
// transaction), so a registration cannot retire them meanwhile.
std::optional<TempState> temp_lock_for_member(Db& db, std::int64_t member_id);

struct TempData {
    std::int64_t member_id = 0;
    std::string_view temp_user_id, password_hash;
};
// Inserts exactly kImportBatch rows in one statement. False when a
// duplicate key stopped it: then nothing of it was inserted (the caller
// falls back to temp_insert row by row).
[[nodiscard]] bool temp_insert_batch(Db& db, const std::vector<TempData>& rows);

}  // namespace kosmo::q

#endif
