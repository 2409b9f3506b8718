// expenses.cc: 医療費情報, the household's claims of one year, its CSV
// download and its printable 医療費のお知らせ, both for the 医療費控除
#include "household.h"
#include "messages.h"
#include "portal.h"
#include "render.h"
#include "text.h"

namespace kosmo {

namespace {

// The card's names as ctemplate's static strings, hashed once at start:
// a name given as text is hashed again, and looked up under ctemplate's
// global lock, on each of the ~400 calls a 48-card page makes (perf: 7 %
// of the program's samples; docs/PERFORMANCE.md).
// clang-format off
const ctemplate::StaticTemplateString kClaim = STS_INIT(kClaim, "CLAIM");
const ctemplate::StaticTemplateString kYear = STS_INIT(kYear, "YEAR");
const ctemplate::StaticTemplateString kMonth = STS_INIT(kMonth, "MONTH");
const ctemplate::StaticTemplateString kPatient = STS_INIT(kPatient, "PATIENT");
const ctemplate::StaticTemplateString kProvider = STS_INIT(kProvider, "PROVIDER");
const ctemplate::StaticTemplateString kKind = STS_INIT(kKind, "KIND");
const ctemplate::StaticTemplateString kDays = STS_INIT(kDays, "DAYS");
const ctemplate::StaticTemplateString kTotalCost = STS_INIT(kTotalCost, "TOTAL_COST");
const ctemplate::StaticTemplateString kSelfPay = STS_INIT(kSelfPay, "SELF_PAY");
// clang-format on

struct YearData {
    int year = 0;
    std::vector<int> years;  // with data, newest first
    std::vector<q::Claim> claims;
};

YearData load_year(Context& ctx, const PortalMember& pm) {
    const auto asked = asked_year(query_param(ctx.req.query, "year"));
    q::ClaimsYear found = q::household_claims_year(ctx.db, pm.household(), asked);
    YearData d;
    d.years = std::move(found.years);
    d.claims = std::move(found.claims);
    d.year = asked              ? *asked
             : d.claims.empty() ? today_in_japan() / 10000
                                : d.claims.front().service_month / 100;
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
        auto* row = list->AddSectionDictionary(kClaim);
        row->SetIntValue(kYear, c.service_month / 100);
        row->SetIntValue(kMonth, c.service_month % 100);
        row->SetValue(kPatient, c.patient_name);
        row->SetValue(kProvider, c.provider);
        row->SetValue(kKind, claim_kind_label(c.kind));
        row->SetIntValue(kDays, c.days);
        row->SetValue(kTotalCost, thousands(c.total_cost));
        row->SetValue(kSelfPay, thousands(c.self_pay));
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
