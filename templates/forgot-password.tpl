{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error"{{#FORM_ALERT}} role="alert"{{/FORM_ALERT}}{{#FORM_NOTICE}} data-kind="notice" role="status"{{/FORM_NOTICE}} tabindex="-1" autofocus>{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
<p class="lead">登録したユーザIDとメールアドレスを入力して「送信」ボタンを押してください。登録内容と一致した場合、パスワード再設定のご案内をメールでお送りします。</p>
<form method="post" action="/password/forgot" class="form" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#USER_ID_INVALID}} has-error{{/USER_ID_INVALID}}">
    <label for="user_id">ユーザID</label>
    <p class="hint" id="user_id-hint">本登録で決めたユーザID(半角英数字8~13桁)です。仮ユーザIDではありません。</p>
    <input type="text" id="user_id" name="user_id" value="{{USER_ID}}" autocapitalize="none" spellcheck="false" maxlength="64" autocomplete="username" required aria-describedby="user_id-hint{{#USER_ID_INVALID}} user_id-error{{/USER_ID_INVALID}}"{{#USER_ID_INVALID}} aria-invalid="true"{{/USER_ID_INVALID}}>
    {{#USER_ID_INVALID}}<p class="field-error" id="user_id-error">{{USER_ID_ERROR}}</p>{{/USER_ID_INVALID}}
  </div>
  <div class="field{{#EMAIL_INVALID}} has-error{{/EMAIL_INVALID}}">
    <label for="email">メールアドレス</label>
    <p class="hint" id="email-hint">本登録で登録したメールアドレスです。</p>
    <input type="email" id="email" name="email" value="{{EMAIL}}" autocapitalize="none" spellcheck="false" maxlength="254" autocomplete="email" required aria-describedby="email-hint{{#EMAIL_INVALID}} email-error{{/EMAIL_INVALID}}"{{#EMAIL_INVALID}} aria-invalid="true"{{/EMAIL_INVALID}}>
    {{#EMAIL_INVALID}}<p class="field-error" id="email-error">{{EMAIL_ERROR}}</p>{{/EMAIL_INVALID}}
  </div>
  <div class="actions">
    <button type="submit" class="primary">送信</button>
  </div>
</form>
<p><a href="/userid/forgot">ユーザIDを忘れた方</a></p>
<p><a href="/login">ログイン画面へ戻る</a></p>
