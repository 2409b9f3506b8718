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
is "$(sql "SELECT CONCAT(t.version, ' ', c.client_addr, ' ', c.at IS NOT NULL, ' ', c.source) FROM consents c JOIN terms_versions t ON t.seq = c.terms_seq")" \
    "2022-03 127.0.0.1 1 verify" "consent is stored with the terms version, the address, the time and where it was given"
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

# Eight 確認 at once with one session (double clicks, a second tab). Those
# that read the session before the first moved it passed the check too:
# each gets a session of its own at step 3; the later ones find the session
# gone and go back to the login. None fails. The session row is held locked
# for a moment meanwhile, so that several have read it before any can move
# it (as many as the binary has threads).
login
before=$(sql "SELECT COUNT(*) FROM sessions WHERE stage = 2")
consents_before=$(sql "SELECT COUNT(*) FROM consents")
sql "START TRANSACTION;
     SELECT COUNT(*) INTO @n FROM sessions WHERE stage = 1 ORDER BY created_at DESC LIMIT 1 FOR UPDATE;
     DO SLEEP(1.5); COMMIT" &
holder=$!
sleep 0.3
for i in 1 2 3 4 5 6 7 8; do
    curl -s -o /dev/null -D "$T/race-$i.hdr" -b "$JAR" --data-urlencode "csrf=$CSRF" \
        --data 'insurer_number=06279996&birth_date=19800123&agree=1' "$BASE/verify" &
done
wait
wait "$holder"
is "$(cat "$T"/race-*.hdr | tr -d '\r' | grep -c '^HTTP/1.1 303')" 8 "all eight answer with a redirect"
is "$(cat "$T"/race-*.hdr | tr -d '\r' | sed -n 's/^[Ll]ocation: //p' | grep -cvE '^/(register|login)$')" 0 \
    "to step 3 or to the login"
passed=$(cat "$T"/race-*.hdr | tr -d '\r' | grep -c '^[Ll]ocation: /register$')
echo "# $passed of the eight passed"
ok "more than one passes" test "$passed" -ge 2
cookies=$(for f in "$T"/race-*.hdr; do
    grep -qE $'^[Ll]ocation: /register\r?$' "$f" &&
        tr -d '\r' < "$f" | sed -n 's/^[Ss]et-[Cc]ookie: kosmo_session=\([^;]*\).*/\1/p'
done | sort -u)
is "$(printf '%s\n' "$cookies" | grep -c .)" "$passed" "each that passes has a session cookie of its own"
stage2=0
for c in $cookies; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "kosmo_session=$c" "$BASE/register")
    [ "$code" != 200 ] || stage2=$((stage2 + 1))
done
is "$stage2" "$passed" "and each of those opens the step 3 screen"
is "$(sql "SELECT COUNT(*) FROM sessions WHERE stage = 2")" $((before + passed)) \
    "one session at step 3 for each that passed, no more"
is "$(sql "SELECT DISTINCT t.version FROM consents c JOIN terms_versions t ON t.seq = c.terms_seq")" 2022-03 "the consent is recorded"
is "$(sql "SELECT COUNT(*) FROM consents")" "$((consents_before + passed))" \
    "one consent row per passed check: none overwritten"

done_testing
