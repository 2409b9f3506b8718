// login.h: the handlers of kosmo-login.fcgi: step 1 (login, logout) and the
// door: the forgotten password and user ID, and the required actions at login
// (SPEC "Required actions at login", "Forgotten password", "Forgotten user ID")
#ifndef KOSMO_LOGIN_H
#define KOSMO_LOGIN_H

#include "context.h"
#include "factor.h"
#include "q/sessions.h"
#include "request.h"
#include "session.h"
#include "validate.h"  // Reason

namespace kosmo {

// How long a reset link is valid, and how many mails (reset links, user-ID
// reminders) one account gets per hour.
inline constexpr unsigned kResetValidMinutes = 30;
inline constexpr unsigned kDoorMailsPerHour = 3;

Response login_form(Context& ctx);              // GET /login
Response login_submit(Context& ctx);            // POST /login
Response logout_submit(Context& ctx);           // POST /logout
Response forgot_password_form(Context& ctx);    // GET /password/forgot
Response forgot_password_submit(Context& ctx);  // POST /password/forgot
Response reset_password_form(Context& ctx);     // GET /password/reset?token=…
Response reset_password_submit(Context& ctx);   // POST /password/reset
Response forgot_userid_form(Context& ctx);      // GET /userid/forgot
Response forgot_userid_submit(Context& ctx);    // POST /userid/forgot

// The required actions, routed behind gated<session_at<Stage::PasswordExpired>, …>
// and gated<session_at<Stage::TermsPending>, …>.
Response expired_password_form(Context& ctx, const Session& s);  // GET /password/expired
Response expired_password_submit(Context& ctx, Session& s);      // POST /password/expired
Response new_terms_form(Context& ctx, const Session& s);         // GET /terms/new
Response new_terms_submit(Context& ctx, Session& s);             // POST /terms/new

// The second factor (second_factor.cc), routed behind
// gated<session_at<Stage::SecondFactor>, …>.
Response code_form(Context& ctx, const Session& s);      // GET /login/code
Response code_submit(Context& ctx, Session& s);          // POST /login/code
Response code_resend(Context& ctx, Session& s);          // POST /login/code/resend
Response recovery_form(Context& ctx, const Session& s);  // GET /login/recovery
Response recovery_submit(Context& ctx, Session& s);      // POST /login/recovery

// What a login of ACCOUNT_ID that passed the password must prove next:
// the policy in force for it (factor_needed), or None when this browser is
// one the member trusts (an audit event says so).
FactorNeed second_factor_needed(Context& ctx, std::int64_t account_id);

// Mails ACCOUNT_ID a new login code (the older ones spent), handed to
// sendmail after the response. Reason::CodeMailLimit, and no mail, when 5
// went out within the hour; else Reason::Ok.
Reason mail_login_code(Context& ctx, std::int64_t account_id);

// The per-address count of failed logins and codes (SECURITY.md "Lockout"):
// a failure from the client adds one; at login_addr_max_failures within
// login_lock_minutes the address is locked for login_lock_minutes, whatever
// IDs or codes it tries. ID names the attempt in the audit.
void count_address_failure(Context& ctx, const std::string& id);
// True when the client's address is locked so.
bool address_locked(Context& ctx);

// The stage a permanent login goes to: the first pending required action
// (expired password, then new terms), else Stage::Member.
Stage stage_after_login(bool password_expired, bool terms_pending);

// True when A and B are equal ignoring ASCII case, compared in time
// independent of where they differ (mail addresses at the door).
bool same_address(std::string_view a, std::string_view b);

}  // namespace kosmo

#endif
