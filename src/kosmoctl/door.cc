// door.cc: kosmoctl publish-terms, consents, expire-password and
// notify-expiring: the operators' side of the door (issue 12)
#include <iostream>

#include "csv.h"
#include "ctl.h"
#include "db.h"
#include "delivery.h"
#include "error.h"
#include "log.h"
#include "mail_template.h"
#include "q/accounts.h"
#include "q/members.h"
#include "q/sessions.h"
#include "q/terms.h"
#include "render.h"
#include "terms.h"
#include "validate.h"

namespace kosmo::ctl {

namespace {

const char* terms_problem_text(TermsProblem p) {
    switch (p) {
    case TermsProblem::None:
        return "";
    case TermsProblem::VersionInvalid:
        return "is not 1-32 of A-Z a-z 0-9 . _ - (starting with a letter or digit)";
    case TermsProblem::Empty:
        return "has no text";
    case TermsProblem::NotUtf8:
        return "is not UTF-8 text";
    case TermsProblem::TooLong:
        return "is larger than 1 MiB";
    }
    return "";
}

int run_publish_terms(const Globals& globals, const Args& args) {
    const std::string& version = args.positional[0];
    if (auto p = check_terms_version(version); p != TermsProblem::None)
        throw UsageError("version '" + version + "' " + terms_problem_text(p));
    const std::string text = read_file(args.positional[1]);
    if (auto p = check_terms_text(text); p != TermsProblem::None) {
        std::cerr << "kosmoctl publish-terms: '" << args.positional[1] << "' "
                  << terms_problem_text(p) << "; nothing published\n";
        return kExitFailure;
    }
    // Stored without a byte order mark, paragraphs as they are.
    const std::string body = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? text.substr(3) : text;

    Config config = load(globals);
    Db db(config.db);
    const std::string society = args.has("--society") ? society_option(db, args) : "";
    const std::string owner = society.empty() ? "the site" : "society " + society;
    const bool published = in_transaction(db, [&](Db& db) {
        if (!q::terms_publish(db, society, version, body))
            return false;
        audit(db, "terms_published", std::nullopt, "", "",
              "version " + version + (society.empty() ? "" : " society=" + society) +
                  " operator=" + operator_name());
        return true;
    });
    if (!published) {
        std::cerr << "kosmoctl publish-terms: version '" << version << "' of " << owner
                  << " is published already; nothing changed\n";
        return kExitFailure;
    }
    std::cout << "published terms version " << version << " for " << owner << " ("
              << terms_paragraphs(body).size() << " paragraphs)\n";
    return kExitOk;
}

}  // namespace

const Command kPublishTerms{
    "publish-terms",
    "publish a new version of the terms of use",
    "[--society INSURER_NUMBER] VERSION FILE.txt",
    "Publishes FILE.txt (UTF-8 text, paragraphs separated by blank lines) as the\n"
    "terms of use VERSION (1-32 of A-Z a-z 0-9 . _ -). The newest version is what\n"
    "step 2 and /terms show; a member whose last consent is older is asked to\n"
    "agree at the next login. A version is published once: publishing it again,\n"
    "an empty file or one that is not UTF-8 is refused and changes nothing.\n"
    "\n"
    "Without --society the version is the site's. With it, the version is that\n"
    "society's own: from then on its members see and agree to its newest version\n"
    "instead of the site's, and their consents record it.\n",
    {{"--society", "INSURER_NUMBER", "publish the society's own terms"}},
    exactly(2, "expected VERSION and FILE.txt"),
    run_publish_terms,
};

namespace {

// One consent as a line of the consents CSV, of the member INSURER,SYMBOL,NUMBER.
std::string consent_line(const q::Consent& c, const std::string& insurer, const std::string& symbol,
                         const std::string& number) {
    const std::string terms_of = c.insurer_number.empty() ? "site" : c.insurer_number;
    return csv_line({c.at, c.version, c.client_addr, c.source, terms_of, insurer, symbol, number});
}

int run_consents(const Globals& globals, const Args& args) {
    if (!args.has("--member") && !args.has("--society"))
        throw UsageError(
            "name the member with --member INSURER:SYMBOL:NUMBER or the society with --society");
    std::optional<MemberKey> key;
    if (args.has("--member"))
        key = parse_member_key("--member", args.get("--member"));

    Config config = load(globals);
    Db db(config.db);
    const std::string society = args.has("--society") ? society_option(db, args) : "";
    if (key && !society.empty() && key->insurer_number != society) {
        std::cerr << "kosmoctl consents: member '" << key->text() << "' is not of society "
                  << society << "\n";
        return kExitFailure;
    }
    std::string out = "at,version,client_addr,source,terms_of,insurer_number,symbol,number\n";
    if (key) {
        auto member_id = q::member_id_by_key(db, key->insurer_number, key->symbol, key->number);
        if (!member_id) {
            std::cerr << "kosmoctl consents: no member '" << key->text() << "'\n";
            return kExitFailure;
        }
        for (const auto& c : q::consents_of_member(db, *member_id))
            out += consent_line(c, key->insurer_number, key->symbol, key->number);
    } else {
        for (const auto& m : q::consents_of_society(db, society))
            out += consent_line(m.consent, society, m.symbol, m.number);
    }
    std::cout << out << std::flush;
    if (!std::cout)
        throw Error("cannot write to stdout");
    return kExitOk;
}

}  // namespace

const Command kConsents{
    "consents",
    "list the consents to the terms of use of a member or a society's members",
    "(--member INSURER:SYMBOL:NUMBER | --society INSURER_NUMBER)",
    "Prints every consent of the member, or with --society alone of every\n"
    "member of that society (by symbol and number), oldest first, as CSV:\n"
    "at,version,client_addr,source,terms_of,insurer_number,symbol,number\n"
    "source: verify = step 2, login = the required action at login; terms_of:\n"
    "whose terms the version was, site (the site's) or the society's insurer\n"
    "number (its own, kosmoctl publish-terms --society); then the member.\n"
    "Consents are never overwritten. --member with --society is refused for a\n"
    "member of another society.\n",
    {{"--member", "INSURER:SYMBOL:NUMBER",
      "the member with this insurer number, symbol and number"},
     kReportSocietyOption},
    kNoArguments,
    run_consents,
};

namespace {

int run_expire_password(const Globals& globals, const Args& args) {
    const std::string user_id = normalize_input(args.positional[0]);

    Config config = load(globals);
    Db db(config.db);
    auto member_id = in_transaction(db, [&](Db& db) -> std::optional<std::int64_t> {
        auto id = q::account_mark_expired(db, user_id);
        if (!id)
            return std::nullopt;
        // A session logged in before the mark would otherwise keep going.
        q::session_delete_member_all_but(db, *id, "");
        audit(db, "password_expired_marked", *id, user_id, "", "operator=" + operator_name());
        return id;
    });
    if (!member_id) {
        std::cerr << "kosmoctl expire-password: no user ID '" << user_id << "'\n";
        return kExitFailure;
    }
    std::cout << "the password of " << user_id
              << " is expired: it must be changed at the next login\n";
    return kExitOk;
}

}  // namespace

const Command kExpirePassword{
    "expire-password",
    "make a member change the password at the next login",
    "USER_ID",
    "Marks the password of the permanent USER_ID expired: the next login shows\n"
    "the page to set a new one, and nothing else opens until that is done.\n"
    "The member's sessions end now.\n",
    {},
    exactly(1, "expected one USER_ID"),
    run_expire_password,
};

namespace {

int run_notify_expiring(const Globals& globals, const Args& args) {
    const unsigned days =
        args.has("--days") ? parse_count_option("--days", args.get("--days"), 1, 365) : 14;
    Config config = load(globals);
    Renderer renderer(config.template_dir);
    Db db(config.db);
    unsigned queued = 0, known = 0;
    for (const auto& e : q::accounts_expiring(db, config.password_max_days, days)) {
        ctemplate::TemplateDictionary dict("mail");
        dict.SetValue("NAME", e.account.name);
        dict.SetValue("USER_ID", e.account.user_id);
        dict.SetValue("EXPIRES_ON", e.account.expires_on);
        const std::string message =
            templated_mail(renderer, config, e.account.society_name, "mail/password-expiring.tpl",
                           e.account.email, dict);
        // The key names the password (account and the time it was set), so
        // a second run, or a second day, queues nothing new for it.
        const bool added = in_transaction(db, [&](Db& db) {
            if (!queue_mail(db, "password-expiring", e.account.insurer_number,
                            "password-expiring:" + e.dedupe_tag, e.account.email, message))
                return false;
            audit(db, "expiry_notice_queued", e.account.member_id, e.account.user_id, "",
                  "expires " + e.account.expires_on);
            return true;
        });
        ++(added ? queued : known);
    }
    std::cout << "queued " << queued << " expiry reminder" << (queued == 1 ? "" : "s") << " ("
              << known << " already queued before)\n";
    return kExitOk;
}

}  // namespace

const Command kNotifyExpiring{
    "notify-expiring",
    "mail the reminders of passwords about to expire",
    "[--days N]",
    "Queues パスワード有効期限のお知らせ for every password that expires within N\n"
    "days (default 14), once per password: running it again queues nothing new.\n"
    "`kosmoctl send-mail` (its timer) delivers them. Run daily (kosmo-notify.timer).\n",
    {{"--days", "N", "remind N days before expiry (1-365)"}},
    kNoArguments,
    run_notify_expiring,
};

}  // namespace kosmo::ctl
