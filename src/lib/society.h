// society.h: a society's settings (SPEC "Many societies on one site"): its
// insurer number and name, the company domains of its employee rule, the
// portal pages it offers, its second-factor policy and how long it keeps
// records. A society is data (the societies table, q/societies.h); this
// file holds the settings and their spellings on the command line.
#ifndef KOSMO_SOCIETY_H
#define KOSMO_SOCIETY_H

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo {

// A portal page a society may offer (--features).
enum class Feature : unsigned {
    Expenses = 1,     // 医療費情報 ("expenses")
    Eligibility = 2,  // 資格情報 ("eligibility")
    Benefits = 4,     // 給付金のお知らせ ("benefits")
};

// A set of features, one bit each.
class Features {
public:
    static Features all() { return Features(7); }
    static Features none() { return Features(0); }
    bool has(Feature f) const { return (bits_ & unsigned(f)) != 0; }
    void add(Feature f) { bits_ |= unsigned(f); }
    bool operator==(const Features& o) const { return bits_ == o.bits_; }

private:
    explicit Features(unsigned bits) : bits_(bits) {}
    unsigned bits_;
};

// LIST as --features and the database spell it: comma-separated words of
// expenses, eligibility, benefits (spaces around a word ignored, a repeat
// harmless, "" none); nullopt when a word is none of these.
std::optional<Features> parse_features(std::string_view list);
// FEATURES spelled as parse_features reads them, in the order above.
std::string features_text(Features features);

// The second factor's policy (SPEC "二段階認証").
enum class MfaPolicy { Off, Optional, Required };
// "off", "optional", "required"; nullopt for anything else.
std::optional<MfaPolicy> parse_mfa(std::string_view text);
const char* mfa_text(MfaPolicy policy);
// The policy in force for a member of a society whose own is SOCIETY (none:
// the site's) on a site whose [security] mfa is SITE.
MfaPolicy mfa_in_force(MfaPolicy site, std::optional<MfaPolicy> society);

// LIST as --company-domains and [insurer] company_domains spell it:
// comma-separated domains, lower-cased, spaces and empty items dropped.
// nullopt when an item is not a domain a mail address may have (BAD then
// names it).
std::optional<std::vector<std::string>> parse_domains(std::string_view list,
                                                      std::string* bad = nullptr);
// DOMAINS joined with commas, as parse_domains reads them.
std::string domains_text(const std::vector<std::string>& domains);

// The most months a society may keep (--keep-months): 100 years.
inline constexpr unsigned kMaxKeepMonths = 1200;

// The oldest service month (YYYYMM) a society that keeps KEEP_MONTHS months
// keeps in the month CURRENT (YYYYMM, Japan's calendar): the current month
// and the KEEP_MONTHS - 1 before it are kept, every older one goes. Keeping
// 12 in 202612 keeps 202601..202612 and returns 202601; keeping 1 keeps the
// current month alone. 0 for KEEP_MONTHS 0 (every month is kept: no month
// is older than 0).
int first_kept_month(int current, unsigned keep_months);

struct Society {
    std::string insurer_number;                // 8 digits with the check digit
    std::string name;                          // e.g. サンプル健康保険組合
    std::vector<std::string> company_domains;  // empty: any address
    Features features = Features::all();
    std::optional<MfaPolicy> mfa;  // none: the site's policy
    unsigned keep_months = 0;      // 0 keeps every record
};

}  // namespace kosmo

#endif
