// messages.h: reason code -> Japanese text (the one table), and its English
// variant for the operator
#ifndef KOSMO_MESSAGES_H
#define KOSMO_MESSAGES_H

#include "validate.h"

namespace kosmo {

// The message shown to the member for R (UTF-8, never empty except for Ok).
const char* message(Reason r);

// The same for the operator (kosmoctl's reports of an import file): English,
// said of a named value, as in "birth_date '19801332' " + "is not a calendar
// date". "" for Ok.
const char* operator_message(Reason r);

}  // namespace kosmo

#endif
