#!/usr/bin/env bash
# t8110-passwords.sh: 128 characters accepted and used whole, 129 refused; common passwords refused in any case; the rules a member meets on step 3
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,8110,1,小川 十郎,19800110,overseas' '06279996,8110,2,小川 十子,19800210,overseas' \
    || bail_out "import failed"

to_step3() {
    new_session
    login_member 8110 "$1"
    verify_member "$2"
    follow
}
try_password() {  # try_password PASSWORD: step 3 with it (and a valid rest)
    post /register user_id=ogawa00010 password="$1" password_confirm="$1" email=juro@example.net
}
password_error() { printf '%s\n' "$BODY" | grep -oE 'id="password-error">[^<]*' | sed 's/.*>//'; }

to_step3 1 19800110
pw128="Aa1$(printf 'x%.0s' $(seq 1 125))"
pw129="${pw128}y"
is "${#pw128} ${#pw129}" "128 129" "(the passwords tried are 128 and 129 characters)"
try_password "$pw129"
is "$STATUS" 200 "a 129-character password is refused"
like "$(password_error)" '128文字以内' "saying the limit, next to the field"
unlike "$BODY" "$pw129" "the refused password is not echoed"

for common in Password1 PASSWORD1 password1 QwErTy123 IloveYou1 Kosmoweb123; do
    try_password "$common"
    like "$(password_error)" '推測されやすい' "the common password '$common' is refused (case does not matter)"
done
try_password 'abcdefgh'
like "$(password_error)" '英字と数字をそれぞれ' "letters only: refused (the member guide's letter-and-digit rule)"
try_password '12345678'
like "$(password_error)" '英字と数字をそれぞれ' "digits only: refused"
try_password 'ａｂｃｄ１２３４'
like "$(password_error)" '英字と数字をそれぞれ' "full-width letters and digits do not count as the ASCII letter and digit"
try_password 'Ab1defg'
like "$(password_error)" '8桁以上' "7 characters: too short"

try_password "$pw128"
is "$LOCATION" /register/confirm "a 128-character password is accepted"
follow
post /register/execute
is "$LOCATION" /register/done "and registered"

new_session
get /login
post /login user_id=ogawa00010 password="${pw128:0:127}"
is "$STATUS" 200 "its first 127 characters do not log in: nothing was truncated"
post /login user_id=ogawa00010 password="${pw128}z"
is "$STATUS" 200 "nor do 129 characters beginning with it"
login_permanent ogawa00010 "$pw128"
is "$LOCATION" /menu "the whole 128 characters log in"

# Any characters a member can type: spaces, symbols, Japanese.
to_step3 2 19800210
pw='  パスワード は 秘密 #1 x  '
post /register user_id=ogawa00020 password="$pw" password_confirm="$pw" email=toko@example.net
is "$LOCATION" /register/confirm "spaces (kept, leading and trailing), symbols and Japanese are accepted"
follow
post /register/execute
new_session
get /login
post /login user_id=ogawa00020 password="$(printf '%s' "$pw" | sed 's/^ *//; s/ *$//')"
is "$STATUS" 200 "the password is not trimmed"
login_permanent ogawa00020 "$pw"
is "$LOCATION" /menu "exactly as typed, it logs in"

done_testing
