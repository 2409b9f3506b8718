// messages.h: reason code -> Japanese text (the one table)
#ifndef KOSMO_MESSAGES_H
#define KOSMO_MESSAGES_H

#include <string_view>

#include "validate.h"

namespace kosmo {

// The message shown to the member for R (UTF-8, never empty except for Ok).
const char* message(Reason r);

// 入院, 外来, 歯科, 調剤 for a claim's kind (inpatient …); "" for others.
const char* claim_kind_label(std::string_view kind);

// 本人, 配偶者, 子, 父母, その他 for a relationship (self …); "" for others.
const char* relationship_label(std::string_view relationship);

// The header row of the 医療費 CSV download (for the 医療費控除), without
// a line end: 診療年月,受診者,医療機関等,区分,日数,医療費総額,窓口負担額.
const char* expenses_csv_header();

}  // namespace kosmo

#endif
