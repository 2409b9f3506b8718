{{%AUTOESCAPE context="HTML"}}
<p class="lead">スマートフォンの認証アプリを設定すると、ログインのときにメールを待たずに、アプリに表示される6桁の確認コードでログインできます。次の順に進めてください。</p>
<ol class="how">
  <li>スマートフォンに認証アプリ(「Google Authenticator」や「Microsoft Authenticator」など)を入れます。</li>
  <li>認証アプリを開いて「＋」(追加)を押し、「QRコードをスキャン」を選んで、下のQRコードを読み取ります。</li>
  <li>認証アプリに表示された6桁の数字を、下の「認証アプリの確認コード」に入力して「設定」を押します。</li>
</ol>
<figure class="qr">
  <img src="/settings/app/qr.svg" alt="認証アプリで読み取るQRコード">
</figure>
<h2 id="key-title">QRコードを読み取れない場合</h2>
<p>認証アプリで「セットアップキーを入力」(「キーを入力」)を選び、次のキーを入力してください。アカウント名には、ユーザIDなど分かりやすい名前を入れてください。</p>
<p class="key" translate="no">{{KEY}}</p>
<form method="post" action="/settings/app" class="form" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field{{#APP_CODE_INVALID}} has-error{{/APP_CODE_INVALID}}">
    <label for="app_code">認証アプリの確認コード</label>
    <p class="hint" id="app_code-hint">認証アプリに表示されている6桁の数字です。数字は30秒ごとに変わります。</p>
    <input type="text" id="app_code" name="app_code" inputmode="numeric" autocomplete="one-time-code" maxlength="32" required aria-describedby="app_code-hint{{#APP_CODE_INVALID}} app_code-error{{/APP_CODE_INVALID}}"{{#APP_CODE_INVALID}} aria-invalid="true"{{/APP_CODE_INVALID}}>
    {{#APP_CODE_INVALID}}<p class="field-error" id="app_code-error">{{APP_CODE_ERROR}}</p>{{/APP_CODE_INVALID}}
  </div>
  <div class="actions"><button type="submit" class="primary">設定</button></div>
</form>
<p class="actions"><a href="/settings">登録情報の変更へ戻る</a></p>
