// fuzz_csv.cc: libFuzzer target for the member import (parse_csv, check_import_csv), the
// benefits file's row check (check_benefit_row) and the CSV writer
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "csv.h"
#include "fuzz.h"
#include "messages.h"
#include "request.h"
#include "text.h"
#include "validate.h"

namespace {

bool clean(const std::string& s) {
    if (!kosmo::is_valid_utf8(s))
        return false;
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return false;
    return true;
}

// A calendar date YYYYMMDD from 1900 on, not after LATEST.
bool date_ok(const std::string& s, int latest) {
    return kosmo::validate_birth_date(s, latest) == kosmo::Reason::Ok;
}

// Every benefit row the check accepts meets the rules of csv.h; the
// parsed records are read as rows of the benefits file.
void check_benefit_rows(const kosmo::CsvParse& parsed, int today,
                        const kosmo::ImportSocieties& societies) {
    for (const auto& rec : parsed.records) {
        kosmo::q::BenefitRow row;
        if (!kosmo::check_benefit_row(rec, societies, today, row).empty())
            continue;
        FUZZ_REQUIRE(rec.fields.size() == 10);
        FUZZ_REQUIRE(societies.numbers.count(row.insurer_number));
        FUZZ_REQUIRE(societies.only.empty() || row.insurer_number == societies.only);
        FUZZ_REQUIRE(!row.symbol.empty() && clean(row.symbol) && !row.number.empty() &&
                     clean(row.number));
        FUZZ_REQUIRE(!row.decision_id.empty() && row.decision_id.size() <= 32);
        for (char c : row.decision_id)
            FUZZ_REQUIRE((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                         (c >= 'a' && c <= 'z') || c == '-');
        FUZZ_REQUIRE(!row.patient_name.empty() && row.patient_name.size() <= 100 * 4 &&
                     clean(row.patient_name));
        FUZZ_REQUIRE(*kosmo::benefit_kind_label(row.kind) != '\0');
        FUZZ_REQUIRE(row.service_month == 0 ||
                     (row.service_month >= 190001 && row.service_month <= today / 100 &&
                      row.service_month % 100 >= 1 && row.service_month % 100 <= 12));
        FUZZ_REQUIRE(date_ok(row.decided_on, today));
        FUZZ_REQUIRE(row.paid_on.empty() ||
                     (date_ok(row.paid_on, 99991231) && row.paid_on >= row.decided_on));
        FUZZ_REQUIRE(row.amount >= 0 && row.amount <= 99999999);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const int today = in.ConsumeIntegralInRange<int>(19000101, 29991231);
    const bool with_header = in.ConsumeBool();
    const bool with_insurer = in.ConsumeBool();
    const bool benefits = in.ConsumeBool();
    std::string text = in.ConsumeRemainingBytesAsString();
    // Most inputs should get past the header to the row checks.
    if (with_header)
        text = std::string(benefits ? kosmo::kBenefitsHeader : kosmo::kImportHeader) + "\n" + text;
    // Two societies on the site; with_insurer stands for --society.
    const kosmo::ImportSocieties societies{{"06279996", "06130017"},
                                           with_insurer ? "06279996" : ""};

    const kosmo::CsvParse parsed = kosmo::parse_csv(text);
    std::size_t last_line = 1;
    for (const auto& rec : parsed.records) {
        FUZZ_REQUIRE(!rec.fields.empty() && rec.line >= last_line);
        last_line = rec.line;
    }

    // What csv_line writes, parse_csv reads back as the same fields, a
    // formula with a leading ' and nothing read back a formula (a record
    // of one empty field is an empty line, which the parser skips). A
    // first line of its own keeps a leading BOM in the data as data.
    std::string written = "x\n";
    std::vector<const kosmo::CsvRecord*> expected;
    for (const auto& rec : parsed.records) {
        if (rec.fields.size() == 1 && rec.fields[0].empty())
            continue;
        written +=
            kosmo::csv_line(std::vector<std::string_view>(rec.fields.begin(), rec.fields.end()));
        expected.push_back(&rec);
    }
    const kosmo::CsvParse again = kosmo::parse_csv(written);
    FUZZ_REQUIRE(again.error.empty() && again.records.size() == expected.size() + 1);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& back = again.records[i + 1].fields;
        const auto& fields = expected[i]->fields;
        FUZZ_REQUIRE(back.size() == fields.size());
        for (std::size_t j = 0; j < fields.size(); ++j) {
            FUZZ_REQUIRE(back[j] == (kosmo::csv_formula(fields[j]) ? "'" + fields[j] : fields[j]));
            FUZZ_REQUIRE(!kosmo::csv_formula(back[j]));
        }
    }

    if (benefits)
        check_benefit_rows(parsed, today, societies);

    // Every member the importer accepts meets the rules of csv.h.
    const kosmo::ImportCheck check = kosmo::check_import_csv(text, today, societies);
    std::set<std::string> keys;
    for (const auto& m : check.members) {
        FUZZ_REQUIRE(kosmo::validate_insurer_number(m.insurer_number) == kosmo::Reason::Ok);
        FUZZ_REQUIRE(societies.numbers.count(m.insurer_number));
        FUZZ_REQUIRE(societies.only.empty() || m.insurer_number == societies.only);
        FUZZ_REQUIRE(kosmo::validate_birth_date(m.birth_date, today) == kosmo::Reason::Ok);
        FUZZ_REQUIRE(!m.symbol.empty() && m.symbol.size() <= 32 * 4 && clean(m.symbol));
        FUZZ_REQUIRE(!m.number.empty() && m.number.size() <= 32 * 4 && clean(m.number));
        FUZZ_REQUIRE(!m.name.empty() && m.name.size() <= 100 * 4 && clean(m.name));
        FUZZ_REQUIRE(kosmo::parse_category(kosmo::category_name(m.category)) == m.category);
        FUZZ_REQUIRE(keys.insert(m.insurer_number + '\n' + m.symbol + '\n' + m.number).second);
    }
    if (check.errors.empty())
        FUZZ_REQUIRE(!parsed.records.empty() && check.members.size() == parsed.records.size() - 1 &&
                     parsed.error.empty());
    return 0;
}
