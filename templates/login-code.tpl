{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error"{{#FORM_ALERT}} role="alert"{{/FORM_ALERT}}{{#FORM_NOTICE}} data-kind="notice" role="status"{{/FORM_NOTICE}} tabindex="-1" autofocus>{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
{{#RESENT}}<p class="notice" role="status">確認コードを再送信しました。新しいメールに記載されたコードを入力してください。</p>{{/RESENT}}
{{#MAIL_MODE}}<p class="lead">ご本人の確認のため、登録されたメールアドレス <strong>{{MASKED_EMAIL}}</strong> に6桁の確認コードをお送りしました。メールに記載された確認コードを入力して「確認」ボタンを押してください。確認コードの有効期限は10分間です。</p>{{/MAIL_MODE}}
{{#APP_MODE}}<p class="lead">ご本人の確認のため、スマートフォンの認証アプリを開き、表示されている6桁の確認コードを入力して「確認」ボタンを押してください。コードは30秒ごとに変わります。</p>{{/APP_MODE}}
<form method="post" action="/login/code" class="form" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#CODE_INVALID}} has-error{{/CODE_INVALID}}">
    <label for="code">確認コード</label>
    <p class="hint" id="code-hint">半角数字6桁で入力してください(例: 123456)。</p>
    <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="20" required aria-describedby="code-hint{{#CODE_INVALID}} code-error{{/CODE_INVALID}}"{{#CODE_INVALID}} aria-invalid="true"{{/CODE_INVALID}}>
    {{#CODE_INVALID}}<p class="field-error" id="code-error">{{CODE_ERROR}}</p>{{/CODE_INVALID}}
  </div>
  <div class="field">
    <div class="check">
      <input type="checkbox" id="trust" name="trust" value="1" aria-describedby="trust-hint">
      <label for="trust">このブラウザでは30日間確認しない</label>
    </div>
    <p class="hint" id="trust-hint">ご自分専用のスマートフォンやパソコンの場合だけチェックを付けてください。共用のパソコンでは付けないでください。</p>
  </div>
  <div class="actions">
    <button type="submit" class="primary">確認</button>
  </div>
</form>
{{#MAIL_MODE}}<form method="post" action="/login/code/resend" class="actions">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <p class="hint">メールが届かないときは、迷惑メールのフォルダもご確認ください。</p>
  <button type="submit" class="secondary">コードを再送信</button>
</form>{{/MAIL_MODE}}
{{#APP_MODE}}<ul class="door-links">
  <li><a href="/login/recovery">認証アプリを使えない方</a></li>
</ul>{{/APP_MODE}}
<form method="post" action="/logout" class="actions">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <button type="submit" class="secondary">ログアウト</button>
</form>
