// messages.h: reason code -> Japanese text (the one table)
#ifndef KOSMO_MESSAGES_H
#define KOSMO_MESSAGES_H

#include "validate.h"

namespace kosmo {

// The message shown to the member for R (UTF-8, never empty except for Ok).
const char* message(Reason r);

}  // namespace kosmo

#endif
