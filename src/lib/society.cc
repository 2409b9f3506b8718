// society.cc: the spellings of a society's settings
#include "society.h"

#include "text.h"
#include "validate.h"

namespace kosmo {

namespace {

struct FeatureName {
    Feature feature;
    const char* name;
};
constexpr FeatureName kFeatureNames[] = {
    {Feature::Expenses, "expenses"},
    {Feature::Eligibility, "eligibility"},
    {Feature::Benefits, "benefits"},
};

// The comma-separated items of LIST, trimmed of ASCII spaces; empty items
// dropped.
std::vector<std::string> items_of(std::string_view list) {
    std::vector<std::string> out;
    for (std::string_view piece : pieces_of(list, ','))
        if (auto item = trim(piece, Spaces::Ascii); !item.empty())
            out.emplace_back(item);
    return out;
}

}  // namespace

std::optional<Features> parse_features(std::string_view list) {
    Features out = Features::none();
    for (const std::string& item : items_of(list)) {
        bool known = false;
        for (const auto& f : kFeatureNames)
            if (item == f.name) {
                out.add(f.feature);
                known = true;
            }
        if (!known)
            return std::nullopt;
    }
    return out;
}

std::string features_text(Features features) {
    std::string out;
    for (const auto& f : kFeatureNames)
        if (features.has(f.feature))
            out += (out.empty() ? "" : ",") + std::string(f.name);
    return out;
}

std::optional<MfaPolicy> parse_mfa(std::string_view text) {
    for (MfaPolicy p : {MfaPolicy::Off, MfaPolicy::Optional, MfaPolicy::Required})
        if (text == mfa_text(p))
            return p;
    return std::nullopt;
}

const char* mfa_text(MfaPolicy policy) {
    switch (policy) {
    case MfaPolicy::Off:
        return "off";
    case MfaPolicy::Optional:
        return "optional";
    case MfaPolicy::Required:
        break;
    }
    return "required";
}

MfaPolicy mfa_in_force(MfaPolicy site, std::optional<MfaPolicy> society) {
    return society.value_or(site);
}

std::optional<std::vector<std::string>> parse_domains(std::string_view list, std::string* bad) {
    std::vector<std::string> out;
    for (std::string item : items_of(list)) {
        item = ascii_lower(item);
        if (validate_email("x@" + item, Category::Overseas, {}) != Reason::Ok) {
            if (bad)
                *bad = item;
            return std::nullopt;
        }
        out.push_back(std::move(item));
    }
    return out;
}

std::string domains_text(const std::vector<std::string>& domains) {
    std::string out;
    for (const auto& d : domains)
        out += (out.empty() ? "" : ",") + d;
    return out;
}

int first_kept_month(int current, unsigned keep_months) {
    if (keep_months == 0)
        return 0;
    // Counted in months since year 0, where a step back is a subtraction.
    const long months = long(current / 100) * 12 + (current % 100 - 1) - long(keep_months - 1);
    return static_cast<int>(months / 12 * 100 + months % 12 + 1);
}

}  // namespace kosmo
