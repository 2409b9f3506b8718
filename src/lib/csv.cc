// csv.cc: the import files (members, 医療費, 資格, 給付金): RFC 4180 parsing, row checks, CSV
// output
#include "csv.h"

#include <map>
#include <optional>

#include "messages.h"
#include "text.h"

namespace kosmo {

namespace {

// S for an error message: control characters and broken bytes as '?',
// at most 40 characters.
std::string shown(std::string_view s) {
    std::string out;
    long chars = 0;
    for (std::size_t i = 0; i < s.size();) {
        if (++chars > 40) {
            out += "...";
            break;
        }
        std::size_t start = i;
        long cp = next_code_point(s, i);
        if (cp < 0 || is_control(cp))
            out += '?';
        else
            out.append(s.substr(start, i - start));
    }
    return out;
}

std::string joined(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i)
            out += ',';
        out += fields[i];
    }
    return out;
}

class RowCheck {
public:
    RowCheck(std::size_t line, std::vector<std::string>& errors) : line_(line), errors_(errors) {}
    void error(const std::string& msg) {
        errors_.push_back("line " + std::to_string(line_) + ": " + msg);
        ok_ = false;
    }
    bool ok() const { return ok_; }

    // False (with the error noted) when RAW holds a control character or
    // invalid UTF-8: nothing else is checked in it then.
    bool text(const char* column, std::string_view raw) {
        if (clean_length(raw) >= 0)
            return true;
        error(std::string(column) + " contains control characters or invalid UTF-8");
        return false;
    }

    void length(const char* column, const std::string& value, long limit) {
        if (value.empty())
            error(std::string(column) + " is empty");
        else if (clean_length(value) > limit)
            error(std::string(column) + " '" + shown(value) + "' is longer than " +
                  std::to_string(limit) + " characters");
    }

private:
    std::size_t line_;
    std::vector<std::string>& errors_;
    bool ok_ = true;
};

// The RFC 4180 state machine of parse_csv, one method per state.
class CsvParser {
public:
    explicit CsvParser(std::string_view text) : text_(text) {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF")
            i_ = 3;
        rec_.line = 1;
    }

    CsvParse run() {
        while (i_ < text_.size())
            if (!step(text_[i_]))
                return std::move(out_);
        if (state_ == State::Quoted) {
            fail(quote_line_, "quoted field is not closed");
            return std::move(out_);
        }
        if (state_ != State::FieldStart || !rec_.fields.empty())
            end_field();
        end_record();
        return std::move(out_);
    }

private:
    enum class State { FieldStart, Unquoted, Quoted, AfterQuote };

    static bool is_eol(char c) { return c == '\n' || c == '\r'; }

    // Consumes the character(s) at i_; false at a syntax error.
    bool step(char c) {
        switch (state_) {
        case State::FieldStart:
            return field_start(c);
        case State::Unquoted:
            if (field_end(c))
                return true;
            if (c == '"')
                return fail(
                    line_,
                    "quote inside an unquoted field (quote the whole field and double the quote)");
            take(c);
            return true;
        case State::Quoted:
            return quoted(c);
        case State::AfterQuote:
            return field_end(c) || fail(line_, "text after the closing quote of a field");
        }
        return true;
    }

    bool field_start(char c) {
        if (c == '"') {
            state_ = State::Quoted;
            quote_line_ = line_;
            ++i_;
        } else if (c == ',') {
            end_field();
            ++i_;
        } else if (is_eol(c)) {
            // An empty line has no field; "a," ends with an empty one.
            if (!rec_.fields.empty())
                end_field();
            i_ += line_end();
            end_record();
        } else {
            take(c);
            state_ = State::Unquoted;
        }
        return true;
    }

    bool quoted(char c) {
        if (c != '"') {
            const std::size_t len = is_eol(c) ? line_end() : 1;
            field_.append(text_.substr(i_, len));  // a line end inside quotes is kept
            i_ += len;
        } else if (i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
            field_ += '"';
            i_ += 2;
        } else {
            state_ = State::AfterQuote;
            ++i_;
        }
        return true;
    }

    // Ends the field at a ',' or a line end (and the record at a line end);
    // false when C is neither.
    bool field_end(char c) {
        if (c != ',' && !is_eol(c))
            return false;
        end_field();
        if (c == ',') {
            ++i_;
        } else {
            i_ += line_end();
            end_record();
        }
        return true;
    }

    void take(char c) {
        field_ += c;
        ++i_;
    }
    void end_field() {
        rec_.fields.push_back(std::move(field_));
        field_.clear();
        state_ = State::FieldStart;
    }
    void end_record() {
        if (!rec_.fields.empty())
            out_.records.push_back(std::move(rec_));
        rec_ = CsvRecord{};
        rec_.line = line_;
    }
    // The length of the line end at i_ (CRLF, LF or CR), counted.
    std::size_t line_end() {
        ++line_;
        return text_[i_] == '\r' && i_ + 1 < text_.size() && text_[i_ + 1] == '\n' ? 2 : 1;
    }
    bool fail(std::size_t at_line, const std::string& msg) {
        out_.error = "line " + std::to_string(at_line) + ": " + msg;
        return false;
    }

    std::string_view text_;
    std::size_t i_ = 0;
    std::size_t line_ = 1;
    std::size_t quote_line_ = 1;  // where the open quote began
    State state_ = State::FieldStart;
    CsvRecord rec_;
    std::string field_;
    CsvParse out_;
};

// "COLUMN 'VALUE' <why>" for the operator, or "COLUMN is empty".
std::string problem(const char* column, const std::string& value, Reason r) {
    if (r == Reason::Required)
        return std::string(column) + " " + operator_message(r);
    return std::string(column) + " '" + shown(value) + "' " + operator_message(r);
}

// The insurer_number field RAW normalized, its problem noted in CHECK: 8
// digits with the check digit, a society of the site, and the one
// SOCIETIES.only names when it names one.
std::string check_insurer(RowCheck& check, std::string_view raw, const ImportSocieties& societies) {
    if (!check.text("insurer_number", raw))
        return {};
    std::string number = normalize_input(raw);
    switch (validate_insurer_number(number)) {
    case Reason::Ok:
        if (!societies.only.empty() && number != societies.only)
            check.error("insurer_number '" + number + "' is not the society of --society (" +
                        societies.only + ")");
        else if (!societies.numbers.count(number))
            check.error("insurer_number '" + number +
                        "' is not a society (add it with 'kosmoctl society add')");
        break;
    case Reason::Required:
        check.error("insurer_number is empty");
        break;
    case Reason::InsurerNumberCheckDigit:
        check.error("insurer_number '" + shown(number) + "' has a wrong check digit");
        break;
    default:
        check.error("insurer_number '" + shown(number) + "' is not 8 digits");
        break;
    }
    return number;
}

void check_birth_date(RowCheck& check, const std::string& raw, int today, ImportMember& m) {
    if (!check.text("birth_date", raw))
        return;
    m.birth_date = normalize_input(raw);
    const Reason r = validate_birth_date(m.birth_date, today);
    if (r != Reason::Ok)
        check.error(problem("birth_date", m.birth_date, r));
}

void check_category(RowCheck& check, const std::string& raw, ImportMember& m) {
    if (!check.text("category", raw))
        return;
    const std::string cat = ascii_lower(trim(raw, Spaces::Wide));
    if (auto parsed = parse_category(cat))
        m.category = *parsed;
    else if (cat.empty())
        check.error("category is empty");
    else
        check.error("category '" + shown(raw) +
                    "' is not one of employee, overseas, seconded, leave, voluntary");
}

// Normalizes and checks one row of 6 fields into M.
void check_row(RowCheck& check, const CsvRecord& rec, int today, const ImportSocieties& societies,
               ImportMember& m) {
    m.line = rec.line;
    m.insurer_number = check_insurer(check, rec.fields[0], societies);
    if (check.text("symbol", rec.fields[1])) {
        m.symbol = normalize_input(rec.fields[1]);
        check.length("symbol", m.symbol, 32);
    }
    if (check.text("number", rec.fields[2])) {
        m.number = normalize_input(rec.fields[2]);
        check.length("number", m.number, 32);
    }
    if (check.text("name", rec.fields[3])) {
        m.name = trim(rec.fields[3], Spaces::Wide);
        check.length("name", m.name, 100);
    }
    check_birth_date(check, rec.fields[4], today, m);
    check_category(check, rec.fields[5], m);
}

// An error for M when its key appeared on an earlier line (SEEN: key -> line).
void check_unique(RowCheck& check, const ImportMember& m,
                  std::map<std::string, std::size_t>& seen) {
    if (m.insurer_number.empty() || m.symbol.empty() || m.number.empty())
        return;
    const std::string key = m.insurer_number + '\x1f' + m.symbol + '\x1f' + m.number;
    auto [it, fresh] = seen.emplace(key, m.line);
    if (!fresh)
        check.error("member " + m.insurer_number + "," + shown(m.symbol) + "," + shown(m.number) +
                    " appears already on line " + std::to_string(it->second));
}

// The error of a missing or wrong header line, or "" when HEADER is right.
std::string header_error(const CsvParse& parsed) {
    if (parsed.records.empty())
        return !parsed.error.empty()
                   ? parsed.error
                   : std::string("line 1: the file is empty; its first line must be '") +
                         kImportHeader + "'";
    const CsvRecord& header = parsed.records.front();
    if (joined(header.fields) != kImportHeader || header.fields.size() != 6)
        return "line " + std::to_string(header.line) + ": the header must be '" + kImportHeader +
               "', found '" + shown(joined(header.fields)) + "'";
    return "";
}

}  // namespace

CsvParse parse_csv(std::string_view text) {
    return CsvParser(text).run();
}

ImportCheck check_import_csv(std::string_view text, int today, const ImportSocieties& societies) {
    ImportCheck out;
    const CsvParse parsed = parse_csv(text);
    if (std::string e = header_error(parsed); !e.empty()) {
        out.errors.push_back(std::move(e));
        return out;
    }
    std::map<std::string, std::size_t> seen;  // member key -> line
    for (std::size_t r = 1; r < parsed.records.size(); ++r) {
        const CsvRecord& rec = parsed.records[r];
        RowCheck check(rec.line, out.errors);
        if (rec.fields.size() != 6) {
            check.error("expected 6 fields (" + std::string(kImportHeader) + "), found " +
                        std::to_string(rec.fields.size()));
            continue;
        }
        ImportMember m;
        check_row(check, rec, today, societies, m);
        check_unique(check, m, seen);
        if (check.ok())
            out.members.push_back(std::move(m));
    }
    if (!parsed.error.empty())
        out.errors.push_back(parsed.error);
    return out;
}

namespace {

// An optional minus, digits, and at most one point with digits after it.
bool plain_number(std::string_view s) {
    if (!s.empty() && s.front() == '-')
        s.remove_prefix(1);
    const auto point = s.find('.');
    auto digits = [](std::string_view d) {
        return !d.empty() && d.find_first_not_of("0123456789") == std::string_view::npos;
    };
    return point == std::string_view::npos
               ? digits(s)
               : digits(s.substr(0, point)) && digits(s.substr(point + 1));
}

}  // namespace

bool csv_formula(std::string_view s) {
    return !s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos &&
           !plain_number(s);
}

std::string csv_field(std::string_view s) {
    if (csv_formula(s))
        return csv_field("'" + std::string(s));
    bool quote = !s.empty() &&
                 (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t');
    for (char c : s)
        if (c == ',' || c == '"' || c == '\r' || c == '\n')
            quote = true;
    if (!quote)
        return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csv_line(const std::vector<std::string_view>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i)
            out += ',';
        out += csv_field(fields[i]);
    }
    out += '\n';
    return out;
}

}  // namespace kosmo

// ---- the portal's imports ----------------------------------------------------------

namespace kosmo {

namespace {

// The quotes of TEXT balance: a record that began in it is complete.
bool quotes_balanced(std::string_view text) {
    std::size_t quotes = 0;
    for (char c : text)
        if (c == '"')
            ++quotes;
    return quotes % 2 == 0;
}

// RAW (normalized, then trimmed) as a whole number of at most MAX_DIGITS
// ASCII digits; nullopt for anything else, a sign or a separator included.
std::optional<std::int64_t> whole_number(std::string_view raw, std::size_t max_digits) {
    const std::string s = normalize_input(raw);
    if (s.empty() || s.size() > max_digits)
        return std::nullopt;
    std::int64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

// A text column: trimmed, 1..LIMIT characters, no control characters.
std::string check_text(RowCheck& check, const char* column, std::string_view raw, long limit,
                       bool normalize) {
    if (!check.text(column, raw))
        return {};
    std::string value = normalize ? normalize_input(raw) : std::string(trim(raw));
    check.length(column, value, limit);
    return value;
}

// A YYYYMMDD column that must be a calendar date not after LATEST.
std::string check_date(RowCheck& check, const char* column, std::string_view raw, int latest) {
    if (!check.text(column, raw))
        return {};
    std::string value = normalize_input(raw);
    const std::string shown_value = std::string(column) + " '" + shown(value) + "'";
    switch (validate_birth_date(value, latest)) {
    case Reason::Ok:
        break;
    case Reason::Required:
        check.error(std::string(column) + " is empty");
        break;
    case Reason::BirthDateFormat:
        check.error(shown_value + " is not 8 digits (YYYYMMDD)");
        break;
    case Reason::BirthDateFuture:
        check.error(shown_value + " is in the future");
        break;
    default:
        check.error(shown_value + " is not a calendar date");
        break;
    }
    return value;
}

// The household key columns 0..2 of REC.
void check_household(RowCheck& check, const CsvRecord& rec, const ImportSocieties& societies,
                     std::string& insurer_number, std::string& symbol, std::string& number) {
    insurer_number = check_insurer(check, rec.fields[0], societies);
    symbol = check_text(check, "symbol", rec.fields[1], 32, true);
    number = check_text(check, "number", rec.fields[2], 32, true);
}

bool field_count_ok(RowCheck& check, const CsvRecord& rec, std::size_t want, const char* header) {
    if (rec.fields.size() == want)
        return true;
    check.error("expected " + std::to_string(want) + " fields (" + header + "), found " +
                std::to_string(rec.fields.size()));
    return false;
}

std::string first_error(const std::vector<std::string>& errors) {
    return errors.empty() ? std::string() : errors.front();
}

// The first problem of REC, a row of a portal file of WANT fields (HEADER),
// or "": the field count, the household key (columns 0..2) into ROW, then the
// file's own columns by CHECK_REST(check).
template <typename Row, typename Rest>
std::string check_portal_row(const CsvRecord& rec, std::size_t want, const char* header,
                             const ImportSocieties& societies, Row& row, Rest&& check_rest) {
    std::vector<std::string> errors;
    RowCheck check(rec.line, errors);
    if (!field_count_ok(check, rec, want, header))
        return first_error(errors);
    check_household(check, rec, societies, row.insurer_number, row.symbol, row.number);
    check_rest(check);
    return first_error(errors);
}

// A record's own key (claim_id, decision_id): 1..32 ASCII letters, digits, '-'.
void check_record_id(RowCheck& check, const char* column, std::string_view raw, std::string& id) {
    id = check_text(check, column, raw, 32, true);
    if (id.empty())
        return;
    for (char c : id) {
        const bool ok =
            (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
        if (!ok) {
            check.error(std::string(column) + " '" + shown(id) +
                        "' may hold only ASCII letters, digits and '-'");
            return;
        }
    }
}

void check_service_month(RowCheck& check, std::string_view raw, int this_month, int& month) {
    auto n = whole_number(raw, 6);
    const std::string value = "service_month '" + shown(normalize_input(raw)) + "'";
    if (!n || normalize_input(raw).size() != 6 || *n % 100 < 1 || *n % 100 > 12 || *n < 190001) {
        check.error(value + " is not a month YYYYMM");
        return;
    }
    if (*n > this_month) {
        check.error(value + " is in the future");
        return;
    }
    month = static_cast<int>(*n);
}

void check_amounts(RowCheck& check, const CsvRecord& rec, q::ExpenseRow& row) {
    auto days = whole_number(rec.fields[8], 2);
    if (!days || *days > 31)
        check.error("days '" + shown(rec.fields[8]) + "' is not a whole number from 0 to 31");
    else
        row.days = static_cast<int>(*days);
    // Twelve digits: up to 999,999,999,999 yen, far above any claim.
    auto total = whole_number(rec.fields[9], 12);
    auto self = whole_number(rec.fields[10], 12);
    if (!total)
        check.error("total_cost '" + shown(rec.fields[9]) + "' is not a whole number of yen");
    if (!self)
        check.error("self_pay '" + shown(rec.fields[10]) + "' is not a whole number of yen");
    if (total && self && *self > *total)
        check.error("self_pay " + std::to_string(*self) + " is more than total_cost " +
                    std::to_string(*total));
    if (total)
        row.total_cost = *total;
    if (self)
        row.self_pay = *self;
}

// The benefits file's kind and service_month into ROW.
void check_benefit_kind(RowCheck& check, const CsvRecord& rec, int today, q::BenefitRow& row) {
    row.kind = ascii_lower(trim(rec.fields[5]));
    if (*benefit_kind_label(row.kind) == '\0')
        check.error("kind '" + shown(rec.fields[5]) +
                    "' is not one of high_cost, additional, sickness, maternity, childbirth,"
                    " medical_cost, funeral, other");
    row.service_month = 0;
    if (!trim(rec.fields[6], Spaces::Wide).empty())
        check_service_month(check, rec.fields[6], today / 100, row.service_month);
}

}  // namespace

bool CsvReader::next(CsvRecord& rec) {
    if (!error_.empty())
        return false;
    std::string text, line;
    std::size_t first = line_ + 1;
    while (std::getline(in_, line)) {
        ++line_;
        bytes_ += line.size() + 1;
        text += line;
        text += '\n';
        if (!quotes_balanced(text))
            continue;
        CsvParse parsed = parse_csv(text);
        if (!parsed.error.empty()) {
            error_ = "line " + std::to_string(first) + ": " +
                     parsed.error.substr(parsed.error.find(':') + 2);
            return false;
        }
        if (parsed.records.empty()) {  // an empty line
            text.clear();
            first = line_ + 1;
            continue;
        }
        rec.line = first;
        rec.fields = std::move(parsed.records.front().fields);
        return true;
    }
    if (!text.empty())
        error_ = "line " + std::to_string(first) + ": quoted field is not closed";
    return false;
}

std::string check_header(const CsvRecord& rec, const char* header) {
    if (joined(rec.fields) == header)
        return {};
    return "line " + std::to_string(rec.line) + ": the header must be '" + header + "', found '" +
           shown(joined(rec.fields)) + "'";
}

std::string check_expense_row(const CsvRecord& rec, const ImportSocieties& societies,
                              int this_month, q::ExpenseRow& row) {
    return check_portal_row(rec, 11, kExpensesHeader, societies, row, [&](RowCheck& check) {
        check_record_id(check, "claim_id", rec.fields[3], row.claim_id);
        row.patient_name = check_text(check, "patient_name", rec.fields[4], 100, false);
        check_service_month(check, rec.fields[5], this_month, row.service_month);
        row.provider = check_text(check, "provider", rec.fields[6], 200, false);
        row.kind = ascii_lower(trim(rec.fields[7]));
        if (row.kind != "inpatient" && row.kind != "outpatient" && row.kind != "dental" &&
            row.kind != "pharmacy")
            check.error("kind '" + shown(rec.fields[7]) +
                        "' is not one of inpatient, outpatient, dental, pharmacy");
        check_amounts(check, rec, row);
    });
}

std::string check_eligibility_row(const CsvRecord& rec, const ImportSocieties& societies, int today,
                                  q::EligibilityRow& row) {
    return check_portal_row(rec, 9, kEligibilityHeader, societies, row, [&](RowCheck& check) {
        row.branch = normalize_input(rec.fields[3]);
        if (row.branch.size() != 2 || !whole_number(row.branch, 2))
            check.error("branch '" + shown(rec.fields[3]) +
                        "' is not two digits (00 the insured person)");
        row.name = check_text(check, "name", rec.fields[4], 100, false);
        row.relationship = ascii_lower(trim(rec.fields[5]));
        static const char* const kRelations[] = {"self", "spouse", "child", "parent", "other"};
        bool known = false;
        for (const char* r : kRelations)
            known = known || row.relationship == r;
        if (!known)
            check.error("relationship '" + shown(rec.fields[5]) +
                        "' is not one of self, spouse, child, parent, other");
        else if ((row.branch == "00") != (row.relationship == "self"))
            check.error("relationship '" + row.relationship + "' does not fit branch '" +
                        row.branch + "' (00 is the insured person, and only 00 is self)");
        row.birth_date = check_date(check, "birth_date", rec.fields[6], today);
        row.acquired_on = check_date(check, "acquired_on", rec.fields[7], 99991231);
        row.lost_on.clear();
        if (!trim(rec.fields[8]).empty()) {
            row.lost_on = check_date(check, "lost_on", rec.fields[8], 99991231);
            if (check.ok() && row.lost_on < row.acquired_on)
                check.error("lost_on '" + row.lost_on + "' is before acquired_on '" +
                            row.acquired_on + "'");
        }
        if (check.ok() && row.acquired_on < row.birth_date)
            check.error("acquired_on '" + row.acquired_on + "' is before birth_date '" +
                        row.birth_date + "'");
    });
}

std::string check_benefit_row(const CsvRecord& rec, const ImportSocieties& societies, int today,
                              q::BenefitRow& row) {
    return check_portal_row(rec, 10, kBenefitsHeader, societies, row, [&](RowCheck& check) {
        check_record_id(check, "decision_id", rec.fields[3], row.decision_id);
        row.patient_name = check_text(check, "patient_name", rec.fields[4], 100, false);
        check_benefit_kind(check, rec, today, row);
        row.decided_on = check_date(check, "decided_on", rec.fields[7], today);
        row.paid_on.clear();
        if (!trim(rec.fields[8], Spaces::Wide).empty()) {
            row.paid_on = check_date(check, "paid_on", rec.fields[8], 99991231);
            if (check.ok() && row.paid_on < row.decided_on)
                check.error("paid_on '" + row.paid_on + "' is before decided_on '" +
                            row.decided_on + "'");
        }
        // Eight digits: up to 99,999,999 yen.
        if (auto amount = whole_number(rec.fields[9], 8))
            row.amount = *amount;
        else
            check.error("amount '" + shown(rec.fields[9]) +
                        "' is not a whole number of yen from 0 to 99999999");
    });
}

}  // namespace kosmo
