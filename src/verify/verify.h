// verify.h: handlers of kosmo-verify.fcgi
#ifndef KOSMO_VERIFY_H
#define KOSMO_VERIFY_H

#include "context.h"
#include "request.h"

namespace kosmo {

Response verify_form(Context& ctx);    // GET /verify
Response verify_submit(Context& ctx);  // POST /verify
Response terms_page(Context& ctx);     // GET /terms

}  // namespace kosmo

#endif
