# long-functions.awk: prints "FILE:LINE LENGTH" for each function of a C++
# source longer than MAX lines, counted from the first line of its
# signature to its closing brace (DESIGN: a function is read on one screen).
#   awk -v max=80 -f tools/long-functions.awk src/lib/*.cc
# Namespace braces do not count; string and character literals and line
# comments are blanked first.
function strip(s) {
    gsub(/\\./, "", s)
    gsub(/"[^"]*"/, "\"\"", s)
    gsub(/'[^']*'/, "''", s)
    sub(/\/\/.*/, "", s)
    return s
}
FNR == 1 { depth = 0; stmt = 0; start = 0 }
/^(namespace|extern "C")/ || /^\}[ \t]*\/\/[ \t]*namespace/ { next }
{
    s = strip($0)
    if (depth == 0 && $0 != "" && $0 !~ /^[ \t]/ && $0 !~ /^(\/\/|#|\})/) { stmt = FNR; head = "" }
    if (depth == 0 && stmt) head = head " " s
    opens = gsub(/\{/, "{", s); closes = gsub(/\}/, "}", s)
    if (depth == 0 && opens > closes && stmt) {
        before = head; sub(/\(.*/, "", before)
        start = (head ~ /\(/ && head !~ /^ *(struct|class|enum|union|constexpr|const |static const|inline constexpr)/ && before !~ /=/) ? stmt : 0
    }
    depth += opens - closes
    if (depth == 0 && start) {
        if (FNR - start + 1 > max) print FILENAME ":" start " " FNR - start + 1
        start = 0
    }
}
