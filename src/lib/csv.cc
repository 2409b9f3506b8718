// csv.cc: the member import file: RFC 4180 parsing, row checks, CSV output
#include "csv.h"

#include <map>

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

}  // namespace

CsvParse parse_csv(std::string_view text) {
    CsvParse out;
    enum class State { FieldStart, Unquoted, Quoted, AfterQuote } state = State::FieldStart;
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    std::size_t line = 1;
    std::size_t quote_line = 1;  // where the open quote began
    CsvRecord rec;
    rec.line = 1;
    std::string field;

    auto end_field = [&] {
        rec.fields.push_back(std::move(field));
        field.clear();
        state = State::FieldStart;
    };
    auto end_record = [&] {
        if (!rec.fields.empty()) out.records.push_back(std::move(rec));
        rec = CsvRecord{};
        rec.line = line;
    };
    // Consumes a line end at text[i] (CRLF, LF or CR) and counts it.
    auto line_end = [&]() -> std::size_t {
        std::size_t len = (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
        ++line;
        return len;
    };
    auto fail = [&](std::size_t at_line, const std::string& msg) {
        out.error = "line " + std::to_string(at_line) + ": " + msg;
        return out;
    };

    while (i < text.size()) {
        char c = text[i];
        bool eol = c == '\n' || c == '\r';
        switch (state) {
        case State::FieldStart:
            if (c == '"') {
                state = State::Quoted;
                quote_line = line;
                ++i;
            } else if (c == ',') {
                end_field();
                ++i;
            } else if (eol) {
                // An empty line has no field; "a," ends with an empty one.
                if (!rec.fields.empty()) end_field();
                i += line_end();
                end_record();
            } else {
                field += c;
                state = State::Unquoted;
                ++i;
            }
            break;
        case State::Unquoted:
            if (c == ',') {
                end_field();
                ++i;
            } else if (eol) {
                end_field();
                i += line_end();
                end_record();
            } else if (c == '"') {
                return fail(line, "quote inside an unquoted field (quote the whole field and double the quote)");
            } else {
                field += c;
                ++i;
            }
            break;
        case State::Quoted:
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    i += 2;
                } else {
                    state = State::AfterQuote;
                    ++i;
                }
            } else if (eol) {
                std::size_t len = line_end();
                field.append(text.substr(i, len));
                i += len;
            } else {
                field += c;
                ++i;
            }
            break;
        case State::AfterQuote:
            if (c == ',') {
                end_field();
                ++i;
            } else if (eol) {
                end_field();
                i += line_end();
                end_record();
            } else {
                return fail(line, "text after the closing quote of a field");
            }
            break;
        }
    }
    switch (state) {
    case State::Quoted:
        return fail(quote_line, "quoted field is not closed");
    case State::Unquoted:
    case State::AfterQuote:
        end_field();
        break;
    case State::FieldStart:
        if (!rec.fields.empty()) end_field();
        break;
    }
    end_record();
    return out;
}

ImportCheck check_import_csv(std::string_view text, int today, std::string_view insurer) {
    ImportCheck out;
    CsvParse parsed = parse_csv(text);
    if (parsed.records.empty()) {
        out.errors.push_back(!parsed.error.empty()
                                 ? parsed.error
                                 : std::string("line 1: the file is empty; its first line must be '") +
                                       kImportHeader + "'");
        return out;
    }
    const CsvRecord& header = parsed.records.front();
    if (joined(header.fields) != kImportHeader || header.fields.size() != 6) {
        out.errors.push_back("line " + std::to_string(header.line) + ": the header must be '" +
                             kImportHeader + "', found '" + shown(joined(header.fields)) + "'");
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
        m.line = rec.line;

        if (check.text("insurer_number", rec.fields[0])) {
            m.insurer_number = normalize_input(rec.fields[0]);
            switch (validate_insurer_number(m.insurer_number)) {
            case Reason::Ok:
                if (!insurer.empty() && m.insurer_number != insurer)
                    check.error("insurer_number '" + m.insurer_number + "' is not this society's (" +
                                std::string(insurer) + ")");
                break;
            case Reason::Required:
                check.error("insurer_number is empty");
                break;
            case Reason::InsurerNumberCheckDigit:
                check.error("insurer_number '" + shown(m.insurer_number) + "' has a wrong check digit");
                break;
            default:
                check.error("insurer_number '" + shown(m.insurer_number) + "' is not 8 digits");
                break;
            }
        }
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
        if (check.text("birth_date", rec.fields[4])) {
            m.birth_date = normalize_input(rec.fields[4]);
            std::string value = "birth_date '" + shown(m.birth_date) + "'";
            switch (validate_birth_date(m.birth_date, today)) {
            case Reason::Ok:
                break;
            case Reason::Required:
                check.error("birth_date is empty");
                break;
            case Reason::BirthDateFormat:
                check.error(value + " is not 8 digits (YYYYMMDD)");
                break;
            case Reason::BirthDateFuture:
                check.error(value + " is in the future");
                break;
            default:
                check.error(value + " is not a calendar date");
                break;
            }
        }
        if (check.text("category", rec.fields[5])) {
            const std::string cat = ascii_lower(trim(rec.fields[5], Spaces::Wide));
            if (auto parsed_cat = parse_category(cat))
                m.category = *parsed_cat;
            else if (cat.empty())
                check.error("category is empty");
            else
                check.error("category '" + shown(rec.fields[5]) +
                            "' is not one of employee, overseas, seconded, leave, voluntary");
        }

        if (!m.insurer_number.empty() && !m.symbol.empty() && !m.number.empty()) {
            std::string key = m.insurer_number + '\x1f' + m.symbol + '\x1f' + m.number;
            auto [it, fresh] = seen.emplace(key, rec.line);
            if (!fresh)
                check.error("member " + m.insurer_number + "," + shown(m.symbol) + "," + shown(m.number) +
                            " appears already on line " + std::to_string(it->second));
        }
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
