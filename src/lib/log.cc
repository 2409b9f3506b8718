// log.cc: one line per request on stderr, and audit events in the database
#include "log.h"

#include <unistd.h>

#include <cerrno>
#include <cmath>

#include "queries.h"

namespace kosmo {

namespace {

// Paths and messages can carry what a client sent: anything that could
// break the line or fake a key=value pair is percent-escaped.
void append_escaped(std::string& out, std::string_view s, std::size_t max, bool spaces_ok) {
    static const char digits[] = "0123456789ABCDEF";
    std::size_t n = 0;
    for (char ch : s) {
        if (n++ >= max) {
            out += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(ch);
        const bool plain = (c > 0x20 && c < 0x7F && c != '%') || (spaces_ok && c == ' ') ||
                           c >= 0x80;
        if (plain) {
            out += ch;
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 0x0F];
        }
    }
}

// One write(2) per line: lines of concurrent threads never interleave.
void write_line(std::string line) {
    line += '\n';
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        const ssize_t n = ::write(2, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return;  // stderr is gone; nothing better to do
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

}  // namespace

void log_request(std::string_view program, const Request& req, int status, double ms) {
    // "%.2f" without printf's machinery (a few per cent of the whole cost
    // of serving the login page).
    const long long hundredths = ms > 0 && ms < 1e15 ? std::llround(ms * 100) : 0;
    const int cents = static_cast<int>(hundredths % 100);
    const std::string timing = std::to_string(hundredths / 100) + (cents < 10 ? ".0" : ".") +
                               std::to_string(cents);
    std::string line;
    line.reserve(160);
    line.append(program);
    line += ": req=";
    append_escaped(line, req.request_id.empty() ? std::string_view("-") : req.request_id, 64,
                   false);
    line += " method=";
    append_escaped(line, req.method.empty() ? std::string_view("-") : req.method, 16, false);
    line += " path=";
    append_escaped(line, req.path.empty() ? std::string_view("-") : req.path, 256, false);
    line += " status=" + std::to_string(status);
    line += " ms=";
    line += timing;
    line += " addr=";
    append_escaped(line, req.remote_addr.empty() ? std::string_view("-") : req.remote_addr, 64,
                   false);
    write_line(std::move(line));
}

void log_error(std::string_view program, std::string_view request_id, std::string_view message) {
    std::string line;
    line.append(program);
    line += ": req=";
    append_escaped(line, request_id.empty() ? std::string_view("-") : request_id, 64, false);
    line += " error: ";
    append_escaped(line, message, 1000, true);
    write_line(std::move(line));
}

void audit(Db& db, std::string_view event, std::optional<std::int64_t> member_id,
           std::string_view login_id, std::string_view client_addr, std::string_view detail) {
    // queries.cc fits each value to its column, so a long or broken ID a
    // member typed cannot make the insert fail.
    q::audit_insert(db, event, member_id, login_id, client_addr, detail);
}

}  // namespace kosmo
