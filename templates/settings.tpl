{{%AUTOESCAPE context="HTML"}}
{{#DONE_password}}<p class="notice" role="status">パスワードを変更しました。「パスワード変更のお知らせ」を登録メールアドレスにお送りしました。ほかの端末でのログインは終了しています。</p>{{/DONE_password}}
{{#DONE_email_sent}}<p class="notice" role="status">新しいメールアドレスに「メールアドレス確認のお願い」をお送りしました。24時間以内にメールのリンクを開き、「確定」を押すと変更が完了します。</p>{{/DONE_email_sent}}
{{#DONE_notices}}<p class="notice" role="status">お知らせメールの設定を保存しました。</p>{{/DONE_notices}}
<h2 id="password-title">パスワードの変更</h2>
<form method="post" action="/settings/password" class="form" novalidate aria-labelledby="password-title">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#CURRENT_PASSWORD_INVALID}} has-error{{/CURRENT_PASSWORD_INVALID}}">
    <label for="current_password">現在のパスワード</label>
    <input type="password" id="current_password" name="current_password" autocomplete="current-password" maxlength="1024" required{{#CURRENT_PASSWORD_INVALID}} aria-invalid="true" aria-describedby="current_password-error"{{/CURRENT_PASSWORD_INVALID}}>
    {{#CURRENT_PASSWORD_INVALID}}<p class="field-error" id="current_password-error">{{CURRENT_PASSWORD_ERROR}}</p>{{/CURRENT_PASSWORD_INVALID}}
  </div>
  <div class="field{{#NEW_PASSWORD_INVALID}} has-error{{/NEW_PASSWORD_INVALID}}">
    <label for="new_password">新しいパスワード</label>
    <p class="hint" id="new_password-hint">英字と数字をそれぞれ1文字以上使用し、8桁以上で入力してください。現在のパスワードやユーザIDと同じものは使えません。有効期限は変更から360日です。</p>
    <input type="password" id="new_password" name="new_password" autocomplete="new-password" maxlength="1024" required aria-describedby="new_password-hint{{#NEW_PASSWORD_INVALID}} new_password-error{{/NEW_PASSWORD_INVALID}}"{{#NEW_PASSWORD_INVALID}} aria-invalid="true"{{/NEW_PASSWORD_INVALID}}>
    {{#NEW_PASSWORD_INVALID}}<p class="field-error" id="new_password-error">{{NEW_PASSWORD_ERROR}}</p>{{/NEW_PASSWORD_INVALID}}
  </div>
  <div class="field{{#NEW_PASSWORD_CONFIRM_INVALID}} has-error{{/NEW_PASSWORD_CONFIRM_INVALID}}">
    <label for="new_password_confirm">新しいパスワード確認用</label>
    <input type="password" id="new_password_confirm" name="new_password_confirm" autocomplete="new-password" maxlength="1024" required{{#NEW_PASSWORD_CONFIRM_INVALID}} aria-invalid="true" aria-describedby="new_password_confirm-error"{{/NEW_PASSWORD_CONFIRM_INVALID}}>
    {{#NEW_PASSWORD_CONFIRM_INVALID}}<p class="field-error" id="new_password_confirm-error">{{NEW_PASSWORD_CONFIRM_ERROR}}</p>{{/NEW_PASSWORD_CONFIRM_INVALID}}
  </div>
  <div class="actions"><button type="submit" class="primary">変更</button></div>
</form>
<h2 id="email-title">メールアドレスの変更</h2>
<p class="meta">現在のメールアドレス: {{EMAIL}}</p>
<form method="post" action="/settings/email" class="form" novalidate aria-labelledby="email-title">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#NEW_EMAIL_INVALID}} has-error{{/NEW_EMAIL_INVALID}}">
    <label for="new_email">新しいメールアドレス</label>
    <p class="hint" id="new_email-hint">確認のメールを新しいメールアドレスにお送りします。メールのリンクから「確定」を押すまで、メールアドレスは変わりません。</p>
    <input type="email" id="new_email" name="new_email" value="{{NEW_EMAIL}}" autocomplete="email" autocapitalize="none" spellcheck="false" maxlength="254" required aria-describedby="new_email-hint{{#NEW_EMAIL_INVALID}} new_email-error{{/NEW_EMAIL_INVALID}}"{{#NEW_EMAIL_INVALID}} aria-invalid="true"{{/NEW_EMAIL_INVALID}}>
    {{#NEW_EMAIL_INVALID}}<p class="field-error" id="new_email-error">{{NEW_EMAIL_ERROR}}</p>{{/NEW_EMAIL_INVALID}}
  </div>
  <div class="field{{#EMAIL_CURRENT_PASSWORD_INVALID}} has-error{{/EMAIL_CURRENT_PASSWORD_INVALID}}">
    <label for="email_current_password">現在のパスワード</label>
    <input type="password" id="email_current_password" name="email_current_password" autocomplete="current-password" maxlength="1024" required{{#EMAIL_CURRENT_PASSWORD_INVALID}} aria-invalid="true" aria-describedby="email_current_password-error"{{/EMAIL_CURRENT_PASSWORD_INVALID}}>
    {{#EMAIL_CURRENT_PASSWORD_INVALID}}<p class="field-error" id="email_current_password-error">{{EMAIL_CURRENT_PASSWORD_ERROR}}</p>{{/EMAIL_CURRENT_PASSWORD_INVALID}}
  </div>
  <div class="actions"><button type="submit" class="primary">変更</button></div>
</form>
<h2 id="notices-title">お知らせメール</h2>
<form method="post" action="/settings/notices" class="form" aria-labelledby="notices-title">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="check">
    <input type="checkbox" id="notices" name="notices" value="1"{{#NOTICES_ON}} checked{{/NOTICES_ON}}>
    <label for="notices">更新のお知らせメールを受け取る</label>
  </div>
  <p class="hint">医療費情報や資格情報が更新されたときにお知らせします(内容はメールに記載しません)。</p>
  <div class="actions"><button type="submit" class="secondary">保存</button></div>
</form>
<p class="actions"><a href="/menu">メインメニュー</a></p>
