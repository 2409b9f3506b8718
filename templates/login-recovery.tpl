{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error"{{#FORM_ALERT}} role="alert"{{/FORM_ALERT}}{{#FORM_NOTICE}} data-kind="notice" role="status"{{/FORM_NOTICE}} tabindex="-1" autofocus>{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
<p class="lead">認証アプリを使えないときは、認証アプリを設定したときに控えたリカバリーコードを1つ入力して「確認」ボタンを押してください。使ったリカバリーコードは、次からは使えません。</p>
<form method="post" action="/login/recovery" class="form" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#RECOVERY_CODE_INVALID}} has-error{{/RECOVERY_CODE_INVALID}}">
    <label for="recovery_code">リカバリーコード</label>
    <p class="hint" id="recovery_code-hint">英数字10文字です(例: 7KQ2X-M9RT4)。ハイフンはあってもなくてもかまいません。</p>
    <input type="text" id="recovery_code" name="recovery_code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" required aria-describedby="recovery_code-hint{{#RECOVERY_CODE_INVALID}} recovery_code-error{{/RECOVERY_CODE_INVALID}}"{{#RECOVERY_CODE_INVALID}} aria-invalid="true"{{/RECOVERY_CODE_INVALID}}>
    {{#RECOVERY_CODE_INVALID}}<p class="field-error" id="recovery_code-error">{{RECOVERY_CODE_ERROR}}</p>{{/RECOVERY_CODE_INVALID}}
  </div>
  <div class="actions">
    <button type="submit" class="primary">確認</button>
  </div>
</form>
<p class="hint">リカバリーコードもお手元にない場合は、ご加入の健康保険組合にお問い合わせください。ご本人の確認のうえ、認証アプリの設定を解除します。</p>
<ul class="door-links">
  <li><a href="/login/code">確認コードの入力に戻る</a></li>
</ul>
<form method="post" action="/logout" class="actions">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <button type="submit" class="secondary">ログアウト</button>
</form>
