// societies.h: the societies table: every 健康保険組合 the site serves,
// with its settings (society.h). One prepared statement per function in
// the caller's transaction; all throw DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_SOCIETIES_H
#define KOSMO_Q_SOCIETIES_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"
#include "society.h"

namespace kosmo::q {

// The society INSURER_NUMBER; none when there is none.
std::optional<Society> society_get(Db& db, std::string_view insurer_number);

// Adds SOCIETY; false when its insurer number is a society already.
[[nodiscard]] bool society_insert(Db& db, const Society& society);

// Stores SOCIETY's settings under its insurer number; false when there is
// no such society.
[[nodiscard]] bool society_update(Db& db, const Society& society);

struct SocietyCounts {
    Society society;
    std::uint64_t members = 0;   // imported members
    std::uint64_t accounts = 0;  // of them, registered (a permanent ID)
    std::string created_at;      // "YYYY-MM-DD HH:MM:SS"
};
// Every society by insurer number with its counts; ONLY_NUMBER ("" = all)
// keeps that one.
std::vector<SocietyCounts> societies_counted(Db& db, std::string_view only_number = {});

// The insurer numbers of every society, in order.
std::vector<std::string> society_numbers(Db& db);

}  // namespace kosmo::q

#endif
