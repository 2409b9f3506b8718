// portal.h: the handlers of kosmo-portal.fcgi (menu, 医療費情報, 資格情報,
// 登録情報の変更) and what they share: the logged-in member's household
#ifndef KOSMO_PORTAL_H
#define KOSMO_PORTAL_H

#include <optional>

#include "context.h"
#include "q/accounts.h"
#include "q/members.h"
#include "q/records.h"
#include "request.h"
#include "session.h"
#include "society.h"

namespace kosmo {

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
Response eligibility_page(Context& ctx, const PortalMember& pm);   // GET /eligibility
Response settings_page(Context& ctx, const PortalMember& pm);      // GET /settings
Response settings_password(Context& ctx, const PortalMember& pm);  // POST /settings/password
Response settings_email(Context& ctx, const PortalMember& pm);     // POST /settings/email
Response settings_notices(Context& ctx, const PortalMember& pm);   // POST /settings/notices

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
