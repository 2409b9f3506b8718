// test_request.cc: form, query-string and cookie parsing; read_request (its
// limits, its refusal of invalid UTF-8) and write_response over a real FastCGI
// connection
#include <boost/test/unit_test.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fcgiapp.h>

#include "request.h"

using kosmo::parse_cookies;
using kosmo::parse_urlencoded;
using kosmo::query_param;
using kosmo::url_encode;

namespace {

using Form = std::map<std::string, std::string>;

Form form(std::string_view body, bool expect_ok = true) {
    Form out;
    const bool ok = parse_urlencoded(body, out);
    BOOST_TEST(ok == expect_ok, "parse_urlencoded(\"" << body << "\") returned " << ok);
    return out;
}

// ---- a FastCGI client, just enough to drive read_request --------------------

void put_record(std::string& out, unsigned char type, std::string_view content) {
    const unsigned char head[8] = {1,
                                   type,
                                   0,
                                   1,
                                   static_cast<unsigned char>(content.size() >> 8),
                                   static_cast<unsigned char>(content.size() & 0xFF),
                                   0,
                                   0};
    out.append(reinterpret_cast<const char*>(head), 8);
    out.append(content);
}

void put_length(std::string& out, std::size_t n) {
    if (n < 128) {
        out += static_cast<char>(n);
    } else {
        out += static_cast<char>(0x80 | ((n >> 24) & 0x7F));
        out += static_cast<char>((n >> 16) & 0xFF);
        out += static_cast<char>((n >> 8) & 0xFF);
        out += static_cast<char>(n & 0xFF);
    }
}

using CgiParams = std::vector<std::pair<std::string, std::string>>;

// BEGIN_REQUEST, PARAMS, STDIN (BODY, then EOF) as nginx sends them.
std::string fcgi_request(const CgiParams& params, std::string_view body) {
    std::string out;
    put_record(out, 1, std::string("\0\1\0\0\0\0\0\0", 8));  // responder, no keep-alive
    std::string p;
    for (const auto& [name, value] : params) {
        put_length(p, name.size());
        put_length(p, value.size());
        p += name;
        p += value;
    }
    put_record(out, 4, p);
    put_record(out, 4, "");
    for (std::size_t i = 0; i < body.size(); i += 60000)
        put_record(out, 5, body.substr(i, 60000));
    put_record(out, 5, "");
    return out;
}

// The STDOUT stream of a FastCGI response.
std::string fcgi_stdout(const std::string& raw) {
    std::string out;
    std::size_t i = 0;
    while (i + 8 <= raw.size()) {
        const auto* h = reinterpret_cast<const unsigned char*>(raw.data() + i);
        const std::size_t len = (std::size_t(h[4]) << 8) | h[5];
        if (h[1] == 6)
            out.append(raw, i + 8, len);
        i += 8 + len + h[6];
    }
    return out;
}

// A listening unix socket in a fresh directory, and one FCGX_Request on it.
struct FcgiFixture {
    std::filesystem::path dir;
    std::string path;
    int listen_fd = -1;
    FCGX_Request fcgx{};

    FcgiFixture() {
        char tmpl[] = "/tmp/kosmo-test-request.XXXXXX";
        BOOST_REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        path = (dir / "fcgi.sock").string();
        BOOST_REQUIRE(FCGX_Init() == 0);
        listen_fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strcpy(addr.sun_path, path.c_str());
        BOOST_REQUIRE(::bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        BOOST_REQUIRE(::listen(listen_fd, 4) == 0);
        BOOST_REQUIRE(FCGX_InitRequest(&fcgx, listen_fd, 0) == 0);
    }
    ~FcgiFixture() {
        FCGX_Free(&fcgx, 1);
        ::close(listen_fd);
        std::filesystem::remove_all(dir);
    }

    // Sends RAW as a client, accepts it, and hands the request to FN; returns
    // what the server wrote to STDOUT.
    template <typename Fn>
    std::string exchange(const std::string& raw, Fn&& fn) {
        const int client = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strcpy(addr.sun_path, path.c_str());
        BOOST_REQUIRE(::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        // Small enough for the socket buffer, so no second thread is needed.
        BOOST_REQUIRE(::write(client, raw.data(), raw.size()) == static_cast<ssize_t>(raw.size()));
        // libfcgi drains the connection until EOF when it closes it.
        ::shutdown(client, SHUT_WR);
        BOOST_REQUIRE(FCGX_Accept_r(&fcgx) == 0);
        fn(fcgx);
        FCGX_Finish_r(&fcgx);
        std::string response;
        char buf[4096];
        ssize_t n;
        while ((n = ::read(client, buf, sizeof buf)) > 0)
            response.append(buf, static_cast<std::size_t>(n));
        ::close(client);
        return fcgi_stdout(response);
    }

    // read_request on a request with PARAMS and BODY; its result and REQ.
    int read(const CgiParams& params, std::string_view body, kosmo::Request& req,
             std::size_t max_body = 1024) {
        int status = -1;
        exchange(fcgi_request(params, body), [&](FCGX_Request& r) {
            kosmo::RequestLimits limits;
            limits.max_body = max_body;
            status = kosmo::read_request(r, limits, req).status;
        });
        return status;
    }
};

CgiParams post_params(std::size_t length,
                      std::string content_type = "application/x-www-form-urlencoded") {
    return {{"REQUEST_METHOD", "POST"},
            {"DOCUMENT_URI", "/login"},
            {"QUERY_STRING", "a=1"},
            {"CONTENT_TYPE", std::move(content_type)},
            {"CONTENT_LENGTH", std::to_string(length)},
            {"REMOTE_ADDR", "192.0.2.7"},
            {"REQUEST_ID", "0123456789abcdef0123456789abcdef"},
            {"HTTP_COOKIE", "kosmo_session=abc; theme=dark"}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request)

BOOST_AUTO_TEST_CASE(urlencoded_plus_and_escapes) {
    auto f = form("a=x+y&b=x%2By&c=%e3%81%82&d=%E3%81%82");
    BOOST_TEST(f["a"] == "x y");
    BOOST_TEST(f["b"] == "x+y");
    BOOST_TEST(f["c"] == "\xE3\x81\x82");  // あ, lower-case hex
    BOOST_TEST(f["d"] == "\xE3\x81\x82");
    BOOST_TEST(f.size() == 4u);
}

BOOST_AUTO_TEST_CASE(urlencoded_malformed_escapes) {
    form("a=%zz", false);
    form("a=%4", false);
    form("a=%", false);
    form("a=%g1", false);
    form("%zz=1", false);
    // What came before the bad escape is kept.
    Form out;
    BOOST_TEST(!parse_urlencoded("first=1&second=%4", out));
    BOOST_TEST(out.count("first") == 1u);
    BOOST_TEST(out.count("second") == 0u);
}

BOOST_AUTO_TEST_CASE(urlencoded_empty_and_odd_pairs) {
    BOOST_TEST(form("").empty());
    BOOST_TEST(form("&&").empty());
    auto f = form("flag&x=&=nameless&y=1=2");
    BOOST_TEST(f.count("flag") == 1u);
    BOOST_TEST(f["flag"] == "");
    BOOST_TEST(f.count("x") == 1u);
    BOOST_TEST(f["x"] == "");
    BOOST_TEST(f.count("") == 0u);  // an empty name is dropped
    BOOST_TEST(f["y"] == "1=2");    // only the first '=' splits
}

BOOST_AUTO_TEST_CASE(urlencoded_first_value_wins) {
    auto f = form("csrf=good&csrf=evil&a=1&a=2");
    BOOST_TEST(f["csrf"] == "good");
    BOOST_TEST(f["a"] == "1");
}

BOOST_AUTO_TEST_CASE(urlencoded_decodes_names_and_nul) {
    auto f = form("user%5Fid=a%00b");
    BOOST_TEST(f.count("user_id") == 1u);
    BOOST_TEST(f["user_id"] == std::string("a\0b", 3));
}

BOOST_AUTO_TEST_CASE(query_param_matches_whole_names_only) {
    BOOST_TEST(query_param("expired=1", "expired") == "1");
    BOOST_TEST(query_param("a=2&expired=1", "expired") == "1");
    // Neither a longer name nor a value that holds the text is the name.
    BOOST_TEST(query_param("notexpired=1", "expired") == "");
    BOOST_TEST(query_param("expired_at=1", "expired") == "");
    BOOST_TEST(query_param("x=expired=1", "expired") == "");
    BOOST_TEST(query_param("expired=10", "expired") == "10");
}

BOOST_AUTO_TEST_CASE(query_param_decodes_as_a_form) {
    BOOST_TEST(query_param("token=a%2Bb%3D", "token") == "a+b=");
    BOOST_TEST(query_param("q=%E5%B9%B4+2024", "q") == "年 2024");
    BOOST_TEST(query_param("%79ear=2023", "year") == "2023");
    BOOST_TEST(query_param("year=2023&year=2022", "year") == "2023");  // the first wins
}

BOOST_AUTO_TEST_CASE(query_param_empty_missing_and_malformed) {
    BOOST_TEST(query_param("", "year") == "");
    BOOST_TEST(query_param("year", "year") == "");
    BOOST_TEST(query_param("year=", "year") == "");
    BOOST_TEST(query_param("&&year=2023&", "year") == "2023");
    BOOST_TEST(query_param("done=password", "year") == "");
    BOOST_TEST(query_param("=2023", "") == "");  // a nameless value is never found
    // A malformed escape ends the query: what came before it stands.
    BOOST_TEST(query_param("year=2023&x=%zz", "year") == "2023");
    BOOST_TEST(query_param("x=%zz&year=2023", "year") == "");
    BOOST_TEST(query_param("year=20%2", "year") == "");
}

BOOST_AUTO_TEST_CASE(cookies_edges) {
    auto c = parse_cookies("a=1; b=2;c=3 ;  d = 4 ");
    BOOST_TEST(c["a"] == "1");
    BOOST_TEST(c["b"] == "2");
    BOOST_TEST(c["c"] == "3");
    BOOST_TEST(c["d"] == "4");
    BOOST_TEST(c.size() == 4u);

    c = parse_cookies("junk; =novalue; x=1; x=2; q=\"quoted\"; e=; ;");
    BOOST_TEST(c.count("junk") == 0u);
    BOOST_TEST(c.count("") == 0u);
    // Two values of one name: neither is trusted (issue 14: a request with
    // two session cookies is treated as having none).
    BOOST_TEST(c.count("x") == 1u);
    BOOST_TEST(c["x"] == "");
    BOOST_TEST(c["q"] == "quoted");
    BOOST_TEST(c.count("e") == 1u);
    BOOST_TEST(c["e"] == "");
    BOOST_TEST(parse_cookies("").empty());
    BOOST_TEST(parse_cookies(";;;").empty());
    BOOST_TEST(parse_cookies("v=a=b")["v"] == "a=b");
}

BOOST_AUTO_TEST_CASE(cookies_repeated_name_is_none) {
    BOOST_TEST(parse_cookies("s=abc; s=abc")["s"] == "");
    BOOST_TEST(parse_cookies("s=abc; t=1; s=def; s=ghi")["s"] == "");
    BOOST_TEST(parse_cookies("s=; s=abc")["s"] == "");
    auto c = parse_cookies("s=abc; S=def");  // names are case-sensitive: two cookies
    BOOST_TEST(c["s"] == "abc");
    BOOST_TEST(c["S"] == "def");
    BOOST_TEST(parse_cookies("t=1; s=abc; t=2")["s"] == "abc");
}

BOOST_AUTO_TEST_CASE(url_encoding) {
    BOOST_TEST(url_encode("") == "");
    BOOST_TEST(url_encode("AZaz09-._~") == "AZaz09-._~");
    BOOST_TEST(url_encode("a b&c=d/e?f") == "a%20b%26c%3Dd%2Fe%3Ff");
    BOOST_TEST(url_encode("+%") == "%2B%25");
    BOOST_TEST(url_encode("\xE3\x81\x82") == "%E3%81%82");
    // What url_encode makes, parse_urlencoded takes back.
    const std::string tricky = "x+y z&=%\xE3\x81\x82\n";
    Form f;
    BOOST_TEST(parse_urlencoded("v=" + url_encode(tricky), f));
    BOOST_TEST(f["v"] == tricky);
}

BOOST_AUTO_TEST_CASE(status_texts) {
    BOOST_TEST(std::string(kosmo::status_text(200)) == "OK");
    BOOST_TEST(std::string(kosmo::status_text(303)) == "See Other");
    BOOST_TEST(std::string(kosmo::status_text(404)) == "Not Found");
    BOOST_TEST(std::string(kosmo::status_text(405)) == "Method Not Allowed");
    BOOST_TEST(std::string(kosmo::status_text(415)) == "Unsupported Media Type");
    BOOST_TEST(std::string(kosmo::status_text(503)) == "Service Unavailable");
    BOOST_TEST(std::string(kosmo::status_text(599)) != "");
}

BOOST_AUTO_TEST_CASE(request_and_response_helpers) {
    kosmo::Request req;
    req.form["a"] = "1";
    req.cookies["c"] = "2";
    BOOST_TEST(req.field("a") == "1");
    BOOST_TEST(req.field("missing") == "");
    BOOST_TEST(req.cookie("c") == "2");
    BOOST_TEST(req.cookie("missing") == "");

    const auto res = kosmo::Response::redirect("/verify");
    BOOST_TEST(res.status == 303);
    BOOST_REQUIRE(res.headers.size() == 1u);
    BOOST_TEST(res.headers[0].first == "Location");
    BOOST_TEST(res.headers[0].second == "/verify");
}

BOOST_AUTO_TEST_CASE(read_request_copies_everything) {
    FcgiFixture fx;
    kosmo::Request req;
    const std::string body = "user_id=ABCD-2345&password=a%26b&csrf=t";
    BOOST_TEST(fx.read(post_params(body.size(), "application/x-www-form-urlencoded; charset=UTF-8"),
                       body, req) == 0);
    // FCGX's buffers are gone now; every value must still be there.
    BOOST_TEST(req.method == "POST");
    BOOST_TEST(req.path == "/login");
    BOOST_TEST(req.query == "a=1");
    BOOST_TEST(req.remote_addr == "192.0.2.7");
    BOOST_TEST(req.request_id == "0123456789abcdef0123456789abcdef");
    BOOST_TEST(!req.https);
    BOOST_TEST(req.field("user_id") == "ABCD-2345");
    BOOST_TEST(req.field("password") == "a&b");
    BOOST_TEST(req.cookie("kosmo_session") == "abc");
    BOOST_TEST(req.cookie("theme") == "dark");
}

BOOST_AUTO_TEST_CASE(read_request_path_fallback_and_generated_id) {
    FcgiFixture fx;
    kosmo::Request req;
    BOOST_TEST(fx.read({{"REQUEST_METHOD", "GET"},
                        {"SCRIPT_NAME", "/register"},
                        {"PATH_INFO", "/confirm"},
                        {"HTTPS", "on"},
                        {"REQUEST_ID", "bad id\nwith newline"}},
                       "", req) == 0);
    BOOST_TEST(req.path == "/register/confirm");
    BOOST_TEST(req.https);
    // A request id that could break the log line is replaced by 16 hex digits.
    BOOST_TEST(req.request_id.size() == 16u);
    BOOST_TEST(req.request_id.find_first_not_of("0123456789abcdef") == std::string::npos);

    kosmo::Request req2;
    BOOST_TEST(fx.read({{"REQUEST_METHOD", "GET"}, {"DOCUMENT_URI", "/login?x=1"}}, "", req2) == 0);
    BOOST_TEST(req2.path == "/login");
    BOOST_TEST(req2.request_id.size() == 16u);
    BOOST_TEST(req2.request_id != req.request_id);
}

BOOST_AUTO_TEST_CASE(read_request_limits) {
    FcgiFixture fx;
    {
        // Too large: 413 before a byte is read (none is even sent).
        kosmo::Request req;
        BOOST_TEST(fx.read(post_params(1025), "", req, 1024) == 413);
    }
    {
        kosmo::Request req;
        const std::string body(1024, 'a');
        BOOST_TEST(fx.read(post_params(body.size()), "a=" + body.substr(2), req, 1024) == 0);
    }
    {
        kosmo::Request req;
        BOOST_TEST(fx.read(post_params(3, "multipart/form-data; boundary=x"), "a=b", req) == 415);
    }
    {
        kosmo::Request req;
        BOOST_TEST(fx.read(post_params(3, ""), "a=b", req) == 415);
    }
    {
        // The body ends before CONTENT_LENGTH: a short read.
        kosmo::Request req;
        BOOST_TEST(fx.read(post_params(10), "a=b", req) == 400);
        BOOST_TEST(req.form.empty());
    }
    {
        kosmo::Request req;
        BOOST_TEST(fx.read(post_params(5), "a=%zz", req) == 400);
    }
    {
        // Well-formed escapes of invalid UTF-8, in a value and in a name.
        kosmo::Request req;
        BOOST_TEST(fx.read(post_params(8), "a=%C0%80", req) == 400);
        BOOST_TEST(req.form.empty());
        kosmo::Request req2;
        BOOST_TEST(fx.read(post_params(8), "%ED%A0%80=1", req2) == 400);
    }
    {
        // A NUL, in a value or a name: no browser sends one from a form.
        kosmo::Request req;
        BOOST_TEST(fx.read(post_params(7), "a=b%00c", req) == 400);
        BOOST_TEST(req.form.empty());
        kosmo::Request req2;
        BOOST_TEST(fx.read(post_params(7), "a%00=bc", req2) == 400);
        kosmo::Request req3;
        BOOST_TEST(fx.read(post_params(7), "a=b%01c", req3) == 0);
        BOOST_TEST(req3.field("a") == std::string("b\x01"
                                                  "c"));
    }
    {
        kosmo::Request req;
        BOOST_TEST(fx.read(post_params(3), "a=b", req) == 0);
        BOOST_TEST(req.field("a") == "b");
    }
    {
        kosmo::Request req;
        CgiParams p = post_params(0);
        p[4].second = "12x";
        BOOST_TEST(fx.read(p, "", req) == 400);
    }
    {
        // A GET never has its body read or parsed.
        kosmo::Request req;
        CgiParams p = post_params(3);
        p[0].second = "GET";
        BOOST_TEST(fx.read(p, "a=b", req) == 0);
        BOOST_TEST(req.form.empty());
    }
}

BOOST_AUTO_TEST_CASE(write_response_format) {
    FcgiFixture fx;
    kosmo::Response res;
    res.status = 404;
    res.header("X-One", "1");
    res.header("X-Bad", "evil\r\nSet-Cookie: x=1");
    res.body = "<p>body</p>";
    const std::string out = fx.exchange(fcgi_request({{"REQUEST_METHOD", "GET"}}, ""),
                                        [&](FCGX_Request& r) { kosmo::write_response(r, res); });
    BOOST_TEST(out ==
               "Status: 404 Not Found\r\n"
               "Content-Type: text/html; charset=utf-8\r\n"
               "X-One: 1\r\n"
               "\r\n"
               "<p>body</p>");
}

BOOST_AUTO_TEST_SUITE_END()
