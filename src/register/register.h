// register.h: handlers of kosmo-register.fcgi
#ifndef KOSMO_REGISTER_H
#define KOSMO_REGISTER_H

#include <optional>

#include "context.h"
#include "q/members.h"
#include "request.h"
#include "session.h"

namespace kosmo {

// A session allowed on the input screen, with its member.
struct InputSession {
    Session session;
    q::Member member;
};

// The gate of the input screen: the session (at Stage::Verified or
// Stage::Confirming) and its member, or nullopt with RES filled: a redirect
// to where the session belongs (the login page when there is none, or its
// member is gone).
std::optional<InputSession> input_session_or_respond(Context& ctx, Response& res);

// The pages of step 3, each routed behind gated<> with its gate (main.cc).
Response register_form(Context& ctx, const InputSession& in);  // GET /register: the input screen
Response register_submit(Context& ctx, InputSession& found);   // POST /register: 入力内容確認
Response register_confirm(Context& ctx, const Session& s);     // GET /register/confirm
Response register_back(Context& ctx, const Session& s);        // POST /register/back: 戻る
Response register_execute(Context& ctx, const Session& s);     // POST /register/execute: 実行
Response register_done(Context& ctx, const Session& s);        // GET /register/done: 登録完了

}  // namespace kosmo

#endif
