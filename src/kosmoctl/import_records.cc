// import_records.cc: kosmoctl import-expenses, import-eligibility and
// import-benefits (the portal's data, streamed in one transaction, with the
// update notices)
#include <ctime>
#include <fstream>
#include <iostream>
#include <set>
#include <unordered_set>

#include <sys/stat.h>

#include "csv.h"
#include "ctl.h"
#include "db.h"
#include "error.h"
#include "log.h"
#include "mail.h"
#include "mail_template.h"
#include "q/batch.h"
#include "q/benefits.h"
#include "q/members.h"
#include "q/records.h"
#include "q/societies.h"
#include "render.h"
#include "society.h"
#include "text.h"

namespace kosmo::ctl {

namespace {

// Stand-ins that the notice query replaces per account (neither can occur
// in a composed mail otherwise).
constexpr const char* kToPlaceholder = "kosmo-notice-recipient@invalid";
constexpr const char* kIdPlaceholder = "KOSMOACCOUNTID";

// The households with members, by household_key. Read a page at a time:
// the import's memory holds the keys and one page, whatever the size of
// the members table (docs/PERFORMANCE.md, import-benefits' peak RSS).
std::unordered_set<std::string> known_members(Db& db) {
    constexpr unsigned kPage = 10000;
    std::unordered_set<std::string> keys;
    for (std::int64_t after = 0;;) {
        const auto page = q::member_households_after(db, after, kPage);
        for (const auto& m : page)
            keys.insert(household_key(m.insurer_number, m.symbol, m.number));
        if (page.size() < kPage)
            return keys;
        after = page.back().id;
    }
}

// What the imports differ in: one of these per file kind.
template <typename Row>
struct ImportKind {
    const char* name;
    const char* header;
    const char* mail;
    Feature page;  // the page the notice sends the member to
    std::string (*check_row)(const CsvRecord&, const ImportSocieties&, int today, Row&);
    int (*today)();  // the check's latest acceptable date (or month)
    void (*upsert)(Db&, const std::vector<Row>&, std::int64_t import_id);
    q::ImportCounts (*counts)(Db&, std::int64_t import_id);
    std::uint64_t (*queue_notices)(Db&, std::int64_t import_id, std::string_view insurer_number,
                                   const q::NoticeMail& mail);

    std::string check(const CsvRecord& rec, const ImportSocieties& societies, Row& row) const {
        return check_row(rec, societies, today(), row);
    }
    std::uint64_t notices(Db& db, std::int64_t id, const std::string& insurer_number,
                          const std::string& message) const {
        const std::string to = std::string("To: ") + kToPlaceholder;
        return queue_notices(db, id, insurer_number, {message, to, kIdPlaceholder});
    }
};

int this_month_in_japan() {
    return today_in_japan() / 100;
}

const ImportKind<q::ExpenseRow> kExpenses{
    "expenses",        kExpensesHeader,          "mail/expenses-updated.tpl",
    Feature::Expenses, check_expense_row,        this_month_in_japan,
    q::expense_upsert, q::expense_import_counts, q::notices_queue_expenses};

const ImportKind<q::EligibilityRow> kEligibility{
    "eligibility",         kEligibilityHeader,           "mail/eligibility-updated.tpl",
    Feature::Eligibility,  check_eligibility_row,        today_in_japan,
    q::eligibility_upsert, q::eligibility_import_counts, q::notices_queue_eligibility};

const ImportKind<q::BenefitRow> kBenefits{
    "benefits",        kBenefitsHeader,          "mail/benefits-updated.tpl",
    Feature::Benefits, check_benefit_row,        today_in_japan,
    q::benefit_upsert, q::benefit_import_counts, q::notices_queue_benefits};

// The notice of KIND to the members of the society SOCIETY_NAME as one
// composed mail with the placeholders in it.
template <typename Row>
std::string notice_template(const ImportKind<Row>& kind, const Renderer& renderer,
                            const Config& config, const std::string& society_name,
                            std::int64_t import_id) {
    ctemplate::TemplateDictionary dict("mail");
    std::string message =
        templated_mail(renderer, config, society_name, kind.mail, kToPlaceholder, dict);
    // "<random@domain>" -> "<notice.KIND.IMPORT.ACCOUNT.random@domain>": unique per mail.
    const std::string field = "\nMessage-ID: <";
    const auto at = message.find(field);
    if (at == std::string::npos)
        throw Error("composed notice has no Message-ID");
    message.insert(at + field.size(), std::string("notice.") + kind.name + "." +
                                          std::to_string(import_id) + "." + kIdPlaceholder + ".");
    return message;
}

// Queues the notices of the import IMPORT_ID, society by society (each
// signs its members' mails); none for a society that does not offer the
// page the notice names (its records are stored all the same, for the day
// it offers it). Returns how many.
template <typename Row>
std::uint64_t queue_notices(const ImportKind<Row>& kind, Db& db, const Renderer& renderer,
                            const Config& config, std::int64_t import_id,
                            const std::set<std::string>& societies) {
    std::uint64_t queued = 0;
    for (const auto& number : societies) {
        const auto society = q::society_get(db, number);
        if (!society)  // checked by the rows, and a society is never removed
            throw Error("society " + number + " vanished during the import");
        if (!society->features.has(kind.page))
            continue;
        queued += kind.notices(db, import_id, number,
                               notice_template(kind, renderer, config, society->name, import_id));
    }
    return queued;
}

struct Summary {
    std::uint64_t read = 0, added = 0, changed = 0, notices = 0;
    std::vector<std::string> errors;
    std::set<std::string> societies;  // the insurer numbers of the file's rows
};

constexpr std::size_t kMaxErrorsShown = 20;

// Reads FILE row by row inside the caller's transaction: every row checked,
// the valid ones upserted in batches until the first bad row; after it the
// rest is only checked (for the report) and the caller rolls back.
template <typename Row>
void stream_rows(const ImportKind<Row>& kind, Db& db, const ImportSocieties& societies,
                 const std::string& file, std::int64_t import_id, Summary& sum) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot open '" + file + "'");
    struct stat st {};
    const std::uint64_t size = stat(file.c_str(), &st) == 0 ? std::uint64_t(st.st_size) : 0;
    const auto members = known_members(db);
    CsvReader reader(in);
    CsvRecord rec;
    if (!reader.next(rec)) {
        sum.errors.push_back(reader.error().empty() ? std::string("line 1: the file is empty; its "
                                                                  "first line must be '") +
                                                          kind.header + "'"
                                                    : reader.error());
        return;
    }
    if (auto e = check_header(rec, kind.header); !e.empty()) {
        sum.errors.push_back(e);
        return;
    }
    Progress progress(std::string("importing ") + kind.name, size);
    std::vector<Row> batch;
    batch.reserve(q::kImportBatch);
    Row row;
    while (reader.next(rec)) {
        ++sum.read;
        std::string e = kind.check(rec, societies, row);
        if (e.empty() && !members.count(household_key(row.insurer_number, row.symbol, row.number)))
            e = "line " + std::to_string(rec.line) + ": member " + row.insurer_number + "," +
                row.symbol + "," + row.number + " does not exist (import-members first)";
        if (!e.empty()) {
            if (sum.errors.size() < kMaxErrorsShown)
                sum.errors.push_back(e);
            continue;
        }
        if (!sum.errors.empty())
            continue;
        sum.societies.insert(row.insurer_number);
        batch.push_back(std::move(row));
        if (batch.size() == q::kImportBatch) {
            kind.upsert(db, batch, import_id);
            batch.clear();
            progress.update(reader.bytes_read());
        }
    }
    if (!reader.error().empty())
        sum.errors.push_back(reader.error());
    if (!sum.errors.empty())
        return;
    kind.upsert(db, batch, import_id);
    progress.finish();
}

// A file with bad rows: thrown inside the transaction, so it rolls back.
struct BadFile {
    std::vector<std::string> errors;
};

// Imports the file ARGS name as KIND; COMMAND is the subcommand, for the
// messages.
template <typename Row>
int run_import(const ImportKind<Row>& kind, const Globals& globals, const Args& args,
               const char* command) {
    const std::string file = args.positional[0];
    Config config = load(globals);
    const Renderer renderer(config.template_dir);
    Db db(config.db);
    db.set_io_timeout(600);  // a large batch or its COMMIT may take a while
    const ImportSocieties societies = import_societies(db, args);

    Summary sum;
    try {
        in_transaction(db, [&](Db& db) {
            sum = Summary{};
            const std::int64_t id = q::import_insert(db, kind.name, file);
            stream_rows(kind, db, societies, file, id, sum);
            if (!sum.errors.empty())
                throw BadFile{sum.errors};
            const auto counts = kind.counts(db, id);
            sum.added = counts.added;
            sum.changed = counts.changed;
            if (counts.added + counts.changed > 0)
                sum.notices = queue_notices(kind, db, renderer, config, id, sum.societies);
            // Counts only: health data never goes into an audit detail.
            audit(db, std::string("import_") + kind.name, std::nullopt, "", "",
                  "file=" + file + (societies.only.empty() ? "" : " society=" + societies.only) +
                      " rows=" + std::to_string(sum.read) + " added=" + std::to_string(sum.added) +
                      " changed=" + std::to_string(sum.changed) +
                      " notices=" + std::to_string(sum.notices) + " operator=" + operator_name());
        });
    } catch (const BadFile& bad) {
        for (const auto& line : bad.errors)
            std::cerr << file << ": " << line << "\n";
        std::cerr << "kosmoctl " << command << ": "
                  << (bad.errors.size() >= kMaxErrorsShown ? "at least " : "") << bad.errors.size()
                  << " problem" << (bad.errors.size() == 1 ? "" : "s") << " in '" << file
                  << "'; nothing was imported\n";
        return kExitFailure;
    }
    const std::uint64_t unchanged = sum.read - std::min(sum.read, sum.added + sum.changed);
    std::cerr << "read " << sum.read << " rows: " << sum.added << " added, " << sum.changed
              << " changed, " << unchanged << " unchanged; " << sum.notices << " notices queued\n";
    return kExitOk;
}

int run_import_expenses(const Globals& globals, const Args& args) {
    return run_import(kExpenses, globals, args, kImportExpenses.name);
}

int run_import_eligibility(const Globals& globals, const Args& args) {
    return run_import(kEligibility, globals, args, kImportEligibility.name);
}

int run_import_benefits(const Globals& globals, const Args& args) {
    return run_import(kBenefits, globals, args, kImportBenefits.name);
}

// The arguments of the imports.
constexpr Arguments kOneFile{1, 1, "the file FILE.csv is missing", "only one file at a time"};

}  // namespace

const Command kImportExpenses{
    "import-expenses",
    "load 医療費 claims for the portal (and queue the update notices)",
    "[--society INSURER_NUMBER] FILE.csv",
    "Reads FILE.csv (UTF-8, header\n"
    "insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,\n"
    "days,total_cost,self_pay): claim_id 1-32 ASCII letters, digits and '-', unique\n"
    "per insurer; service_month YYYYMM; kind inpatient, outpatient, dental or\n"
    "pharmacy; days 0-31; total_cost and self_pay whole yen, self_pay <= total_cost;\n"
    "the member (insurer_number, symbol, number) must exist (so must its society;\n"
    "with --society, it must be that one).\n"
    "\n"
    "The file is streamed in one transaction: a bad row is reported with its line\n"
    "number and field, and nothing of the file is written. A claim_id imported\n"
    "again replaces that claim. Each registered member whose household gained or\n"
    "changed a claim gets one notice 医療費情報更新のお知らせ (unless they turned\n"
    "notices off), queued in the same transaction and delivered by send-mail;\n"
    "importing the same file again changes nothing and queues nothing. Progress\n"
    "on a terminal; at the end one line: rows read, added, changed, unchanged,\n"
    "notices queued.\n",
    {kImportSocietyOption},
    kOneFile,
    run_import_expenses,
};

const Command kImportEligibility{
    "import-eligibility",
    "load 資格 (eligibility) records (and queue the update notices)",
    "[--society INSURER_NUMBER] FILE.csv",
    "Reads FILE.csv (UTF-8, header\n"
    "insurer_number,symbol,number,branch,name,relationship,birth_date,acquired_on,lost_on):\n"
    "branch two digits, 00 the insured person (relationship self), 01-99 the\n"
    "dependents; relationship self, spouse, child, parent or other; dates YYYYMMDD;\n"
    "lost_on empty while insured; the member (insurer_number, symbol, number) must\n"
    "exist. The same (insurer, symbol, number, branch) imported again updates it.\n"
    "\n"
    "All or nothing, notices (資格情報更新のお知らせ), progress and summary as for\n"
    "import-expenses.\n",
    {kImportSocietyOption},
    kOneFile,
    run_import_eligibility,
};

const Command kImportBenefits{
    "import-benefits",
    "load 給付金 decisions for the portal (and queue the update notices)",
    "[--society INSURER_NUMBER] FILE.csv",
    "Reads FILE.csv (UTF-8, header\n"
    "insurer_number,symbol,number,decision_id,patient_name,kind,service_month,\n"
    "decided_on,paid_on,amount): decision_id 1-32 ASCII letters, digits and '-',\n"
    "unique per insurer; kind high_cost, additional, sickness, maternity,\n"
    "childbirth, medical_cost, funeral or other; service_month YYYYMM, or empty\n"
    "for a benefit not tied to a month; decided_on YYYYMMDD, not after today;\n"
    "paid_on YYYYMMDD not before decided_on, or empty while unpaid; amount whole\n"
    "yen, 0-99999999; the member (insurer_number, symbol, number) must exist (so\n"
    "must its society; with --society, it must be that one).\n"
    "\n"
    "A decision_id imported again replaces that decision. All or nothing,\n"
    "progress and summary as for import-expenses; each registered member whose\n"
    "household gained or changed a decision gets one notice\n"
    "給付金支給決定のお知らせ (unless they turned notices off), which says nothing\n"
    "of the decision. purge-benefits removes old decisions.\n",
    {kImportSocietyOption},
    kOneFile,
    run_import_benefits,
};

}  // namespace kosmo::ctl
