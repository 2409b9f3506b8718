// verify.h: handlers of kosmo-verify.fcgi
#ifndef KOSMO_VERIFY_H
#define KOSMO_VERIFY_H

#include "context.h"
#include "request.h"
#include "session.h"

namespace kosmo {

// The pages of step 2, routed behind gated<session_at<Stage::TempLogin>, …>.
Response verify_form(Context& ctx, const Session& s);  // GET /verify
Response verify_submit(Context& ctx, Session& s);      // POST /verify

Response terms_page(Context& ctx);  // GET /terms

}  // namespace kosmo

#endif
