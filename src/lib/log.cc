// log.cc: one line per request on stderr, and audit events in the database
#include "log.h"

#include <unistd.h>

#include <cerrno>
#include <cmath>

#include "q/audit.h"
#include "text.h"
#include "validate.h"

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
        const bool plain =
            (c > 0x20 && c < 0x7F && c != '%') || (spaces_ok && c == ' ') || c >= 0x80;
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
    const std::string timing =
        std::to_string(hundredths / 100) + (cents < 10 ? ".0" : ".") + std::to_string(cents);
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
    const std::string id = audit_login_id(login_id);
    // Anyone can send failed logins: past the first few of an address's
    // minute, repeats are counted on one row instead of each adding one.
    const bool counted =
        event == "login_failed" && !client_addr.empty() &&
        q::audit_rows_this_minute(db, event, client_addr) >= kAuditSinglesPerMinute;
    if (counted)
        q::audit_repeat(db, event, member_id, id, client_addr, detail);
    else
        q::audit_insert(db, event, member_id, id, client_addr, detail);
}

namespace {

bool is_ascii_alnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// XXXX-XXXX of letters and digits (kosmoctl draws them from a smaller
// alphabet; the login matches any case).
bool temp_id_shaped(std::string_view s) {
    if (s.size() != 9 || s[4] != '-')
        return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (i != 4 && !is_ascii_alnum(s[i]))
            return false;
    return true;
}

// Code points of S, counting each invalid byte as one.
std::size_t count_chars(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++n)
        (void)next_code_point(s, i);
    return n;
}

// Characters that reorder or break what a terminal shows around them
// (C0 controls and DEL are escaped as bytes before this is asked).
bool is_invisible_control(long cp) {
    return is_control(cp) || cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string audit_login_id(std::string_view typed) {
    if (typed.empty() || temp_id_shaped(typed) || validate_user_id(typed) == Reason::Ok)
        return std::string(typed);
    return "(not an ID, " + std::to_string(count_chars(typed)) + " chars)";
}

std::string printable_text(std::string_view s, bool spaces) {
    std::string out;
    out.reserve(s.size());
    char buf[24];
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const long cp = next_code_point(s, i);
        const auto byte = static_cast<unsigned char>(s[start]);
        if (cp < 0 || cp < 0x20 || cp == 0x7F || cp == '\\' || (spaces && cp == ' ')) {
            std::snprintf(buf, sizeof buf, "\\x%02x", byte);
            out += buf;
        } else if (is_invisible_control(cp)) {
            std::snprintf(buf, sizeof buf, "\\u{%04lX}", cp);
            out += buf;
        } else {
            out.append(s.substr(start, i - start));
        }
    }
    return out;
}

}  // namespace kosmo
