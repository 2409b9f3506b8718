// terms.h: the terms of use as published text: checks and paragraphs
#ifndef KOSMO_TERMS_H
#define KOSMO_TERMS_H

#include <string>
#include <string_view>
#include <vector>

namespace kosmo {

enum class TermsProblem { None, VersionInvalid, Empty, NotUtf8, TooLong };

// VERSION: 1 to 32 of [A-Za-z0-9._-], starting with a letter or digit.
[[nodiscard]] TermsProblem check_terms_version(std::string_view version);

// TEXT: valid UTF-8 without NUL, at least one non-blank character, at most
// 1 MiB (a leading UTF-8 byte order mark is allowed and dropped by
// terms_paragraphs).
[[nodiscard]] TermsProblem check_terms_text(std::string_view text);

// The paragraphs of TEXT: separated by blank lines (spaces and CR count as
// blank), each trimmed, its inner line breaks kept as '\n'.
std::vector<std::string> terms_paragraphs(std::string_view text);

}  // namespace kosmo

#endif
