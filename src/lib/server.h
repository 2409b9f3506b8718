// server.h: the request context, the route table and the FastCGI server loop
#ifndef KOSMO_SERVER_H
#define KOSMO_SERVER_H

#include <functional>
#include <string>
#include <vector>

#include "config.h"
#include "db.h"
#include "password.h"
#include "request.h"

namespace kosmo {

class Renderer;

// Everything a handler may use while answering one request.
struct Context {
    const Config& config;
    const Request& req;
    Db& db;                    // this thread's connection
    const Renderer& renderer;
    HashGate& hashes;          // shared by the process's threads
    std::string token;         // the session cookie's value; a new random one when none came
    bool set_token = false;    // send Set-Cookie for TOKEN with the response

    // Work run by the server after the response is written and the request
    // finished (e.g. piping a committed mail to sendmail), each inside its
    // own catch: a failure there is logged and never reaches the member.
    std::vector<std::function<void(Db&, const Config&)>> after_response;

    // The CSRF token that forms rendered for this request must carry.
    std::string csrf() const;
};

using Handler = Response (*)(Context&);

struct Route {
    const char* method;  // "GET" or "POST"
    const char* path;    // exact path, e.g. "/login"
    Handler handler;
};

// The thin main of each binary: parses argv (--config FILE, --socket PATH,
// --threads N, --help), loads config and templates (a failure prints
// "fatal: ..." and returns 1 before accepting anything), then serves ROUTES
// on PATH (a unix socket it creates, mode 0660) or on fd 0 when --socket is
// absent (spawn-fcgi, systemd socket activation) until SIGTERM/SIGINT.
// Before every handler: the request limits (413, 415, 400), unknown paths
// (404), wrong methods (405) and, for every POST, the CSRF token (403).
// Each request is answered inside one catch: DbUnavailable -> 503 page,
// anything else -> 500 page; both logged with the request id.
int run_fcgi_main(int argc, char** argv, const char* program, const char* summary,
                  const std::vector<Route>& routes);

}  // namespace kosmo

#endif
