{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error"{{#FORM_ALERT}} role="alert"{{/FORM_ALERT}}{{#FORM_NOTICE}} data-kind="notice" role="status"{{/FORM_NOTICE}} tabindex="-1" autofocus>{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
<p class="lead">登録したメールアドレスとご自身の生年月日を入力して「送信」ボタンを押してください。登録内容と一致した場合、ユーザIDをメールでお知らせします。</p>
<form method="post" action="/userid/forgot" class="form" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#EMAIL_INVALID}} has-error{{/EMAIL_INVALID}}">
    <label for="email">メールアドレス</label>
    <p class="hint" id="email-hint">本登録で登録したメールアドレスです。</p>
    <input type="email" id="email" name="email" value="{{EMAIL}}" autocapitalize="none" spellcheck="false" maxlength="254" autocomplete="email" required aria-describedby="email-hint{{#EMAIL_INVALID}} email-error{{/EMAIL_INVALID}}"{{#EMAIL_INVALID}} aria-invalid="true"{{/EMAIL_INVALID}}>
    {{#EMAIL_INVALID}}<p class="field-error" id="email-error">{{EMAIL_ERROR}}</p>{{/EMAIL_INVALID}}
  </div>
  <div class="field{{#BIRTH_DATE_INVALID}} has-error{{/BIRTH_DATE_INVALID}}">
    <label for="birth_date">生年月日</label>
    <p class="hint" id="birth_date-hint">西暦の年・月・日を8桁の数字で入力してください(例: 19800123)。</p>
    <input type="text" id="birth_date" name="birth_date" value="{{BIRTH_DATE}}" inputmode="numeric" maxlength="16" autocomplete="bday" required aria-describedby="birth_date-hint{{#BIRTH_DATE_INVALID}} birth_date-error{{/BIRTH_DATE_INVALID}}"{{#BIRTH_DATE_INVALID}} aria-invalid="true"{{/BIRTH_DATE_INVALID}}>
    {{#BIRTH_DATE_INVALID}}<p class="field-error" id="birth_date-error">{{BIRTH_DATE_ERROR}}</p>{{/BIRTH_DATE_INVALID}}
  </div>
  <div class="actions">
    <button type="submit" class="primary">送信</button>
  </div>
</form>
<p><a href="/password/forgot">パスワードを忘れた方</a></p>
<p><a href="/login">ログイン画面へ戻る</a></p>
