{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error"{{#FORM_ALERT}} role="alert"{{/FORM_ALERT}}{{#FORM_NOTICE}} data-kind="notice" role="status"{{/FORM_NOTICE}} tabindex="-1" autofocus>{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
{{#LOCKED_SECTION}}
{{#INSURER}}<p class="lead">お問い合わせ先: {{INSURER_NAME}}</p>{{/INSURER}}
<p>手続きを再開できるようになりましたら、ログイン画面から仮ユーザIDと仮パスワードでもう一度ログインしてください。</p>
<p class="actions"><a class="button secondary" href="/login">ログイン画面へ戻る</a></p>
{{/LOCKED_SECTION}}
{{#FORM_SECTION}}
<p class="lead">ご本人であることを確認します。保険者番号と、ご自身(被保険者)の生年月日を入力してください。</p>
<form method="post" action="/verify" class="form" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#INSURER_NUMBER_INVALID}} has-error{{/INSURER_NUMBER_INVALID}}">
    <label for="insurer_number">保険者番号</label>
    <p class="hint" id="insurer_number-hint">健康保険証または「WEBサービスのご案内」の最下段に記載されている8桁の番号です。</p>
    <input type="text" id="insurer_number" name="insurer_number" value="{{INSURER_NUMBER}}" inputmode="numeric" autocomplete="off" maxlength="16" required aria-describedby="insurer_number-hint{{#INSURER_NUMBER_INVALID}} insurer_number-error{{/INSURER_NUMBER_INVALID}}"{{#INSURER_NUMBER_INVALID}} aria-invalid="true"{{/INSURER_NUMBER_INVALID}}>
    {{#INSURER_NUMBER_INVALID}}<p class="field-error" id="insurer_number-error">{{INSURER_NUMBER_ERROR}}</p>{{/INSURER_NUMBER_INVALID}}
  </div>
  <div class="field{{#BIRTH_DATE_INVALID}} has-error{{/BIRTH_DATE_INVALID}}">
    <label for="birth_date">生年月日(8桁)</label>
    <p class="hint" id="birth_date-hint">ご自身(被保険者)の生年月日を、西暦の8桁の数字で入力してください。<br>例: 1980年1月23日生まれの方は「19800123」</p>
    <input type="text" id="birth_date" name="birth_date" value="{{BIRTH_DATE}}" inputmode="numeric" autocomplete="bday" maxlength="16" required aria-describedby="birth_date-hint{{#BIRTH_DATE_INVALID}} birth_date-error{{/BIRTH_DATE_INVALID}}"{{#BIRTH_DATE_INVALID}} aria-invalid="true"{{/BIRTH_DATE_INVALID}}>
    {{#BIRTH_DATE_INVALID}}<p class="field-error" id="birth_date-error">{{BIRTH_DATE_ERROR}}</p>{{/BIRTH_DATE_INVALID}}
  </div>
  <div class="field terms{{#AGREE_INVALID}} has-error{{/AGREE_INVALID}}">
    <p id="agree-hint"><a href="/terms" target="_blank" rel="noopener">KOSMO Communication Web利用規約</a>(版: {{TERMS_VERSION}}、別のタブで開きます)をご確認のうえ、同意する場合はチェックを付けてください。</p>
    <div class="check">
      <input type="checkbox" id="agree" name="agree" value="1"{{#AGREE_CHECKED}} checked{{/AGREE_CHECKED}} required aria-describedby="agree-hint{{#AGREE_INVALID}} agree-error{{/AGREE_INVALID}}"{{#AGREE_INVALID}} aria-invalid="true"{{/AGREE_INVALID}}>
      <label for="agree">KOSMO Communication Web利用規約に同意する</label>
    </div>
    {{#AGREE_INVALID}}<p class="field-error" id="agree-error">{{AGREE_ERROR}}</p>{{/AGREE_INVALID}}
  </div>
  <div class="actions">
    <button type="submit" class="primary">確認</button>
  </div>
</form>
{{/FORM_SECTION}}
