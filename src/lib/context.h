// context.h: what a handler sees: Context, Handler, Route (no server loop)
#ifndef KOSMO_CONTEXT_H
#define KOSMO_CONTEXT_H

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "db.h"
#include "hash_gate.h"
#include "request.h"
#include "society.h"

namespace kosmo {

class Renderer;

// Everything a handler may use while answering one request.
struct Context {
    const Config& config;
    const Request& req;
    Db& db;  // this thread's connection
    const Renderer& renderer;
    HashGate& hashes;        // shared by the process's threads
    std::string token;       // the session cookie's value; a new random one when none came
    bool set_token = false;  // send Set-Cookie for TOKEN with the response

    // Work run by the server after the response is written and the request
    // finished (e.g. piping a committed mail to sendmail), each inside its
    // own catch: a failure there is logged and never reaches the member.
    std::vector<std::function<void(Db&, const Config&)>> after_response;
    // The society of the session's member, once load_session found one:
    // the pages name it (render.h). Never taken from the URL or the form.
    std::optional<Society> society;

    // Hands the outbox row MAIL_ID, queued by a transaction this request
    // has committed, to sendmail after the response (defined in delivery.cc,
    // with the delivery).
    void send_after_response(std::uint64_t mail_id);

    // ctx.society, which a handler behind a session gate has: the member's
    // society (defined in session.cc). Throws Error when there is none.
    const Society& member_society() const;

    // The CSRF token that forms rendered for this request must carry
    // (defined in session.cc, with the tokens).
    std::string csrf() const;

    // A hash slot for this request's client address, waiting up to
    // [security] hash_wait_ms (defined in account.cc, with the password checks).
    HashGate::Admission hash_slot();
};

using Handler = Response (*)(Context&);

// The handler of a page behind a gate: GATE(ctx, res) yields what the page
// needs (the session's member, ...) or puts its own answer in res (a
// redirect); PAGE(ctx, what) answers otherwise. So a program names the gate
// once, where it routes the page, rather than in every handler.
template <auto gate, auto page>
Response gated(Context& ctx) {
    Response res;
    auto what = gate(ctx, res);
    if (!what)
        return res;
    return page(ctx, *what);
}

struct Route {
    const char* method;  // "GET" or "POST"
    const char* path;    // exact path, e.g. "/login"
    Handler handler;
};

}  // namespace kosmo

#endif
