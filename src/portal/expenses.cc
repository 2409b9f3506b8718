// expenses.cc: 医療費情報, the household's claims of one year, its CSV
// download and its printable 医療費のお知らせ, both for the 医療費控除
#include "household.h"
#include "messages.h"
#include "portal.h"
#include "render.h"
#include "text.h"

namespace kosmo {

namespace {

struct YearData {
    int year = 0;
    std::vector<int> years;  // with data, newest first
    std::vector<q::Claim> claims;
};

YearData load_year(Context& ctx, const PortalMember& pm) {
    YearData d;
    d.years = q::household_expense_years(ctx.db, pm.household());
    d.year = choose_year(query_param(ctx.req.query, "year"), d.years, today_in_japan() / 10000);
    d.claims = q::household_claims(ctx.db, pm.household(), d.year);
    return d;
}

// The body's YEAR, section EMPTY or section CLAIMS (each CLAIM, COUNT and
// the year's totals), and section YEARS with a YEAR_LINK {Y, CURRENT or
// OTHER} per year with data: what 医療費情報 and its printable page share.
void fill_year(ctemplate::TemplateDictionary& body, const YearData& d) {
    body.SetIntValue("YEAR", d.year);
    auto* years = d.years.empty() ? nullptr : body.AddSectionDictionary("YEARS");
    for (int y : d.years) {
        auto* link = years->AddSectionDictionary("YEAR_LINK");
        link->SetIntValue("Y", y);
        link->ShowSection(y == d.year ? "CURRENT" : "OTHER");
    }
    if (d.claims.empty()) {
        body.ShowSection("EMPTY");
        return;
    }
    auto* list = body.AddSectionDictionary("CLAIMS");
    std::int64_t total = 0, self = 0;
    for (const auto& c : d.claims) {
        auto* row = list->AddSectionDictionary("CLAIM");
        row->SetIntValue("YEAR", c.service_month / 100);
        row->SetIntValue("MONTH", c.service_month % 100);
        row->SetValue("PATIENT", c.patient_name);
        row->SetValue("PROVIDER", c.provider);
        row->SetValue("KIND", claim_kind_label(c.kind));
        row->SetIntValue("DAYS", c.days);
        row->SetValue("TOTAL_COST", thousands(c.total_cost));
        row->SetValue("SELF_PAY", thousands(c.self_pay));
        total += c.total_cost;
        self += c.self_pay;
    }
    list->SetIntValue("COUNT", static_cast<long>(d.claims.size()));
    list->SetValue("YEAR_TOTAL_COST", thousands(total));
    list->SetValue("YEAR_SELF_PAY", thousands(self));
}

}  // namespace

Response expenses_page(Context& ctx, const PortalMember& pm) {
    const YearData d = load_year(ctx, pm);
    Page page(ctx, "expenses.tpl", title(Screen::Expenses));
    fill_year(page.body(), d);
    return page.finish();
}

Response expenses_print(Context& ctx, const PortalMember& pm) {
    const YearData d = load_year(ctx, pm);
    Page page(ctx, "expenses-print.tpl", title(Screen::ExpensesPrint));
    auto& body = page.body();
    fill_year(body, d);
    // The insured person is the household's member (branch 00), whoever of
    // the household the claims are for; the society's name is the
    // session's, like every other page's.
    body.SetValue("INSURED_NAME", pm.member.name);
    body.SetValue("INSURER_NAME", pm.society.name);
    const DateParts issued = date_parts(std::to_string(today_in_japan()));
    body.SetIntValue("ISSUED_YEAR", issued.year);
    body.SetIntValue("ISSUED_MONTH", issued.month);
    body.SetIntValue("ISSUED_DAY", issued.day);
    return page.finish();
}

Response expenses_csv(Context& ctx, const PortalMember& pm) {
    Response res;
    const YearData d = load_year(ctx, pm);
    res.body = expenses_csv_bytes(d.claims, pm.member.name, pm.society.name);
    res.content_type = "text/csv; charset=utf-8";
    res.header("Content-Disposition",
               "attachment; filename=\"iryouhi-" + std::to_string(d.year) + ".csv\"");
    add_security_headers(res, false);
    return res;
}

}  // namespace kosmo
