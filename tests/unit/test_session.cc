// test_session.cc: CSRF tokens, cookies, token shape, step homes, and the
// paths of the session functions that must not touch the database
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "context.h"
#include "db.h"
#include "password.h"
#include "render.h"
#include "session.h"

using namespace kosmo;

namespace {

const std::string kSecretHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

std::string secret() {
    return *unhex(kSecretHex);
}

// Just enough of a server for a Context: a template dir with the two
// templates a Renderer requires, and a Db that can never connect, so any
// database access fails the test with DbUnavailable.
struct Server {
    std::filesystem::path dir;
    Config config;
    Request req;
    std::unique_ptr<Renderer> renderer;
    std::unique_ptr<Db> db;
    HashGate hashes{1, 8};

    Server() {
        char tmpl[] = "/tmp/kosmo-test-session.XXXXXX";
        BOOST_REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        for (const char* name : {"layout.tpl", "error.tpl"})
            std::ofstream(dir / name) << "{{%AUTOESCAPE context=\"HTML\"}}\n{{TITLE}}{{>BODY}}\n";
        renderer = std::make_unique<Renderer>(dir.string());
        config.secret = kSecretHex;
        config.secret_bytes = secret();
        DbConfig dbc;
        dbc.socket = (dir / "no-such.sock").string();
        db = std::make_unique<Db>(dbc);
    }
    ~Server() { std::filesystem::remove_all(dir); }

    Context context(std::string token) {
        return Context{config, req, *db, *renderer, hashes, std::move(token), false, {}, {}};
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(session)

BOOST_AUTO_TEST_CASE(csrf_token_is_hmac_of_the_cookie) {
    // base64url(HMAC-SHA256(secret, "csrf:" + token)), computed independently.
    BOOST_TEST(csrf_token(secret(), "Yl-WonKUIgSiThgeCofMcvhtMDzvQ3cV1JbYZh4-uKc") ==
               "UlHAU8YdO9IX7_qsiRP2VMrS2uP94RcoeOOY7FtXKFI");
    const std::string t = random_token();
    BOOST_TEST(csrf_token(secret(), t) == csrf_token(secret(), t));
    BOOST_TEST(csrf_token(secret(), t).size() == 43u);
    BOOST_TEST(csrf_token(secret(), t) != csrf_token(secret(), random_token()));
    BOOST_TEST(csrf_token(secret(), t) != csrf_token(secret() + "x", t));
}

BOOST_AUTO_TEST_CASE(csrf_validation) {
    const std::string t = random_token();
    const std::string good = csrf_token(secret(), t);
    BOOST_TEST(csrf_valid(secret(), t, good));
    BOOST_TEST(!csrf_valid(secret(), t, ""));
    BOOST_TEST(!csrf_valid(secret(), t, good.substr(0, 42)));
    BOOST_TEST(!csrf_valid(secret(), t, good + "A"));
    std::string flipped = good;
    flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
    BOOST_TEST(!csrf_valid(secret(), t, flipped));
    // Another session's token, or another site's secret.
    BOOST_TEST(!csrf_valid(secret(), random_token(), good));
    BOOST_TEST(!csrf_valid(*unhex(std::string(64, 'f')), t, good));
    // No cookie, no valid token, even for the token of an empty cookie.
    BOOST_TEST(!csrf_valid(secret(), "", csrf_token(secret(), "")));
}

BOOST_AUTO_TEST_CASE(cookie_flags) {
    BOOST_TEST(session_cookie("abc", false) ==
               "kosmo_session=abc; Path=/; HttpOnly; SameSite=Strict");
    // Secure cookies carry the __Host- prefix (issue 14): the browser then
    // refuses one set without Secure, with a Domain or another Path.
    BOOST_TEST(session_cookie("abc", true) ==
               "__Host-kosmo_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure");
}

BOOST_AUTO_TEST_CASE(cookie_name) {
    BOOST_TEST(std::string(session_cookie_name(false)) == "kosmo_session");
    BOOST_TEST(std::string(session_cookie_name(true)) == "__Host-kosmo_session");
    const std::string c = session_cookie("t", true);
    BOOST_TEST(c.rfind(std::string(session_cookie_name(true)) + "=", 0) == 0u);
    BOOST_TEST(c.find("Domain") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(token_shape) {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        const std::string t = random_token();
        BOOST_TEST(token_well_formed(t), t);
        seen.insert(t);
    }
    BOOST_TEST(seen.size() == 50u);
    const std::string t = random_token();
    BOOST_TEST(!token_well_formed(""));
    BOOST_TEST(!token_well_formed(t.substr(0, 42)));
    BOOST_TEST(!token_well_formed(t + "A"));
    BOOST_TEST(!token_well_formed(std::string(42, 'A') + "+"));
    BOOST_TEST(!token_well_formed(std::string(42, 'A') + "/"));
    BOOST_TEST(!token_well_formed(std::string(42, 'A') + "="));
    BOOST_TEST(!token_well_formed(std::string(42, 'A') + " "));
    BOOST_TEST(!token_well_formed(std::string(42, 'A') + "\xE3"));
    BOOST_TEST(token_well_formed(std::string(21, '-') + std::string(22, '_')));
}

BOOST_AUTO_TEST_CASE(stage_homes) {
    BOOST_TEST(std::string(stage_home(Stage::TempLogin)) == "/verify");
    BOOST_TEST(std::string(stage_home(Stage::Verified)) == "/register");
    BOOST_TEST(std::string(stage_home(Stage::Confirming)) == "/register/confirm");
    BOOST_TEST(std::string(stage_home(Stage::Registered)) == "/register/done");
    BOOST_TEST(std::string(stage_home(Stage::Member)) == "/menu");
}

BOOST_AUTO_TEST_CASE(context_csrf_follows_the_token) {
    Server s;
    const std::string t = random_token();
    Context ctx = s.context(t);
    BOOST_TEST(ctx.csrf() == csrf_token(s.config.secret_bytes, t));
}

BOOST_AUTO_TEST_CASE(junk_cookie_is_never_looked_up) {
    Server s;
    for (const std::string& token :
         {std::string(), std::string("short"), std::string(43, '+'), random_token() + "x"}) {
        Context ctx = s.context(token);
        const SessionLookup found = load_session(ctx);  // would throw if it asked the db
        BOOST_TEST(!found.session.has_value());
        BOOST_TEST(!found.expired);

        Response res;
        auto session = session_in_stage_or_respond(ctx, {Stage::TempLogin}, res);
        BOOST_TEST(!session.has_value());
        BOOST_TEST(res.status == 303);
        BOOST_REQUIRE(res.headers.size() == 1u);
        BOOST_TEST(res.headers[0].second == "/login");
    }
}

BOOST_AUTO_TEST_CASE(a_well_formed_cookie_is_looked_up) {
    Server s;
    Context ctx = s.context(random_token());
    BOOST_CHECK_THROW(load_session(ctx), DbUnavailable);
}

BOOST_AUTO_TEST_CASE(end_session_hands_out_a_fresh_token) {
    Server s;
    Context ctx = s.context("not-a-token");
    end_session(ctx);  // nothing to delete: no database access
    BOOST_TEST(ctx.set_token);
    BOOST_TEST(token_well_formed(ctx.token));
}

BOOST_AUTO_TEST_CASE(trusted_cookie_flags_as_the_session_cookie) {
    BOOST_TEST(trusted_cookie("abc", false, 30) ==
               "kosmo_trusted=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000");
    BOOST_TEST(trusted_cookie("abc", true, 30) ==
               "__Host-kosmo_trusted=abc; Path=/; HttpOnly; SameSite=Strict; Secure; "
               "Max-Age=2592000");
    BOOST_TEST(std::string(trusted_cookie_name(true)) == "__Host-kosmo_trusted");
}

BOOST_AUTO_TEST_SUITE_END()
