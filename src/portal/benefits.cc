// benefits.cc: 給付金のお知らせ, the household's benefit decisions of one
// year, and each decision's printable 支給決定通知書
#include "benefit_view.h"
#include "household.h"
#include "messages.h"
#include "portal.h"
#include "q/household_benefits.h"
#include "render.h"

namespace kosmo {

namespace {

// The decision's fields in DICT, as the list and the notice both show them.
void fill_decision(ctemplate::TemplateDictionary& dict, const q::BenefitDecision& d) {
    dict.SetValue("DECISION_ID", d.decision_id);
    dict.SetValue("DECIDED_ON", japanese_date(d.decided_on));
    dict.SetValue("KIND", benefit_kind_label(d.kind));
    dict.SetValue("PATIENT", d.patient_name);
    dict.SetValue("SERVICE_MONTH", service_month_text(d.service_month));
    dict.SetValue("AMOUNT", thousands(d.amount));
    if (d.paid_on.empty())
        dict.ShowSection("UNPAID");
    else
        dict.AddSectionDictionary("PAID")->SetValue("PAID_ON", japanese_date(d.paid_on));
}

// The links to the years with decisions, YEAR the current one.
void fill_years(ctemplate::TemplateDictionary& body, const std::vector<int>& years, int year) {
    auto* nav = body.AddSectionDictionary("YEARS");
    for (int y : years) {
        auto* link = nav->AddSectionDictionary("YEAR_LINK");
        link->SetIntValue("Y", y);
        link->ShowSection(y == year ? "CURRENT" : "OTHER");
    }
}

// What a bad or foreign year or ID gets: the same page as a URL that does
// not exist, which says nothing of whose it might be.
Response not_found(Context& ctx) {
    return error_page(ctx.renderer, ctx.config, 404);
}

}  // namespace

Response benefits_page(Context& ctx, const PortalMember& pm) {
    const auto years = q::household_benefit_years(ctx.db, pm.household());
    const auto year = benefits_year(query_param(ctx.req.query, "year"), years);
    if (!year)
        return not_found(ctx);
    // A year's decisions purged since the years were read show as none.
    const auto decisions = *year == 0 ? std::vector<q::BenefitDecision>{}
                                      : q::household_benefits(ctx.db, pm.household(), *year);
    Page page(ctx, "benefits.tpl", title(Screen::Benefits));
    auto& body = page.body();
    if (decisions.empty()) {
        body.ShowSection("EMPTY");
        return page.finish();
    }
    body.SetIntValue("YEAR", *year);
    fill_years(body, years, *year);
    auto* list = body.AddSectionDictionary("DECISIONS");
    list->SetIntValue("COUNT", static_cast<long>(decisions.size()));
    for (const auto& d : decisions)
        fill_decision(*list->AddSectionDictionary("DECISION"), d);
    return page.finish();
}

Response benefit_notice(Context& ctx, const PortalMember& pm) {
    const std::string id = query_param(ctx.req.query, "id");
    if (!is_decision_id(id))
        return not_found(ctx);
    const auto d = q::household_benefit(ctx.db, pm.household(), id);
    if (!d)
        return not_found(ctx);
    Page page(ctx, "benefit-notice.tpl", title(Screen::BenefitNotice));
    auto& body = page.body();
    body.SetValue("INSURER_NUMBER", pm.member.insurer_number);
    body.SetValue("INSURED_NAME", pm.member.name);
    body.SetValue("SYMBOL", pm.member.symbol);
    body.SetValue("NUMBER", pm.member.number);
    body.SetValue("YEAR", d->decided_on.substr(0, 4));
    fill_decision(body, *d);
    return page.finish();
}

}  // namespace kosmo
