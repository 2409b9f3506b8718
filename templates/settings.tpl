{{%AUTOESCAPE context="HTML"}}
{{#DONE_password}}<p class="notice" role="status">パスワードを変更しました。「パスワード変更のお知らせ」を登録メールアドレスにお送りしました。ほかの端末でのログインは終了しています。</p>{{/DONE_password}}
{{#DONE_email_sent}}<p class="notice" role="status">新しいメールアドレスに「メールアドレス確認のお願い」をお送りしました。24時間以内にメールのリンクを開き、「確定」を押すと変更が完了します。</p>{{/DONE_email_sent}}
{{#DONE_notices}}<p class="notice" role="status">お知らせメールの設定を保存しました。</p>{{/DONE_notices}}
{{#DONE_app_removed}}<p class="notice" role="status">認証アプリを解除しました。「二段階認証の設定変更のお知らせ」を登録メールアドレスにお送りしました。</p>{{/DONE_app_removed}}
{{#DONE_trusted}}<p class="notice" role="status">信頼したブラウザをすべて解除しました。次回のログインからは、どのブラウザでも確認コードを入力していただきます。</p>{{/DONE_trusted}}
{{#DONE_mail_codes}}<p class="notice" role="status">メールでの確認コードの設定を保存しました。</p>{{/DONE_mail_codes}}
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
    <p class="hint" id="new_password-hint">英字と数字をそれぞれ1文字以上使用し、8桁以上で入力してください。現在のパスワードやユーザIDと同じものは使えません。{{#PASSWORD_EXPIRES}}有効期限は変更から{{PASSWORD_DAYS}}日です。{{/PASSWORD_EXPIRES}}</p>
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
<h2 id="factor-title">二段階認証</h2>
<p class="hint">ログインのとき、パスワードに加えて確認コードを入力していただき、ご本人であることを確かめます。</p>
{{#FACTOR_OFF}}<p>現在、二段階認証は使用していません。パスワードだけでログインできます。</p>{{/FACTOR_OFF}}
{{#APP_UNSET}}
<h3 id="app-title">認証アプリ</h3>
<p>設定されていません。スマートフォンの認証アプリを設定すると、ログインのときにメールを待たずに、アプリに表示される確認コードを入力できます。</p>
<p class="actions"><a class="button secondary" href="/settings/app">認証アプリの設定</a></p>
{{/APP_UNSET}}
{{#APP_SET}}
<h3 id="app-title">認証アプリ</h3>
<p>設定済みです。ログインのときは、認証アプリに表示される確認コードを入力してください。</p>
<p class="meta">リカバリーコードの残り: {{RECOVERY_LEFT}}個</p>
{{#RECOVERY_NONE}}<p class="notice">リカバリーコードが残っていません。認証アプリを解除してから設定し直すと、新しいリカバリーコードが表示されます。</p>{{/RECOVERY_NONE}}
<h3 id="remove-title">認証アプリの解除</h3>
<form method="post" action="/settings/app/remove" class="form" novalidate aria-labelledby="remove-title">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <p class="hint">スマートフォンを替えるときなどに解除します。解除した後、新しいスマートフォンで設定し直すことができます。</p>
  <div class="field{{#REMOVE_PASSWORD_INVALID}} has-error{{/REMOVE_PASSWORD_INVALID}}">
    <label for="remove_password">現在のパスワード</label>
    <input type="password" id="remove_password" name="remove_password" autocomplete="current-password" maxlength="1024" required{{#REMOVE_PASSWORD_INVALID}} aria-invalid="true" aria-describedby="remove_password-error"{{/REMOVE_PASSWORD_INVALID}}>
    {{#REMOVE_PASSWORD_INVALID}}<p class="field-error" id="remove_password-error">{{REMOVE_PASSWORD_ERROR}}</p>{{/REMOVE_PASSWORD_INVALID}}
  </div>
  <div class="field{{#REMOVE_CODE_INVALID}} has-error{{/REMOVE_CODE_INVALID}}">
    <label for="remove_code">確認コード</label>
    <p class="hint" id="remove_code-hint">認証アプリに表示されている6桁の数字、またはリカバリーコードを入力してください。</p>
    <input type="text" id="remove_code" name="remove_code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="32" required aria-describedby="remove_code-hint{{#REMOVE_CODE_INVALID}} remove_code-error{{/REMOVE_CODE_INVALID}}"{{#REMOVE_CODE_INVALID}} aria-invalid="true"{{/REMOVE_CODE_INVALID}}>
    {{#REMOVE_CODE_INVALID}}<p class="field-error" id="remove_code-error">{{REMOVE_CODE_ERROR}}</p>{{/REMOVE_CODE_INVALID}}
  </div>
  <div class="actions"><button type="submit" class="secondary">認証アプリを解除</button></div>
</form>
{{/APP_SET}}
{{#MAIL_ALWAYS}}
<h3>メールでの確認コード</h3>
<p>ログインのたびに、確認コードを登録メールアドレスにお送りします。ご利用の健康保険組合では必ず使用するため、この設定は変更できません。</p>
{{/MAIL_ALWAYS}}
{{#MAIL_BY_APP}}
<h3>メールでの確認コード</h3>
<p>認証アプリを設定しているため、確認コードをメールではお送りしません。</p>
{{/MAIL_BY_APP}}
{{#MAIL_SWITCH}}
<h3 id="mail-codes-title">メールでの確認コード</h3>
<form method="post" action="/settings/mail-codes" class="form" aria-labelledby="mail-codes-title">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="check">
    <input type="checkbox" id="mail_codes" name="mail_codes" value="1"{{#MAIL_CODES_ON}} checked{{/MAIL_CODES_ON}}>
    <label for="mail_codes">ログインのときに確認コードをメールで受け取る</label>
  </div>
  <p class="hint">受け取る場合、ログインのたびに確認コードを登録メールアドレスにお送りします。受け取らない場合は、パスワードだけでログインできます。</p>
  <div class="actions"><button type="submit" class="secondary">保存</button></div>
</form>
{{/MAIL_SWITCH}}
{{#TRUSTED}}
<h3 id="trusted-title">信頼したブラウザ</h3>
<form method="post" action="/settings/trusted/forget" class="form" aria-labelledby="trusted-title">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <p class="hint">ログインのときに「このブラウザでは30日間確認しない」を選んだブラウザでは、30日間は確認コードを入力せずにログインできます。スマートフォンやパソコンを手放すときや、心当たりのないときは、すべて解除してください。</p>
  <div class="actions"><button type="submit" class="secondary">信頼したブラウザをすべて解除</button></div>
</form>
{{/TRUSTED}}
<p class="actions"><a href="/menu">メインメニュー</a></p>
