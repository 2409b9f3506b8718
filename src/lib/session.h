// session.h: session cookies, ID rotation, CSRF tokens and step gating
#ifndef KOSMO_SESSION_H
#define KOSMO_SESSION_H

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "context.h"
#include "q/accounts.h"
#include "q/members.h"
#include "q/sessions.h"
#include "request.h"

namespace kosmo {

inline constexpr const char* kSessionCookie = "kosmo_session";
// The name when cookies are Secure: a browser keeps a "__Host-" cookie only
// when it is Secure, has Path=/ and no Domain, so neither a sibling
// subdomain nor plain http can plant or overwrite it.
inline constexpr const char* kSecureSessionCookie = "__Host-kosmo_session";
inline constexpr const char* kCsrfField = "csrf";

// A session as a handler sees it: the stored row (q::SessionRow: its stage,
// member, account, pending registration) and the ID it is stored under.
struct Session : q::SessionRow {
    std::string id_hash;  // SHA-256 of the cookie value (32 raw bytes)
};

// base64url(HMAC-SHA256(SECRET, "csrf:" + TOKEN)). Tied to the cookie, so a
// rotated session gets a new CSRF token; needs no storage, so the login page
// is served without touching the database.
std::string csrf_token(std::string_view secret, std::string_view token);

// True when SUBMITTED equals csrf_token(SECRET, TOKEN) (constant time) and
// TOKEN is not empty.
bool csrf_valid(std::string_view secret, std::string_view token, std::string_view submitted);

// The session cookie's name: kSecureSessionCookie when SECURE.
const char* session_cookie_name(bool secure);

// "kosmo_session=TOKEN; Path=/; HttpOnly; SameSite=Strict", or with SECURE
// "__Host-kosmo_session=TOKEN; Path=/; HttpOnly; SameSite=Strict; Secure".
std::string session_cookie(std::string_view token, bool secure);

// The trusted-browser cookie (このブラウザでは30日間確認しない): named like
// the session cookie, "__Host-" when SECURE, with the same flags and a
// Max-Age of DAYS, so the browser keeps it across restarts.
inline constexpr const char* kTrustedCookie = "kosmo_trusted";
inline constexpr const char* kSecureTrustedCookie = "__Host-kosmo_trusted";
const char* trusted_cookie_name(bool secure);
std::string trusted_cookie(std::string_view token, bool secure, unsigned days);

// True when TOKEN looks like one of ours (43 base64url characters), so a
// junk cookie is never looked up.
bool token_well_formed(std::string_view token);

struct SessionLookup {
    std::optional<Session> session;
    bool expired = false;  // a session existed but its idle or absolute time ran out
};

// The live session named by ctx.token (its last_seen_at refreshed). An
// expired one is deleted and reported as expired. WITH_FACTORS: its
// account's factors too (Session::factors, q::session_get's AtLogin), in
// the same round trip. Throws DbUnavailable.
SessionLookup load_session(Context& ctx, bool with_factors = false);

// Stores DATA under a fresh token and makes the response set the new
// cookie: the only way a session starts or changes step, so the ID rotates
// at each step. A fresh Session (a login) gets a new row (the session
// ctx.token named, if any, is deleted). DATA loaded from ctx.token moves
// that row; if the row is gone, only a concurrent request of the same
// login that made the same step (a double click) keeps it alive, and this
// request gets a row of its own with the login's created_at. False, with
// nothing stored, when the login has ended (logout, expiry, purge): a
// deleted session never comes back.
[[nodiscard]] bool start_session(Context& ctx, Session& data);

enum class Verified {
    Moved,   // the session is at Stage::Verified, the consent stored
    Locked,  // the member was locked meanwhile: nothing changed
    Gone,    // the login ended meanwhile: nothing changed
};

// start_session for a passed identity check: DATA (loaded from ctx.token)
// moves to Stage::Verified and the member's consent to the newest terms is
// appended, in one transaction.
[[nodiscard]] Verified start_verified_session(Context& ctx, Session& data);

// Deletes the session ctx.token names and hands the browser a fresh,
// unstored token.
void end_session(Context& ctx);

// Where a session at STAGE belongs: "/verify", "/register",
// "/register/confirm", "/register/done", "/menu", "/password/expired",
// "/terms/new".
const char* stage_home(Stage stage);

// The session if its stage is one of ALLOWED. Otherwise fills RES: a
// redirect to the page the session belongs on, or, without a live session,
// to "/login" ("/login?expired=1" when it had expired).
std::optional<Session> session_in_stage_or_respond(Context& ctx,
                                                   std::initializer_list<Stage> allowed,
                                                   Response& res, bool with_factors = false);

// The gate, for gated<> (context.h), of a page that only a session at one
// of STAGES may open: session_in_stage_or_respond's session, or the answer
// it put in RES. A program names it where it routes the page:
// gated<session_at<Stage::TempLogin>, verify_form>.
template <Stage... stages>
std::optional<Session> session_at(Context& ctx, Response& res) {
    return session_in_stage_or_respond(ctx, {stages...}, res);
}

// The gate of a second factor's POST: session_at<Stage::SecondFactor>'s
// session with its account's factors (Session::factors) read with it, so
// that the code step makes one round trip less (docs/PERFORMANCE.md,
// "The second factor").
inline std::optional<Session> session_at_code(Context& ctx, Response& res) {
    return session_in_stage_or_respond(ctx, {Stage::SecondFactor}, res, true);
}

}  // namespace kosmo

#endif
