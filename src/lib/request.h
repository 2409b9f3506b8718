// request.h: the HTTP request and response as the handlers see them, and
// the pure parsers behind them (urlencoded forms, cookies, UTF-8)
#ifndef KOSMO_REQUEST_H
#define KOSMO_REQUEST_H

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct FCGX_Request;

namespace kosmo {

struct Request {
    std::string method;        // REQUEST_METHOD
    std::string path;          // DOCUMENT_URI, else SCRIPT_NAME+PATH_INFO, without the query
    std::string query;         // QUERY_STRING
    std::string content_type;  // CONTENT_TYPE
    std::string remote_addr;   // REMOTE_ADDR
    std::string request_id;    // HTTP_X_REQUEST_ID (nginx $request_id) or generated
    bool https = false;        // HTTPS=on
    std::map<std::string, std::string> form;  // urlencoded POST body (first value of a name wins)
    std::map<std::string, std::string> cookies;  // Cookie header

    // The field's value or "" when absent.
    const std::string& field(const std::string& name) const;
    // The cookie's value or "" when absent.
    const std::string& cookie(const std::string& name) const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers, in order
    std::string content_type = "text/html; charset=utf-8";
    std::string body;

    void header(std::string name, std::string value);
    // 303 See Other to LOCATION (a path on this site).
    static Response redirect(const std::string& location);
};

// The reason phrase of an HTTP status ("Not Found").
const char* status_text(int status);

// Decodes an application/x-www-form-urlencoded body into OUT ('+' is a
// space, %XX escapes; the first value of a repeated name wins). Returns
// false when an escape is malformed; OUT then holds what came before it.
[[nodiscard]] bool parse_urlencoded(std::string_view body, std::map<std::string, std::string>& out);

// The value of NAME in the query string QUERY, decoded as parse_urlencoded
// decodes a form (the first of a repeated name wins); "" when it is absent
// or a malformed escape comes before it. Only whole names match:
// "notexpired=1" is no "expired".
std::string query_param(std::string_view query, std::string_view name);

// Parses a Cookie header ("a=1; b=2"). Malformed pairs are skipped; a
// name that comes more than once maps to "" (as if it had no value).
std::map<std::string, std::string> parse_cookies(std::string_view header);

// Percent-encodes S for use in a URL query or form value.
std::string url_encode(std::string_view s);

// Limits checked while reading a FastCGI request.
struct RequestLimits {
    std::size_t max_body = 16384;
};

// Outcome of reading one FastCGI request. status 0: REQ is complete;
// otherwise the status to answer with and no handler runs (413 body too
// large, 415 POST that is not a urlencoded form, 400 short read, malformed
// form, invalid UTF-8 or a NUL in the form).
struct ReadResult {
    int status = 0;
};

// Copies the CGI parameters and reads the body of FCGX into REQ (every value
// is copied, so REQ outlives FCGX's buffers).
[[nodiscard]] ReadResult read_request(FCGX_Request& fcgx, const RequestLimits& limits,
                                      Request& req);

// Writes RES as a CGI response (Status line, headers, body) to FCGX.
void write_response(FCGX_Request& fcgx, const Response& res);

}  // namespace kosmo

#endif
