// terms_page.h: the terms of use as the pages show them (step 2's /terms and
// the new terms at login): the version, its date and its paragraphs
#ifndef KOSMO_TERMS_PAGE_H
#define KOSMO_TERMS_PAGE_H

#include <optional>

#include "config.h"
#include "q/terms.h"

namespace ctemplate {
class TemplateDictionary;
}

namespace kosmo {

// Fills TERMS_VERSION, TERMS_DATE ("YYYY年M月D日") and one PARAGRAPH section
// {TEXT} per paragraph. Without TERMS (no version published) the
// configured version and date, and no paragraphs.
void fill_terms(ctemplate::TemplateDictionary& dict, const std::optional<q::Terms>& terms,
                const Config& config);

}  // namespace kosmo

#endif
