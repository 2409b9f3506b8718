// eligibility.cc: 資格情報, the insurer, 記号, 番号 and each person of the
// household
#include "household.h"
#include "messages.h"
#include "portal.h"
#include "render.h"

namespace kosmo {

namespace {

// Sets PREFIX_YEAR, _MONTH, _DAY from YYYYMMDD.
void set_date(ctemplate::TemplateDictionary& dict, const std::string& prefix,
              const std::string& yyyymmdd) {
    const DateParts d = date_parts(yyyymmdd);
    dict.SetIntValue(prefix + "_YEAR", d.year);
    dict.SetIntValue(prefix + "_MONTH", d.month);
    dict.SetIntValue(prefix + "_DAY", d.day);
}

}  // namespace

Response eligibility_page(Context& ctx, const PortalMember& pm) {
    const auto people = q::household_people(ctx.db, pm.household());
    Page page(ctx, "eligibility.tpl", title(Screen::Eligibility));
    auto& body = page.body();
    body.SetValue("INSURER_NUMBER", pm.member.insurer_number);
    body.SetValue("SYMBOL", pm.member.symbol);
    body.SetValue("NUMBER", pm.member.number);
    if (people.empty())
        body.ShowSection("EMPTY");
    auto* list = people.empty() ? nullptr : body.AddSectionDictionary("PEOPLE");
    for (const auto& p : people) {
        auto* row = list->AddSectionDictionary("PERSON");
        row->SetValue("NAME", p.name);
        row->SetValue("RELATIONSHIP", relationship_label(p.relationship));
        set_date(*row, "BIRTH", p.birth_date);
        set_date(*row, "ACQUIRED", p.acquired_on);
        if (p.lost_on.empty()) {
            row->ShowSection("INSURED");
        } else {
            auto* lost = row->AddSectionDictionary("LOST");
            set_date(*lost, "LOST", p.lost_on);
        }
    }
    return page.finish();
}

}  // namespace kosmo
