// batch.h: the importers' multi-row statements: how many rows one takes,
// and its VALUES list
#ifndef KOSMO_Q_BATCH_H
#define KOSMO_Q_BATCH_H

#include <cstddef>
#include <string>
#include <string_view>

namespace kosmo::q {

// Rows per multi-row statement of the importer.
inline constexpr std::size_t kImportBatch = 500;

// "(?, ?, NOW(6)), (?, ?, NOW(6)) …": ROW repeated kImportBatch times, the
// VALUES of a multi-row statement of the importers.
std::string repeated_rows(std::string_view row);

}  // namespace kosmo::q

#endif
