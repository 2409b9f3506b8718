// server.h: the FastCGI server loop (what a handler sees is in context.h)
#ifndef KOSMO_SERVER_H
#define KOSMO_SERVER_H

#include <vector>

#include "context.h"

namespace kosmo {

// The thin main of each binary: parses argv (--config FILE, --socket PATH,
// --socket-mode MODE, --threads N, --help; a usage error prints
// "PROGRAM: ..." and returns 2), loads config and templates (a failure prints
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
