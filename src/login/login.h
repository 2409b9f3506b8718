// login.h: handlers of kosmo-login.fcgi
#ifndef KOSMO_LOGIN_H
#define KOSMO_LOGIN_H

#include "context.h"
#include "request.h"

namespace kosmo {

Response login_form(Context& ctx);     // GET /login
Response login_submit(Context& ctx);   // POST /login
Response logout_submit(Context& ctx);  // POST /logout

}  // namespace kosmo

#endif
