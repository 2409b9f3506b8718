// portal.h: the handlers of kosmo-portal.fcgi (menu, 医療費情報, 資格情報,
// 給付金のお知らせ, 登録情報の変更 with its 二段階認証) and what they share: the logged-in
// member's household
#ifndef KOSMO_PORTAL_H
#define KOSMO_PORTAL_H

#include <optional>
#include <string>

#include "context.h"
#include "q/accounts.h"
#include "q/members.h"
#include "q/records.h"
#include "request.h"
#include "session.h"
#include "society.h"
#include "validate.h"

namespace kosmo {

class Page;

// The logged-in member as every portal page sees it. The household comes
// from the session's member only: nothing in a URL or form selects it.
struct PortalMember {
    Session session;
    q::Member member;
    q::PortalAccount account;
    Society society;  // the member's: its name, domains and pages offered
    q::Household household() const { return {member.insurer_number, member.symbol, member.number}; }
};

// The member of a session at Stage::Member (or just registered). Otherwise
// fills RES with the redirect session_in_stage_or_respond chose (a pending
// required action, the login page ...).
std::optional<PortalMember> portal_member_or_respond(Context& ctx, Response& res);

// portal_member_or_respond's member when the member's society offers
// FEATURE; for a society that does not, RES is the 404 of a URL no program
// routes, so the page is as absent as its link in the menu.
std::optional<PortalMember> offered_or_respond(Context& ctx, Response& res, Feature feature);

// The gate of a page of FEATURE, for gated<>: offered_or_respond.
template <Feature feature>
std::optional<PortalMember> member_offered(Context& ctx, Response& res) {
    return offered_or_respond(ctx, res, feature);
}

// The pages of the logged-in member, routed as member_page<…> (the menu's
// link is in the layout's body templates).
Response menu_page(Context& ctx, const PortalMember& pm);          // GET /menu
Response expenses_page(Context& ctx, const PortalMember& pm);      // GET /expenses?year=YYYY
Response expenses_csv(Context& ctx, const PortalMember& pm);       // GET /expenses/csv?year=YYYY
Response expenses_print(Context& ctx, const PortalMember& pm);     // GET /expenses/print?year=YYYY
Response eligibility_page(Context& ctx, const PortalMember& pm);   // GET /eligibility
Response benefits_page(Context& ctx, const PortalMember& pm);      // GET /benefits?year=YYYY
Response benefit_notice(Context& ctx, const PortalMember& pm);     // GET /benefits/notice?id=ID
Response settings_page(Context& ctx, const PortalMember& pm);      // GET /settings
Response settings_password(Context& ctx, const PortalMember& pm);  // POST /settings/password
Response settings_email(Context& ctx, const PortalMember& pm);     // POST /settings/email
Response settings_notices(Context& ctx, const PortalMember& pm);   // POST /settings/notices

// 二段階認証 in 登録情報の変更 (SPEC "二段階認証"), routed as member_page<…>.
Response app_setup_page(Context& ctx, const PortalMember& pm);     // GET /settings/app
Response app_qr(Context& ctx, const PortalMember& pm);             // GET /settings/app/qr.svg
Response app_setup_submit(Context& ctx, const PortalMember& pm);   // POST /settings/app
Response app_remove(Context& ctx, const PortalMember& pm);         // POST /settings/app/remove
Response trusted_forget(Context& ctx, const PortalMember& pm);     // POST /settings/trusted/forget
Response mail_codes_switch(Context& ctx, const PortalMember& pm);  // POST /settings/mail-codes

// A yes/no setting of the account (the update notices, codes by mail):
// the form's checkbox FIELD ticked or not, stored by SET with the audit
// EVENT (ON or OFF its detail), then back to the settings with ?done=DONE.
struct AccountSwitch {
    const char* field;
    void (*set)(Db& db, std::int64_t account_id, bool on);
    const char* event;
    const char* on;
    const char* off;
    const char* done;
};
Response save_switch(Context& ctx, const PortalMember& pm, const AccountSwitch& sw);

// The second-factor policy in force for PM: the society's, else the site's.
inline MfaPolicy mfa_policy(const Context& ctx, const PortalMember& pm) {
    return mfa_in_force(ctx.config.mfa, pm.society.mfa);
}

// PASSWORD checked against PM's current one, holding a hash slot: Ok,
// Required, CurrentPasswordWrong, or End when no slot came (busy: answer
// 503). A wrong one counts toward the login lockout, like a failed login,
// and is audited (settings_password_wrong).
Reason check_current_password(Context& ctx, const PortalMember& pm, const std::string& password);

// What a refused 認証アプリの解除 shows next to its two fields.
struct FactorErrors {
    Reason remove_password = Reason::Ok;
    Reason remove_code = Reason::Ok;
};

// The settings page, as GET /settings shows it, with ERRORS next to the
// removal's fields; 400 when there are any.
Response settings_with_factor_errors(Context& ctx, const PortalMember& pm,
                                     const FactorErrors& errors);

// Fills settings.tpl's 二段階認証 section in PAGE for PM (reads the
// account's factors): the app set up or not (and its recovery codes
// left), codes by mail as the policy in force has them, trusted browsers,
// and ERRORS next to the removal's fields.
void show_factor_settings(Context& ctx, const PortalMember& pm, Page& page,
                          const FactorErrors& errors);

// The handler of PAGE: only the logged-in member reaches it.
template <Response (*page)(Context&, const PortalMember&)>
Response member_page(Context& ctx) {
    return gated<portal_member_or_respond, page>(ctx);
}

// The handler of PAGE, a page of FEATURE: only the logged-in member of a
// society offering FEATURE reaches it.
template <Feature feature, Response (*page)(Context&, const PortalMember&)>
Response feature_page(Context& ctx) {
    return gated<member_offered<feature>, page>(ctx);
}

// The pages of the mail-address confirmation link, which needs no login.
Response email_confirm_page(Context& ctx);    // GET /settings/email/confirm?token=…
Response email_confirm_submit(Context& ctx);  // POST /settings/email/confirm

}  // namespace kosmo

#endif
