// terms_page.cc: the terms of use as the pages show them
#include "terms_page.h"

#include <ctemplate/template.h>

#include "messages.h"
#include "terms.h"

namespace kosmo {

void fill_terms(ctemplate::TemplateDictionary& dict, const std::optional<q::Terms>& terms,
                const Config& config) {
    if (!terms) {
        dict.SetValue("TERMS_VERSION", config.terms_version);
        dict.SetValue("TERMS_DATE", config.terms_date);
        return;
    }
    dict.SetValue("TERMS_VERSION", terms->version);
    dict.SetValue("TERMS_DATE", japanese_date(terms->published_on));
    for (const auto& p : terms_paragraphs(terms->body))
        dict.AddSectionDictionary("PARAGRAPH")->SetValue("TEXT", p);
}

}  // namespace kosmo
