#!/usr/bin/env bash
# t2001-verify.sh: step 2 — field rules, the generic mismatch, consent, lockout and unlock
. "$(dirname "$0")/lib.sh"

start_stack security.verify_max_failures=3
import_members '06279996,2001,1,佐藤 一郎,19800123,employee' || bail_out "import failed"
read -r TEMP_ID TEMP_PW <<< "$(credentials 2001 1)"

login() {
    new_session
    get /login
    post /login user_id="$TEMP_ID" password="$TEMP_PW"
    follow
}

login
is "$STATUS" 200 "step 2 answers after login"
like "$BODY" '<label for="insurer_number">保険者番号</label>' "label 保険者番号"
like "$BODY" '<label for="birth_date">生年月日' "label 生年月日"
like "$BODY" '<label for="agree">[^<]*同意する</label>' "the 同意する checkbox has a label"
like "$BODY" 'href="/terms"[^>]*>KOSMO Communication Web利用規約</a>' "the terms of use are linked"
like "$BODY" '<button type="submit"[^>]*>確認</button>' "the 確認 button"
like "$BODY" 'inputmode="numeric"' "the digit fields ask phones for a numeric keypad"

get /terms
is "$STATUS" 200 "the terms page is served"
like "$BODY" 'KOSMO Communication Web利用規約' "with its title"
like "$BODY" '版: 2022-03' "and its version"

get /verify
post /verify insurer_number= birth_date=
like "$BODY" 'id="insurer_number-error">入力してください' "an empty insurer number is reported next to its field"
like "$BODY" 'id="birth_date-error">入力してください' "an empty birth date next to its field"
like "$BODY" 'id="agree-error">KOSMO Communication Web利用規約をご確認' "missing consent next to the checkbox"

post /verify insurer_number=06279997 birth_date=19800123 agree=1
like "$BODY" 'id="insurer_number-error">保険者番号が正しくありません' "a wrong check digit is reported"
like "$BODY" 'value="06279997"' "and the value typed is kept"
post /verify insurer_number=0627999 birth_date=1980123 agree=1
like "$BODY" 'id="insurer_number-error">保険者番号は8桁' "7 digits are not an insurer number"
like "$BODY" 'id="birth_date-error">生年月日は8桁' "7 digits are not a birth date"
post /verify insurer_number=06279996 birth_date=19800230 agree=1
like "$BODY" 'id="birth_date-error">生年月日が正しくありません' "30 February is refused"
post /verify insurer_number=06279996 birth_date=29991231 agree=1
like "$BODY" 'id="birth_date-error">生年月日に今日より後' "a future date is refused"
post /verify insurer_number=06279996 birth_date=19800123
like "$BODY" 'id="agree-error">' "without 同意する nothing goes on"
is "$(sql 'SELECT verify_failures FROM members')" 0 "malformed input does not count as a mismatch"
is "$(sql 'SELECT COUNT(*) FROM consents')" 0 "and records no consent"

post /verify insurer_number=06279996 birth_date=19800124 agree=1
mismatch_birth=$(printf '%s\n' "$BODY" | grep -oE 'class="form-error"[^<]*')
like "$mismatch_birth" '保険者番号または生年月日が登録内容と一致しません' "a wrong birth date gets the generic mismatch message"
post /verify insurer_number=12345674 birth_date=19800123 agree=1
mismatch_insurer=$(printf '%s\n' "$BODY" | grep -oE 'class="form-error"[^<]*')
is "$mismatch_insurer" "$mismatch_birth" "a wrong insurer number gets exactly the same message"
is "$(sql 'SELECT verify_failures FROM members')" 2 "both mismatches were counted"

post /verify insurer_number='０６２７９９９６' birth_date='１９８００１２３' agree=1
is "$STATUS" 303 "the right pair in full-width digits passes"
is "$LOCATION" /register "and leads to step 3"
is "$(sql 'SELECT verify_failures FROM members')" 0 "success resets the mismatch count"
is "$(sql "SELECT CONCAT(terms_version, ' ', client_addr, ' ', consented_at IS NOT NULL) FROM consents")" \
    "2022-03 127.0.0.1 1" "consent is stored with the terms version, the address and the time"
is "$(sql 'SELECT stage FROM sessions')" 2 "the session is at stage 2"
get /verify
is "$LOCATION" /register "a verified session is sent on to step 3 from step 2"

# Lockout: three mismatches (the configured limit) stop the identity check.
login
for d in 19700101 19700102 19700103; do
    post /verify insurer_number=06279996 birth_date=$d agree=1
done
like "$BODY" '本人情報の確認に続けて失敗したため' "the third mismatch locks the identity check"
post /verify insurer_number=06279996 birth_date=19800123 agree=1
like "$BODY" '本人情報の確認に続けて失敗したため' "while locked, the right birth date does not pass"
is "$(sql 'SELECT COUNT(*) FROM consents')" 1 "and no consent is recorded"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'verify_locked'")" 1 "the lock is audited"
login
like "$BODY" '本人情報の確認に続けて失敗したため' "a new login still finds it locked"

kosmoctl unlock --temp-user-id "$TEMP_ID" > "$T/unlock.out" 2>&1
ok "kosmoctl unlock lifts it" test $? -eq 0
login
post /verify insurer_number=06279996 birth_date=19800123 agree=1
is "$LOCATION" /register "after unlock the member passes step 2"

done_testing
