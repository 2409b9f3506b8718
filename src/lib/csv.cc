// csv.cc: the member import file: RFC 4180 parsing, row checks, CSV output
#include "csv.h"

#include <map>

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
        if (i) out += ',';
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
        if (clean_length(raw) >= 0) return true;
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
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
        rec_.line = 1;
    }

    CsvParse run() {
        while (i_ < text_.size())
            if (!step(text_[i_])) return std::move(out_);
        if (state_ == State::Quoted) {
            fail(quote_line_, "quoted field is not closed");
            return std::move(out_);
        }
        if (state_ != State::FieldStart || !rec_.fields.empty()) end_field();
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
            if (field_end(c)) return true;
            if (c == '"')
                return fail(line_, "quote inside an unquoted field (quote the whole field and double the quote)");
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
            if (!rec_.fields.empty()) end_field();
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
        if (c != ',' && !is_eol(c)) return false;
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
        if (!rec_.fields.empty()) out_.records.push_back(std::move(rec_));
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
    if (r == Reason::Required) return std::string(column) + " " + operator_message(r);
    return std::string(column) + " '" + shown(value) + "' " + operator_message(r);
}

void check_insurer(RowCheck& check, const std::string& raw, std::string_view insurer, ImportMember& m) {
    if (!check.text("insurer_number", raw)) return;
    m.insurer_number = normalize_input(raw);
    const Reason r = validate_insurer_number(m.insurer_number);
    if (r != Reason::Ok)
        check.error(problem("insurer_number", m.insurer_number,
                            r == Reason::Required || r == Reason::InsurerNumberCheckDigit
                                ? r
                                : Reason::InsurerNumberFormat));
    else if (!insurer.empty() && m.insurer_number != insurer)
        check.error("insurer_number '" + m.insurer_number + "' is not this society's (" +
                    std::string(insurer) + ")");
}

void check_birth_date(RowCheck& check, const std::string& raw, int today, ImportMember& m) {
    if (!check.text("birth_date", raw)) return;
    m.birth_date = normalize_input(raw);
    const Reason r = validate_birth_date(m.birth_date, today);
    if (r != Reason::Ok) check.error(problem("birth_date", m.birth_date, r));
}

void check_category(RowCheck& check, const std::string& raw, ImportMember& m) {
    if (!check.text("category", raw)) return;
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
void check_row(RowCheck& check, const CsvRecord& rec, int today, std::string_view insurer,
               ImportMember& m) {
    m.line = rec.line;
    check_insurer(check, rec.fields[0], insurer, m);
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
void check_unique(RowCheck& check, const ImportMember& m, std::map<std::string, std::size_t>& seen) {
    if (m.insurer_number.empty() || m.symbol.empty() || m.number.empty()) return;
    const std::string key = m.insurer_number + '\x1f' + m.symbol + '\x1f' + m.number;
    auto [it, fresh] = seen.emplace(key, m.line);
    if (!fresh)
        check.error("member " + m.insurer_number + "," + shown(m.symbol) + "," + shown(m.number) +
                    " appears already on line " + std::to_string(it->second));
}

// The error of a missing or wrong header line, or "" when HEADER is right.
std::string header_error(const CsvParse& parsed) {
    if (parsed.records.empty())
        return !parsed.error.empty() ? parsed.error
                                     : std::string("line 1: the file is empty; its first line must be '") +
                                           kImportHeader + "'";
    const CsvRecord& header = parsed.records.front();
    if (joined(header.fields) != kImportHeader || header.fields.size() != 6)
        return "line " + std::to_string(header.line) + ": the header must be '" + kImportHeader +
               "', found '" + shown(joined(header.fields)) + "'";
    return "";
}

}  // namespace

CsvParse parse_csv(std::string_view text) { return CsvParser(text).run(); }

ImportCheck check_import_csv(std::string_view text, int today, std::string_view insurer) {
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
        check_row(check, rec, today, insurer, m);
        check_unique(check, m, seen);
        if (check.ok()) out.members.push_back(std::move(m));
    }
    if (!parsed.error.empty()) out.errors.push_back(parsed.error);
    return out;
}

std::string csv_field(std::string_view s) {
    bool quote = !s.empty() && (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t');
    for (char c : s)
        if (c == ',' || c == '"' || c == '\r' || c == '\n') quote = true;
    if (!quote) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csv_line(const std::vector<std::string_view>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        out += csv_field(fields[i]);
    }
    out += '\n';
    return out;
}

}  // namespace kosmo
