{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error"{{#FORM_ALERT}} role="alert"{{/FORM_ALERT}}{{#FORM_NOTICE}} data-kind="notice" role="status"{{/FORM_NOTICE}} tabindex="-1" autofocus>{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
<p class="lead">本IDとパスワード、メールアドレスを登録します。すべて入力して「入力内容確認」ボタンを押してください。</p>
<form method="post" action="/register" class="form" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#USER_ID_INVALID}} has-error{{/USER_ID_INVALID}}">
    <label for="user_id">ユーザID</label>
    <p class="hint" id="user_id-hint">半角英数字で8桁以上、13桁以内で入力してください。<strong>一度登録すると変更できません。</strong></p>
    <input type="text" id="user_id" name="user_id" value="{{USER_ID}}" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64" required aria-describedby="user_id-hint{{#USER_ID_INVALID}} user_id-error{{/USER_ID_INVALID}}"{{#USER_ID_INVALID}} aria-invalid="true"{{/USER_ID_INVALID}}>
    {{#USER_ID_INVALID}}<p class="field-error" id="user_id-error">{{USER_ID_ERROR}}</p>{{/USER_ID_INVALID}}
  </div>
  <div class="field{{#PASSWORD_INVALID}} has-error{{/PASSWORD_INVALID}}">
    <label for="password">パスワード</label>
    <p class="hint" id="password-hint">英字と数字をそれぞれ1文字以上使用し、8桁以上で入力してください。ユーザIDや仮パスワードと同じものは使えません。{{#PASSWORD_EXPIRES}}有効期限は{{PASSWORD_DAYS}}日です。{{/PASSWORD_EXPIRES}}</p>
    <input type="password" id="password" name="password" autocomplete="new-password" maxlength="1024" required aria-describedby="password-hint{{#PASSWORD_INVALID}} password-error{{/PASSWORD_INVALID}}"{{#PASSWORD_INVALID}} aria-invalid="true"{{/PASSWORD_INVALID}}>
    {{#PASSWORD_INVALID}}<p class="field-error" id="password-error">{{PASSWORD_ERROR}}</p>{{/PASSWORD_INVALID}}
  </div>
  <div class="field{{#PASSWORD_CONFIRM_INVALID}} has-error{{/PASSWORD_CONFIRM_INVALID}}">
    <label for="password_confirm">パスワード確認用</label>
    <p class="hint" id="password_confirm-hint">上記と同じパスワードを入力してください。</p>
    <input type="password" id="password_confirm" name="password_confirm" autocomplete="new-password" maxlength="1024" required aria-describedby="password_confirm-hint{{#PASSWORD_CONFIRM_INVALID}} password_confirm-error{{/PASSWORD_CONFIRM_INVALID}}"{{#PASSWORD_CONFIRM_INVALID}} aria-invalid="true"{{/PASSWORD_CONFIRM_INVALID}}>
    {{#PASSWORD_CONFIRM_INVALID}}<p class="field-error" id="password_confirm-error">{{PASSWORD_CONFIRM_ERROR}}</p>{{/PASSWORD_CONFIRM_INVALID}}
  </div>
  <div class="field{{#EMAIL_INVALID}} has-error{{/EMAIL_INVALID}}">
    <label for="email">メールアドレス</label>
    <p class="hint" id="email-hint">各種情報の更新連絡や、パスワードを忘れた際のご案内に使用します。{{#EMPLOYEE_SECTION}}従業員の方は会社のメールアドレス({{#DOMAIN}}○○@{{DOMAIN_NAME}}{{#DOMAIN_separator}}、{{/DOMAIN_separator}}{{/DOMAIN}})を登録してください。{{/EMPLOYEE_SECTION}}{{#PRIVATE_SECTION}}必ずご自身で確認できるメールアドレスを登録してください。{{/PRIVATE_SECTION}}</p>
    <input type="email" id="email" name="email" value="{{EMAIL}}" autocomplete="email" autocapitalize="none" spellcheck="false" maxlength="254" required aria-describedby="email-hint{{#EMAIL_INVALID}} email-error{{/EMAIL_INVALID}}"{{#EMAIL_INVALID}} aria-invalid="true"{{/EMAIL_INVALID}}>
    {{#EMAIL_INVALID}}<p class="field-error" id="email-error">{{EMAIL_ERROR}}</p>{{/EMAIL_INVALID}}
  </div>
  <div class="actions">
    <button type="submit" class="primary">入力内容確認</button>
  </div>
</form>
