// portal.h: the handlers of kosmo-portal.fcgi (menu, 医療費情報, 資格情報,
// 登録情報の変更) and what they share: the logged-in member's household
#ifndef KOSMO_PORTAL_H
#define KOSMO_PORTAL_H

#include <optional>

#include "portal_queries.h"
#include "queries.h"
#include "request.h"
#include "server.h"
#include "session.h"

namespace kosmo {

// The logged-in member as every portal page sees it. The household comes
// from the session's member only: nothing in a URL or form selects it.
struct PortalMember {
    Session session;
    q::Member member;
    q::PortalAccount account;
    q::Household household() const {
        return {member.insurer_number, member.symbol, member.number};
    }
};

// The member of a session at Stage::Member (or just registered). Otherwise
// fills RES with the redirect session_in_stage_or_respond chose (a pending
// required action, the login page ...).
std::optional<PortalMember> portal_member_or_respond(Context& ctx, Response& res);

// Every portal page: the menu's link is in the layout's body templates.
Response menu_page(Context& ctx);            // GET /menu
Response expenses_page(Context& ctx);        // GET /expenses?year=YYYY
Response expenses_csv(Context& ctx);         // GET /expenses/csv?year=YYYY
Response eligibility_page(Context& ctx);     // GET /eligibility
Response settings_page(Context& ctx);        // GET /settings
Response settings_password(Context& ctx);    // POST /settings/password
Response settings_email(Context& ctx);       // POST /settings/email
Response settings_notices(Context& ctx);     // POST /settings/notices
Response email_confirm_page(Context& ctx);   // GET /settings/email/confirm?token=…
Response email_confirm_submit(Context& ctx); // POST /settings/email/confirm

// The value of NAME in the query string QUERY ("" when absent), decoded.
std::string query_param(const std::string& query, const std::string& name);

}  // namespace kosmo

#endif
