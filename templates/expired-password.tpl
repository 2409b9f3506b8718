{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error"{{#FORM_ALERT}} role="alert"{{/FORM_ALERT}}{{#FORM_NOTICE}} data-kind="notice" role="status"{{/FORM_NOTICE}} tabindex="-1" autofocus>{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
<p class="lead">安全のため、新しいパスワードに変更してください。変更が終わるまで、ほかの画面は利用できません。</p>
<form method="post" action="/password/expired" class="form" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#NEW_PASSWORD_INVALID}} has-error{{/NEW_PASSWORD_INVALID}}">
    <label for="new_password">新しいパスワード</label>
    <p class="hint" id="new_password-hint">英字と数字をそれぞれ1文字以上使用し、8桁以上で入力してください。ユーザIDや現在のパスワードと同じものは使えません。{{#PASSWORD_EXPIRES}}有効期限は{{PASSWORD_DAYS}}日です。{{/PASSWORD_EXPIRES}}</p>
    <input type="password" id="new_password" name="new_password" maxlength="1024" autocomplete="new-password" required aria-describedby="new_password-hint{{#NEW_PASSWORD_INVALID}} new_password-error{{/NEW_PASSWORD_INVALID}}"{{#NEW_PASSWORD_INVALID}} aria-invalid="true"{{/NEW_PASSWORD_INVALID}}>
    {{#NEW_PASSWORD_INVALID}}<p class="field-error" id="new_password-error">{{NEW_PASSWORD_ERROR}}</p>{{/NEW_PASSWORD_INVALID}}
  </div>
  <div class="field{{#NEW_PASSWORD_CONFIRM_INVALID}} has-error{{/NEW_PASSWORD_CONFIRM_INVALID}}">
    <label for="new_password_confirm">新しいパスワード確認用</label>
    <p class="hint" id="new_password_confirm-hint">上記と同じパスワードを入力してください。</p>
    <input type="password" id="new_password_confirm" name="new_password_confirm" maxlength="1024" autocomplete="new-password" required aria-describedby="new_password_confirm-hint{{#NEW_PASSWORD_CONFIRM_INVALID}} new_password_confirm-error{{/NEW_PASSWORD_CONFIRM_INVALID}}"{{#NEW_PASSWORD_CONFIRM_INVALID}} aria-invalid="true"{{/NEW_PASSWORD_CONFIRM_INVALID}}>
    {{#NEW_PASSWORD_CONFIRM_INVALID}}<p class="field-error" id="new_password_confirm-error">{{NEW_PASSWORD_CONFIRM_ERROR}}</p>{{/NEW_PASSWORD_CONFIRM_INVALID}}
  </div>
  <div class="actions">
    <button type="submit" class="primary">変更</button>
  </div>
</form>
<form method="post" action="/logout" class="actions">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <button type="submit" class="secondary">ログアウト</button>
</form>
