// expenses.cc: 医療費情報, the household's claims of one year, and its CSV
// download for the 医療費控除
#include <ctime>

#include "csv.h"
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

void fill_claims(ctemplate::TemplateDictionary& body, const YearData& d) {
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
    auto& body = page.body();
    body.SetIntValue("YEAR", d.year);
    fill_claims(body, d);
    auto* years = d.years.empty() ? nullptr : body.AddSectionDictionary("YEARS");
    for (int y : d.years) {
        auto* link = years->AddSectionDictionary("YEAR_LINK");
        link->SetIntValue("Y", y);
        link->ShowSection(y == d.year ? "CURRENT" : "OTHER");
    }
    return page.finish();
}

Response expenses_csv(Context& ctx, const PortalMember& pm) {
    Response res;
    const YearData d = load_year(ctx, pm);
    // The BOM tells spreadsheet programs that the file is UTF-8.
    res.body = "\xEF\xBB\xBF";
    res.body += expenses_csv_header();
    res.body += "\r\n";
    for (const auto& c : d.claims) {
        char month[16];
        std::snprintf(month, sizeof month, "%04d/%02d", c.service_month / 100,
                      c.service_month % 100);
        const std::string days = std::to_string(c.days), total = std::to_string(c.total_cost),
                          self = std::to_string(c.self_pay);
        std::string line = csv_line(
            {month, c.patient_name, c.provider, claim_kind_label(c.kind), days, total, self});
        line.insert(line.size() - 1, "\r");  // spreadsheet programs expect CRLF
        res.body += line;
    }
    res.content_type = "text/csv; charset=utf-8";
    res.header("Content-Disposition",
               "attachment; filename=\"iryouhi-" + std::to_string(d.year) + ".csv\"");
    add_security_headers(res, false);
    return res;
}

}  // namespace kosmo
