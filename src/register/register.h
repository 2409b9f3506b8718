// register.h: handlers of kosmo-register.fcgi
#ifndef KOSMO_REGISTER_H
#define KOSMO_REGISTER_H

#include "context.h"
#include "request.h"

namespace kosmo {

Response register_form(Context& ctx);     // GET /register: the input screen
Response register_submit(Context& ctx);   // POST /register: 入力内容確認
Response register_confirm(Context& ctx);  // GET /register/confirm
Response register_back(Context& ctx);     // POST /register/back: 戻る
Response register_execute(Context& ctx);  // POST /register/execute: 実行
Response register_done(Context& ctx);     // GET /register/done: 登録完了

}  // namespace kosmo

#endif
