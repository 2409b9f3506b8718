// batch.cc: the VALUES list of the importers' multi-row statements
#include "q/batch.h"

namespace kosmo::q {

std::string repeated_rows(std::string_view row) {
    std::string out;
    for (std::size_t i = 0; i < kImportBatch; ++i) {
        if (i)
            out += ", ";
        out += row;
    }
    return out;
}

}  // namespace kosmo::q
