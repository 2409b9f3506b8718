// csv.h: the import files (members, 医療費, 資格, 給付金): RFC 4180 parsing, row
// checks into the rows of src/lib/q/, and CSV output for the credentials
// file (pure: strings in, values out)
#ifndef KOSMO_CSV_H
#define KOSMO_CSV_H

#include <cstddef>
#include <cstdint>
#include <istream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "q/benefits.h"
#include "q/records.h"
#include "validate.h"

namespace kosmo {

// The first line of every import file.
inline constexpr const char* kImportHeader =
    "insurer_number,symbol,number,name,birth_date,category";

// The first line of the credentials file written by the importer.
inline constexpr const char* kCredentialsHeader =
    "insurer_number,symbol,number,name,temp_user_id,temp_password";

struct CsvRecord {
    std::size_t line = 0;             // line (1-based) where the record starts
    std::vector<std::string> fields;  // unquoted values
};

struct CsvParse {
    std::vector<CsvRecord> records;
    std::string error;  // "line 4: unterminated quoted field"; empty when the text parsed
};

// Splits TEXT into records (RFC 4180): fields separated by ',', quoted
// fields may hold ',', line ends and "" (one quote). Lines end in CRLF, LF
// or CR. A UTF-8 BOM at the very start is skipped; empty lines are skipped.
// Stops at the first syntax error (a quote inside an unquoted field, text
// after a closing quote, an unterminated quote): records holds what came
// before it.
CsvParse parse_csv(std::string_view text);

// One valid row of the import file, normalized (full-width digits and
// letters of the keys mapped to ASCII, spaces around values trimmed).
struct ImportMember {
    std::size_t line = 0;
    std::string insurer_number;
    std::string symbol;
    std::string number;
    std::string name;
    std::string birth_date;  // YYYYMMDD
    Category category = Category::Employee;
};

// The insurer numbers an import accepts (SPEC "Many societies on one
// site"): a row whose insurer_number is not a society is a bad row, and
// with --society so is a row of another society.
struct ImportSocieties {
    std::set<std::string> numbers;  // every society of the site
    std::string only;               // --society's number; "" accepts any of them
};

struct ImportCheck {
    std::vector<ImportMember> members;  // the valid rows, in file order
    // One message per problem, in file order, for the operator:
    // "line 7: birth_date '19801332' is not a calendar date".
    std::vector<std::string> errors;
};

// Parses and checks a whole import file: the header must be kImportHeader;
// each row has 6 fields; insurer_number has the form and check digit and
// SOCIETIES accepts it; symbol and number are 1..32
// characters, name 1..100, none with control characters or invalid UTF-8;
// birth_date is a calendar date YYYYMMDD not after TODAY (YYYYMMDD as an
// integer); category is one of employee, overseas, seconded, leave,
// voluntary; no member (insurer_number, symbol, number) appears twice. The
// import may go ahead only when errors is empty.
ImportCheck check_import_csv(std::string_view text, int today, const ImportSocieties& societies);

// True when a spreadsheet would take S for a formula: it begins with =, +,
// -, @, a tab or CR and is not a plain number (-1500, 0.5).
bool csv_formula(std::string_view s);

// S as a CSV field: quoted (with "" for a quote) when it holds a comma, a
// quote, CR, LF or begins or ends with a space. A csv_formula gets a
// leading ' first (OWASP's "CSV injection"): a provider's or a member's
// name from a society's file must not run in the spreadsheet of the member
// or the operator who opens the download.
std::string csv_field(std::string_view s);

// FIELDS as one CSV line ending in "\n".
std::string csv_line(const std::vector<std::string_view>& fields);

// ---- the portal's imports (kosmoctl import-expenses, import-eligibility,
// import-benefits) ----

inline constexpr const char* kExpensesHeader =
    "insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,"
    "total_cost,self_pay";
inline constexpr const char* kEligibilityHeader =
    "insurer_number,symbol,number,branch,name,relationship,birth_date,acquired_on,lost_on";
inline constexpr const char* kBenefitsHeader =
    "insurer_number,symbol,number,decision_id,patient_name,kind,service_month,decided_on,paid_on,"
    "amount";

// Reads a CSV file one record at a time, so memory stays flat whatever the
// file's size: physical lines are gathered until their quotes balance, and
// that record is split by parse_csv (the one parser).
class CsvReader {
public:
    explicit CsvReader(std::istream& in) : in_(in) {}
    // The next record into REC; false at the end or at a syntax error
    // (error() then says which line and what).
    bool next(CsvRecord& rec);
    const std::string& error() const { return error_; }
    std::uint64_t bytes_read() const { return bytes_; }

private:
    std::istream& in_;
    std::size_t line_ = 0;
    std::uint64_t bytes_ = 0;
    std::string error_;
};

// Checks one data record of the expenses file (FIELDS, its LINE) into ROW
// (keys normalized as for members).
// SOCIETIES: the insurer numbers accepted; THIS_MONTH YYYYMM,
// the latest service_month accepted. Returns "" when valid, else
// "line N: FIELD ..." naming the first field in error.
std::string check_expense_row(const CsvRecord& rec, const ImportSocieties& societies,
                              int this_month, q::ExpenseRow& row);

// The same for the eligibility file; TODAY YYYYMMDD (birth_date and
// acquired_on not after it; lost_on not before acquired_on).
std::string check_eligibility_row(const CsvRecord& rec, const ImportSocieties& societies, int today,
                                  q::EligibilityRow& row);

// The same for the benefits file; TODAY YYYYMMDD: decision_id 1..32 ASCII
// letters, digits and '-'; patient_name 1..100 characters; kind one that
// benefit_kind_label names; service_month YYYYMM not after TODAY's month,
// or empty; decided_on a calendar date YYYYMMDD not after TODAY; paid_on a
// calendar date not before decided_on, or empty (unpaid); amount 0 to
// 99,999,999 in ASCII (or full-width) digits alone.
std::string check_benefit_row(const CsvRecord& rec, const ImportSocieties& societies, int today,
                              q::BenefitRow& row);

// "" when REC is exactly HEADER, else the message for line 1.
std::string check_header(const CsvRecord& rec, const char* header);

}  // namespace kosmo

#endif
