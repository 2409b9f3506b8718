// menu.cc: the main menu (メインメニュー), and the session gate every portal
// page goes through
#include "portal.h"

#include "household.h"
#include "messages.h"
#include "render.h"

namespace kosmo {

std::optional<PortalMember> portal_member_or_respond(Context& ctx, Response& res) {
    // A member who has just registered reaches the portal from the
    // completion screen without logging in again: that session has proved
    // everything.
    auto s = session_in_stage_or_respond(ctx, {Stage::Member, Stage::Registered}, res);
    if (!s)
        return std::nullopt;
    if (!s->account || !s->member || !s->society) {
        res = Response::redirect("/login");
        return std::nullopt;
    }
    PortalMember pm{*s, *s->member, *s->account, *s->society};
    return pm;
}

std::optional<PortalMember> offered_or_respond(Context& ctx, Response& res, Feature feature) {
    auto pm = portal_member_or_respond(ctx, res);
    if (pm && !pm->society.features.has(feature)) {
        // The same answer as a URL no program routes.
        res = error_page(ctx.renderer, ctx.config, 404);
        return std::nullopt;
    }
    return pm;
}

Response menu_page(Context& ctx, const PortalMember& pm) {
    Page page(ctx, "menu.tpl", title(Screen::Menu));
    auto& body = page.body();
    body.SetValue("NAME", pm.member.name);
    body.SetValue("USER_ID", pm.account.user_id);
    // No date when passwords never expire ([security] password_max_days = 0).
    if (!pm.account.password_expires.empty()) {
        const DateParts expires = date_parts(pm.account.password_expires);
        body.ShowSection("EXPIRES");
        body.SetIntValue("EXPIRES_YEAR", expires.year);
        body.SetIntValue("EXPIRES_MONTH", expires.month);
        body.SetIntValue("EXPIRES_DAY", expires.day);
    }
    // Only the pages the member's society offers (their URLs answer 404).
    if (pm.society.features.has(Feature::Expenses))
        body.ShowSection("EXPENSES");
    if (pm.society.features.has(Feature::Eligibility))
        body.ShowSection("ELIGIBILITY");
    if (pm.society.features.has(Feature::Benefits))
        body.ShowSection("BENEFITS");
    return page.finish();
}

}  // namespace kosmo
