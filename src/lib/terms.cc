// terms.cc: the terms of use as published text: checks and paragraphs
#include "terms.h"

#include "text.h"

namespace kosmo {

namespace {

constexpr std::size_t kMaxTermsBytes = 1024 * 1024;

bool blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

TermsProblem check_terms_version(std::string_view version) {
    if (version.empty() || version.size() > 32)
        return TermsProblem::VersionInvalid;
    for (std::size_t i = 0; i < version.size(); ++i) {
        const char c = version[i];
        const bool alnum =
            (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return TermsProblem::VersionInvalid;
    }
    return TermsProblem::None;
}

TermsProblem check_terms_text(std::string_view text) {
    if (text.size() > kMaxTermsBytes)
        return TermsProblem::TooLong;
    if (!is_valid_utf8(text) || text.find('\0') != std::string_view::npos)
        return TermsProblem::NotUtf8;
    if (terms_paragraphs(text).empty())
        return TermsProblem::Empty;
    return TermsProblem::None;
}

std::vector<std::string> terms_paragraphs(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        auto t = trim(current, Spaces::Ascii);
        if (!t.empty())
            out.emplace_back(t);
        current.clear();
    };
    for (const std::string_view line : lines_of(text)) {
        if (blank(line)) {
            flush();
            continue;
        }
        if (!current.empty())
            current += '\n';
        current.append(trim(line, Spaces::Ascii));
    }
    flush();
    return out;
}

}  // namespace kosmo
