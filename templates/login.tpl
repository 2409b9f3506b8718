{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error" role="alert">{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
{{#NOTICE_SECTION}}<p class="notice" role="status">{{NOTICE}}</p>{{/NOTICE_SECTION}}
<p class="lead">はじめてご利用の方は、仮ユーザIDと仮パスワードでログインしてください。本IDを登録済みの方は、本IDとパスワードでログインしてください。</p>
<form method="post" action="/login" class="form" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#USER_ID_INVALID}} has-error{{/USER_ID_INVALID}}">
    <label for="user_id">ユーザID</label>
    <p class="hint" id="user_id-hint">仮ユーザIDは「ABCD-2345」のように、4文字・ハイフン・4文字です。</p>
    <input type="text" id="user_id" name="user_id" value="{{USER_ID}}" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64" required aria-describedby="user_id-hint{{#USER_ID_INVALID}} user_id-error{{/USER_ID_INVALID}}"{{#USER_ID_INVALID}} aria-invalid="true"{{/USER_ID_INVALID}}>
    {{#USER_ID_INVALID}}<p class="field-error" id="user_id-error">{{USER_ID_ERROR}}</p>{{/USER_ID_INVALID}}
  </div>
  <div class="field{{#PASSWORD_INVALID}} has-error{{/PASSWORD_INVALID}}">
    <label for="password">パスワード</label>
    <input type="password" id="password" name="password" autocomplete="current-password" maxlength="1024" required{{#PASSWORD_INVALID}} aria-invalid="true" aria-describedby="password-error"{{/PASSWORD_INVALID}}>
    {{#PASSWORD_INVALID}}<p class="field-error" id="password-error">{{PASSWORD_ERROR}}</p>{{/PASSWORD_INVALID}}
  </div>
  <div class="actions">
    <button type="submit" class="primary">ログイン</button>
  </div>
</form>
<section class="help" aria-labelledby="help-title">
  <h2 id="help-title">仮ユーザIDと仮パスワードの記載場所</h2>
  <ul>
    <li>2022年3月(システム導入時)に加入されていた方:「web サービスのご案内」ハガキ</li>
    <li>2022年4月~2024年12月1日に加入された方:健康保険証をセットしてお渡しした台紙</li>
    <li>2024年12月2日以降に加入された方:「WEBサービスのご案内」通知</li>
  </ul>
  <p>登録するメールアドレスをあらかじめ決めておいてください。従業員の方は、原則、会社のメールアドレスを登録してください。</p>
</section>
