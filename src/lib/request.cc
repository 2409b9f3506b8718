// request.cc: FastCGI request reading, response writing, form and cookie parsing
#include "request.h"

#include <cstdio>
#include <cstring>

#include <fcgiapp.h>

#include "random.h"
#include "text.h"

namespace kosmo {

namespace {

const std::string kEmpty;

// FCGX_GetParam's pointer dies with the request: copy at once.
std::string param(FCGX_Request& fcgx, const char* name) {
    const char* v = FCGX_GetParam(name, fcgx.envp);
    return v ? std::string(v) : std::string();
}

// Decodes one name or value of a form; false on a malformed escape.
bool decode_component(std::string_view in, std::string& out) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= in.size())
                return false;
            const int hi = hex_digit_value(in[i + 1]);
            const int lo = hex_digit_value(in[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return true;
}

// Calls F(name, value) for each name=value pair of the urlencoded BODY,
// decoded, in order, until F returns true. False when an escape is
// malformed: the walk stops there.
template <typename F>
bool for_each_pair(std::string_view body, F f) {
    std::string name, value;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        const std::string_view raw_name = pair.substr(0, eq);
        const std::string_view raw_value =
            eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
        if (!decode_component(raw_name, name) || !decode_component(raw_value, value))
            return false;
        if (f(name, value))
            return true;
    }
    return true;
}

// "application/x-www-form-urlencoded", parameters such as "; charset=UTF-8"
// allowed (the body is checked for UTF-8 anyway).
bool is_urlencoded_form(std::string_view content_type) {
    const auto semi = content_type.find(';');
    return ascii_lower(trim(content_type.substr(0, semi))) == "application/x-www-form-urlencoded";
}

// A request id from nginx is logged verbatim, so only a plain token is
// accepted; anything else is replaced by one of ours.
bool request_id_ok(std::string_view id) {
    if (id.empty() || id.size() > 64)
        return false;
    for (char c : id) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

// CONTENT_LENGTH as a number; false when it is not plain digits.
bool parse_length(const std::string& s, std::size_t& out) {
    out = 0;
    if (s.empty())
        return true;
    if (s.size() > 18)
        return false;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
        out = out * 10 + static_cast<std::size_t>(c - '0');
    }
    return true;
}

bool has_crlf(std::string_view s) {
    return s.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

const std::string& Request::field(const std::string& name) const {
    auto it = form.find(name);
    return it == form.end() ? kEmpty : it->second;
}

const std::string& Request::cookie(const std::string& name) const {
    auto it = cookies.find(name);
    return it == cookies.end() ? kEmpty : it->second;
}

void Response::header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
}

Response Response::redirect(const std::string& location) {
    Response res;
    res.status = 303;
    res.header("Location", location);
    return res;
}

const char* status_text(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        break;
    }
    if (status >= 500)
        return "Server Error";
    if (status >= 400)
        return "Client Error";
    if (status >= 300)
        return "Redirection";
    return "Success";
}

bool parse_urlencoded(std::string_view body, std::map<std::string, std::string>& out) {
    return for_each_pair(body, [&](const std::string& name, const std::string& value) {
        // A nameless value cannot be asked for: dropped.
        if (!name.empty())
            out.emplace(name, value);
        return false;
    });
}

std::string query_param(std::string_view query, std::string_view name) {
    std::string found;
    // A malformed escape ends the walk, as it ends parse_urlencoded: a
    // value after it is absent.
    (void)for_each_pair(query, [&](const std::string& n, const std::string& value) {
        if (n.empty() || n != name)
            return false;
        found = value;
        return true;
    });
    return found;
}

std::map<std::string, std::string> parse_cookies(std::string_view header) {
    std::map<std::string, std::string> out;
    while (!header.empty()) {
        const auto semi = header.find(';');
        std::string_view pair = trim(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos)
            continue;
        const std::string_view name = trim(pair.substr(0, eq));
        std::string_view value = trim(pair.substr(eq + 1));
        if (name.empty())
            continue;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        // A name sent twice is ambiguous (a second session cookie planted
        // by a sibling domain or an attacker sits beside ours): neither
        // value is trusted, so the request is treated as having none.
        auto [it, fresh] = out.emplace(std::string(name), std::string(value));
        if (!fresh)
            it->second.clear();
    }
    return out;
}

std::string url_encode(std::string_view s) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved) {
            out += ch;
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 0x0F];
        }
    }
    return out;
}

ReadResult read_request(FCGX_Request& fcgx, const RequestLimits& limits, Request& req) {
    req.method = param(fcgx, "REQUEST_METHOD");
    req.path = param(fcgx, "DOCUMENT_URI");
    if (req.path.empty())
        req.path = param(fcgx, "SCRIPT_NAME") + param(fcgx, "PATH_INFO");
    if (auto q = req.path.find('?'); q != std::string::npos)
        req.path.erase(q);
    req.query = param(fcgx, "QUERY_STRING");
    req.content_type = param(fcgx, "CONTENT_TYPE");
    req.remote_addr = param(fcgx, "REMOTE_ADDR");
    req.request_id = param(fcgx, "REQUEST_ID");
    if (!request_id_ok(req.request_id))
        req.request_id = param(fcgx, "HTTP_X_REQUEST_ID");
    if (!request_id_ok(req.request_id))
        req.request_id = hex(random_bytes(8));
    const std::string https = ascii_lower(param(fcgx, "HTTPS"));
    req.https = https == "on" || https == "1";
    req.cookies = parse_cookies(param(fcgx, "HTTP_COOKIE"));
    req.form.clear();

    std::size_t length = 0;
    if (!parse_length(param(fcgx, "CONTENT_LENGTH"), length))
        return {400};
    // Too large: answered without reading a byte of it.
    if (length > limits.max_body)
        return {413};
    if (req.method != "POST")
        return {};
    if (!is_urlencoded_form(req.content_type))
        return {415};

    std::string body(length, '\0');
    std::size_t got = 0;
    while (got < length) {
        const int n = FCGX_GetStr(&body[got], static_cast<int>(length - got), fcgx.in);
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    if (got != length)
        return {400};
    if (!parse_urlencoded(body, req.form)) {
        req.form.clear();
        return {400};
    }
    // No browser sends a NUL from a form: a body with one is malformed, and
    // a NUL must never come back inside a page that echoes a field.
    for (const auto& [name, value] : req.form) {
        if (!is_valid_utf8(name) || !is_valid_utf8(value) || name.find('\0') != std::string::npos ||
            value.find('\0') != std::string::npos) {
            req.form.clear();
            return {400};
        }
    }
    return {};
}

void write_response(FCGX_Request& fcgx, const Response& res) {
    std::string head =
        "Status: " + std::to_string(res.status) + " " + status_text(res.status) + "\r\n";
    if (!res.content_type.empty() && !has_crlf(res.content_type))
        head += "Content-Type: " + res.content_type + "\r\n";
    for (const auto& [name, value] : res.headers) {
        // A CR or LF would start a header of its own: such a header is
        // dropped rather than let through.
        if (name.empty() || has_crlf(name) || has_crlf(value))
            continue;
        head += name + ": " + value + "\r\n";
    }
    head += "\r\n";
    FCGX_PutStr(head.data(), static_cast<int>(head.size()), fcgx.out);
    if (!res.body.empty())
        FCGX_PutStr(res.body.data(), static_cast<int>(res.body.size()), fcgx.out);
}

}  // namespace kosmo
