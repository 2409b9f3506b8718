// purge_records.cc: the records' purges: kosmoctl purge-records, each
// society's retention (the claims and benefit decisions older than the
// months it keeps, societies.keep_months, removed; run daily by
// kosmo-purge-records.timer; SPEC "Many societies on one site"), and
// purge-expenses and purge-benefits, the site's claims or decisions before
// a month
#include <iostream>

#include "ctl.h"
#include "db.h"
#include "log.h"
#include "q/benefits.h"
#include "q/records.h"
#include "q/societies.h"
#include "society.h"
#include "text.h"

namespace kosmo::ctl {

namespace {

// Rows deleted per transaction: a purge of years of claims must not hold
// one huge lock set (or, on Galera, one huge write set) while members read
// their pages.
constexpr unsigned kPurgeBatch = 10000;

// Runs DELETE_SOME (deletes at most kPurgeBatch rows, returns how many) in
// a transaction of its own until it deletes fewer; returns the total.
template <typename DeleteSome>
std::uint64_t purge_in_batches(Db& db, DeleteSome&& delete_some) {
    std::uint64_t removed = 0;
    for (;;) {
        const std::uint64_t n = in_transaction(db, delete_some);
        removed += n;
        if (n < kPurgeBatch)
            return removed;
    }
}

// "YYYYMM" -> the month as a number; throws UsageError naming OPTION.
int parse_month_option(const std::string& option, const std::string& value) {
    const bool digits = value.size() == 6 && all_digits(value);
    const int month = digits ? std::stoi(value) : 0;
    if (!digits || month % 100 < 1 || month % 100 > 12 || month < 190001)
        throw UsageError(option + " needs a month YYYYMM, not '" + value + "'");
    return month;
}

// purge-expenses and purge-benefits: PURGE(db, before, limit) in batches
// until nothing is left before --before; EVENT audited, WHAT printed.
int run_purge_before(const Globals& globals, const Args& args, const char* event,
                     std::uint64_t (*purge)(Db&, int before, unsigned limit), const char* what) {
    const int before =
        parse_month_option("--before", args.required("--before", "--before YYYYMM is missing"));
    Config config = load(globals);
    Db db(config.db);
    const std::uint64_t removed =
        purge_in_batches(db, [&](Db& db) { return purge(db, before, kPurgeBatch); });
    audit(db, event, std::nullopt, "", "",
          "before=" + std::to_string(before) + " removed=" + std::to_string(removed) +
              " operator=" + operator_name());
    std::cerr << "removed " << removed << " " << what << " " << before << "\n";
    return kExitOk;
}

int run_purge_expenses(const Globals& globals, const Args& args) {
    return run_purge_before(globals, args, "purge_expenses", q::kClaimPurge.before,
                            "claims of service months before");
}

int run_purge_benefits(const Globals& globals, const Args& args) {
    return run_purge_before(globals, args, "purge_benefits", q::kDecisionPurge.before,
                            "benefit decisions decided before");
}

}  // namespace

const Command kPurgeExpenses{
    "purge-expenses",
    "delete the 医療費 claims older than a month",
    "--before YYYYMM",
    "Deletes every claim whose service month is before YYYYMM, of every society,\n"
    "in transactions of 10,000 claims. Audited as 'purge_expenses'. Each\n"
    "society's own retention (society set --keep-months) is kept by\n"
    "purge-records, which its timer runs daily.\n",
    {{"--before", "YYYYMM", "the first service month that is kept"}},
    kNoArguments,
    run_purge_expenses,
};

const Command kPurgeBenefits{
    "purge-benefits",
    "delete the 給付金 decisions older than a month",
    "--before YYYYMM",
    "Deletes every benefit decision decided before the first day of YYYYMM, of\n"
    "every society, in transactions of 10,000 decisions. Audited as\n"
    "'purge_benefits'. Each society's own retention (society set --keep-months)\n"
    "is kept by purge-records, which its timer runs daily.\n",
    {{"--before", "YYYYMM", "the first month of decisions that is kept"}},
    kNoArguments,
    run_purge_benefits,
};

namespace {

std::string claims_text(std::uint64_t n) {
    return std::to_string(n) + (n == 1 ? " claim" : " claims");
}

std::string decisions_text(std::uint64_t n) {
    return std::to_string(n) + (n == 1 ? " benefit decision" : " benefit decisions");
}

std::string claims_older(int before) {
    return " of service months before " + std::to_string(before);
}

std::string decisions_older(int before) {
    return " decided before " + std::to_string(before);
}

// Purges society S's records older than the months it keeps, in the month
// CURRENT (YYYYMM, Japan's calendar); with DRY_RUN only counts them.
// Returns the society's summary line. Audits a purge (not a dry run) as
// purge_records with its counts, never a member's data.
std::string purge_society(Db& db, const Society& s, int current, bool dry_run) {
    const std::string head = s.insurer_number + " " + s.name + ": ";
    if (s.keep_months == 0)
        return head + "keeps every month, nothing removed";
    const int before = first_kept_month(current, s.keep_months);
    const std::string kept = head + "keeps " + std::to_string(s.keep_months) + " month" +
                             (s.keep_months == 1 ? "" : "s") + " (" + std::to_string(before) +
                             " on), ";
    const std::string older = claims_older(before);
    if (dry_run)
        return kept + "would remove " +
               claims_text(q::kClaimPurge.count_society_before(db, s.insurer_number, before)) +
               older + " and " +
               decisions_text(
                   q::kDecisionPurge.count_society_before(db, s.insurer_number, before)) +
               decisions_older(before);
    const std::uint64_t claims = purge_in_batches(db, [&](Db& db) {
        return q::kClaimPurge.society_before(db, s.insurer_number, before, kPurgeBatch);
    });
    const std::uint64_t decisions = purge_in_batches(db, [&](Db& db) {
        return q::kDecisionPurge.society_before(db, s.insurer_number, before, kPurgeBatch);
    });
    audit(db, "purge_records", std::nullopt, "", "",
          "insurer=" + s.insurer_number + " keep_months=" + std::to_string(s.keep_months) +
              " before=" + std::to_string(before) + " claims=" + std::to_string(claims) +
              " decisions=" + std::to_string(decisions) + " operator=" + operator_name());
    return kept + "removed " + claims_text(claims) + older + " and " + decisions_text(decisions) +
           decisions_older(before);
}

int run_purge_records(const Globals& globals, const Args& args) {
    Config config = load(globals);
    Db db(config.db);
    const std::vector<std::string> numbers =
        args.has("--society") ? std::vector<std::string>{society_option(db, args)}
                              : q::society_numbers(db);
    // Read once: a run that crosses midnight at the end of a month still
    // applies one cutoff to every society.
    const int current = today_in_japan() / 100;
    for (const auto& number : numbers) {
        // A society is never removed, so each number read above is found.
        if (auto society = q::society_get(db, number))
            std::cout << purge_society(db, *society, current, args.has("--dry-run")) << "\n";
    }
    return kExitOk;
}

}  // namespace

const Command kPurgeRecords{
    "purge-records",
    "delete the records older than each society keeps",
    "[--society INSURER_NUMBER] [--dry-run]",
    "For every society that keeps a limited number of months (society add|set\n"
    "--keep-months N; 0, the default, keeps all), deletes its 医療費 claims\n"
    "whose service month, and its 給付金 decisions whose decision date, is older\n"
    "than the N months counted back from the current month in Japan: that month\n"
    "and the N - 1 before it are kept (12 in December 2026 keeps 202601 to\n"
    "202612 and removes 202512 and older). Deletes in transactions of 10,000\n"
    "rows, prints one line per society (claims and decisions removed) and\n"
    "audits each society's purge as 'purge_records' (counts only). Run daily\n"
    "by kosmo-purge-records.timer.\n",
    {{"--society", "INSURER_NUMBER", "only that society"},
     {"--dry-run", nullptr, "count what would be removed, remove nothing (not audited)"}},
    kNoArguments,
    run_purge_records,
};

}  // namespace kosmo::ctl
