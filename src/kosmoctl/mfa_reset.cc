// mfa_reset.cc: kosmoctl mfa-reset: removes a member's authenticator app and
// its recovery codes after the member proved who they are again (SPEC
// "二段階認証", Recovery), so that codes come by mail
#include <iostream>
#include <optional>

#include "ctl.h"
#include "db.h"
#include "delivery.h"
#include "error.h"
#include "factor_mail.h"
#include "log.h"
#include "q/accounts.h"
#include "q/factors.h"
#include "render.h"
#include "text.h"
#include "validate.h"

namespace kosmo::ctl {

namespace {

// The longest --reason, in characters: a sentence or a case number, not
// a letter.
constexpr long kReasonMaxChars = 200;

// --reason's text, trimmed; "" without the option. Throws UsageError for an
// empty one, one over kReasonMaxChars, or one with a control character
// (a line break included) or invalid UTF-8: the audit line stays one line.
std::string parse_reason(const Args& args) {
    if (!args.has("--reason"))
        return "";
    const std::string reason(trim(args.get("--reason"), Spaces::Ascii));
    const long length = clean_length(reason);  // -1: not UTF-8, or a control character
    if (length < 1 || length > kReasonMaxChars)
        throw UsageError("--reason takes 1-" + std::to_string(kReasonMaxChars) +
                         " characters on one line, without control characters");
    return reason;
}

// What a reset removed, and the notice it queued.
struct Reset {
    unsigned recovery_codes_unused = 0;
    std::uint64_t mail_id = 0;
};

// In one transaction: ACCOUNT's app, recovery codes and wrong-code wait
// removed, the audit event with REASON, the notice queued. None when the
// account has no app (nothing is written then).
std::optional<Reset> reset_app(Db& db, const Renderer& renderer, const Config& config,
                               const q::AccountAtDoor& account, const std::string& reason) {
    return in_transaction(db, [&](Db& db) -> std::optional<Reset> {
        auto factors = q::account_factors(db, account.id);
        if (!factors)
            throw Error("account " + account.user_id + " vanished");
        Reset r;
        r.recovery_codes_unused = q::recovery_codes_left(db, account.id);
        if (!q::totp_remove(db, account.id))
            return std::nullopt;
        audit(db, "factor_reset", account.member_id, account.user_id, "",
              "app removed, recovery_codes_unused=" + std::to_string(r.recovery_codes_unused) +
                  " operator=" + operator_name() + (reason.empty() ? "" : " reason=" + reason));
        r.mail_id = queue_factor_changed(db, renderer, config, *factors, account.name,
                                         FactorChange::AppReset);
        return r;
    });
}

int run_mfa_reset(const Globals& globals, const Args& args) {
    const std::string user_id = normalize_input(args.positional[0]);
    const std::string reason = parse_reason(args);

    Config config = load(globals);
    Renderer renderer(config.template_dir);
    Db db(config.db);
    const std::string society = args.has("--society") ? society_option(db, args) : "";
    const auto account = q::account_at_door_by_user_id(db, user_id);
    if (!account) {
        std::cerr << "kosmoctl mfa-reset: no user ID '" << printable_text(user_id) << "'\n";
        return kExitFailure;
    }
    if (!society.empty() && account->insurer_number != society) {
        std::cerr << "kosmoctl mfa-reset: user ID " << user_id << " is not of society " << society
                  << "; nothing changed\n";
        return kExitFailure;
    }
    const auto reset = reset_app(db, renderer, config, *account, reason);
    if (!reset) {
        std::cout << user_id << " has no authenticator app: nothing to reset (its codes come by"
                  << " mail already)\n";
        return kExitOk;
    }
    std::cout << "removed the authenticator app of " << user_id << " (" << account->name
              << ") and its recovery codes (" << reset->recovery_codes_unused
              << " unused); the wrong-code wait is lifted and codes come by mail again\n";
    // After the commit, as the pages do: a sendmail that fails leaves the
    // notice queued for kosmoctl send-mail.
    const SendReport sent = deliver_mail(db, config, reset->mail_id);
    for (const auto& line : sent.lines)
        std::cout << "notice 二段階認証の設定変更のお知らせ, " << line << "\n";
    return kExitOk;
}

}  // namespace

const Command kMfaReset{
    "mfa-reset",
    "remove a member's authenticator app (lost app and recovery codes)",
    "[--society INSURER_NUMBER] [--reason TEXT] USER_ID",
    "For a member who lost both the authenticator app and its recovery codes,\n"
    "once the society has made sure who they are again (a re-issued paper\n"
    "notice, INSTALL \"Operators' chores\"): removes the app of the permanent\n"
    "USER_ID and its recovery codes, and lifts the wait that wrong codes put on\n"
    "the code step. From the next login on the code comes by mail; the member\n"
    "may set an app up again in 登録情報の変更. The password, the sessions and\n"
    "the trusted browsers stay as they are.\n"
    "\n"
    "Audited as 'factor_reset' with the operator and TEXT (up to 200 characters\n"
    "on one line); mails 二段階認証の設定変更のお知らせ to the member's address at\n"
    "once (if sendmail fails, it stays queued for kosmoctl send-mail).\n"
    "\n"
    "An unknown USER_ID, or with --society a member of another society, fails\n"
    "(exit 1) and changes nothing. An account without an app is said so and\n"
    "left as it is (exit 0: there is nothing to reset, and no mail).\n",
    {{"--reason", "TEXT", "why, for the audit event (a case number, the notice\nre-issued)"},
     {"--society", "INSURER_NUMBER", "refuse a member of another society"}},
    exactly(1, "expected one USER_ID"),
    run_mfa_reset,
};

}  // namespace kosmo::ctl
