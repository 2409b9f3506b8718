// session.cc: session cookies, ID rotation, CSRF tokens and step gating
#include "session.h"

#include "error.h"
#include "password.h"
#include "q/members.h"
#include "q/sessions.h"
#include "q/terms.h"

namespace kosmo {

namespace {

// random_token(32): 32 bytes in base64url without padding.
constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kTokenChars = 43;

}  // namespace

std::string Context::csrf() const {
    return csrf_token(config.secret_bytes, token);
}

std::string csrf_token(std::string_view secret, std::string_view token) {
    std::string data = "csrf:";
    data.append(token);
    return base64url(hmac_sha256(secret, data));
}

bool csrf_valid(std::string_view secret, std::string_view token, std::string_view submitted) {
    if (token.empty() || submitted.empty())
        return false;
    return constant_time_equal(csrf_token(secret, token), submitted);
}

const char* session_cookie_name(bool secure) {
    return secure ? kSecureSessionCookie : kSessionCookie;
}

namespace {

// NAME=TOKEN with the flags every cookie of ours carries.
std::string cookie_with_flags(const char* name, std::string_view token, bool secure) {
    std::string c = name;
    c += '=';
    c.append(token);
    c += "; Path=/; HttpOnly; SameSite=Strict";
    if (secure)
        c += "; Secure";
    return c;
}

}  // namespace

std::string session_cookie(std::string_view token, bool secure) {
    return cookie_with_flags(session_cookie_name(secure), token, secure);
}

const char* trusted_cookie_name(bool secure) {
    return secure ? kSecureTrustedCookie : kTrustedCookie;
}

std::string trusted_cookie(std::string_view token, bool secure, unsigned days) {
    return cookie_with_flags(trusted_cookie_name(secure), token, secure) +
           "; Max-Age=" + std::to_string(std::uint64_t{days} * 86400);
}

bool token_well_formed(std::string_view token) {
    if (token.size() != kTokenChars)
        return false;
    for (char c : token) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

const Society& Context::member_society() const {
    // Every member has a society (the foreign key member_society): only a
    // handler called before load_session gets here without one.
    if (!society)
        throw Error("no society: the request has no session with a member");
    return *society;
}

SessionLookup load_session(Context& ctx, bool with_factors) {
    SessionLookup out;
    if (!token_well_formed(ctx.token))
        return out;
    const std::string id_hash = sha256(ctx.token);
    const q::AtLogin at_login{ctx.req.remote_addr};
    auto found = q::session_get(ctx.db, id_hash, ctx.config.session_idle_minutes,
                                ctx.config.session_absolute_minutes, ctx.config.password_max_days,
                                with_factors ? &at_login : nullptr);
    if (!found)
        return out;
    if (found->expired) {
        q::session_delete(ctx.db, id_hash);
        out.expired = true;
        return out;
    }
    // Refreshed at most once a minute: the idle limit counts in minutes, and
    // a step that follows within the minute (the usual case) rotates the
    // row anyway, so the UPDATE and its commit would be spent for nothing.
    if (found->touch_due)
        q::session_touch(ctx.db, id_hash);

    ctx.society = found->row.society;
    Session s;
    static_cast<q::SessionRow&>(s) = std::move(found->row);
    s.id_hash = id_hash;
    out.session = std::move(s);
    return out;
}

bool start_session(Context& ctx, Session& data) {
    std::string old_hash;
    if (token_well_formed(ctx.token))
        old_hash = sha256(ctx.token);

    std::string token = random_token(kTokenBytes);
    std::string id_hash = sha256(token);
    // Only the stored columns are written (stage, member, account, pending_*).
    const q::SessionRow& row = data;

    // The next step of one login moves that login's row to the new ID in one
    // UPDATE: its created_at stays, so rotating never stretches the absolute
    // timeout, and the old ID or the new one names it, never neither. DATA
    // carries the old hash only when it was loaded from the current session;
    // a login passes a fresh Session, gets a new row and so starts the clock.
    const bool same_login = !old_hash.empty() && data.id_hash == old_hash;
    if (same_login) {
        // Row gone: a sibling request moved it (it lives on under its new
        // ID, same created_at, same stage) or the login ended. Only the
        // first earns a row; inserting regardless revived logged-out
        // sessions and restarted their absolute timeout.
        if (q::session_rotate(ctx.db, old_hash, id_hash, row) == 0 &&
            q::session_branch(ctx.db, id_hash, row, data.created_at) == 0)
            return false;
    } else {
        // Insert before delete: if the insert fails, the member still has the
        // session they came with.
        q::session_insert(ctx.db, id_hash, row, "");
        if (!old_hash.empty())
            q::session_delete(ctx.db, old_hash);
    }

    data.id_hash = std::move(id_hash);
    ctx.token = std::move(token);
    ctx.set_token = true;
    return true;
}

Verified start_verified_session(Context& ctx, Session& data) {
    std::string token = random_token(kTokenBytes);
    std::string id_hash = sha256(token);
    const std::string& addr = ctx.req.remote_addr;
    // One transaction, one commit: the session moves on and the consent is
    // appended together. Usually the session moves in one statement.
    // Otherwise it moved or ended meanwhile. Moved by a second click of 確認
    // that got here first: this request passed the check too, so it gets a
    // branch of its own (with the login's created_at). Ended (logout,
    // expiry): nothing comes back.
    const Verified outcome = in_transaction(ctx.db, [&](Db& db) {
        if (q::session_verified(db, data.id_hash, id_hash) == 0) {
            q::SessionRow row;
            row.stage = Stage::Verified;
            row.member_id = data.member_id;
            // Still there unmoved: the statement failed on the member's lock.
            if (q::session_branch(db, id_hash, row, data.created_at) == 0)
                return q::session_exists(db, data.id_hash) ? Verified::Locked : Verified::Gone;
            if (!q::member_verify_passed(db, data.member_id)) {
                q::session_delete(db, id_hash);  // the branch, taken back
                return Verified::Locked;
            }
        }
        q::consent_insert(db, data.member_id, addr, "verify");
        return Verified::Moved;
    });
    if (outcome != Verified::Moved)
        return outcome;
    data.stage = Stage::Verified;
    data.id_hash = std::move(id_hash);
    ctx.token = std::move(token);
    ctx.set_token = true;
    return Verified::Moved;
}

void end_session(Context& ctx) {
    if (token_well_formed(ctx.token))
        q::session_delete(ctx.db, sha256(ctx.token));
    ctx.token = random_token(kTokenBytes);
    ctx.set_token = true;
}

const char* stage_home(Stage stage) {
    switch (stage) {
    case Stage::TempLogin:
        return "/verify";
    case Stage::Verified:
        return "/register";
    case Stage::Confirming:
        return "/register/confirm";
    case Stage::Registered:
        return "/register/done";
    case Stage::Member:
        return "/menu";
    case Stage::PasswordExpired:
        return "/password/expired";
    case Stage::TermsPending:
        return "/terms/new";
    case Stage::SecondFactor:
        return "/login/code";
    }
    return "/login";
}

std::optional<Session> session_in_stage_or_respond(Context& ctx,
                                                   std::initializer_list<Stage> allowed,
                                                   Response& res, bool with_factors) {
    SessionLookup found = load_session(ctx, with_factors);
    if (!found.session) {
        res = Response::redirect(found.expired ? "/login?expired=1" : "/login");
        return std::nullopt;
    }
    for (Stage s : allowed)
        if (s == found.session->stage)
            return found.session;
    res = Response::redirect(stage_home(found.session->stage));
    return std::nullopt;
}

}  // namespace kosmo
