{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error"{{#FORM_ALERT}} role="alert"{{/FORM_ALERT}}{{#FORM_NOTICE}} data-kind="notice" role="status"{{/FORM_NOTICE}} tabindex="-1" autofocus>{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
<p class="lead">はじめてご利用の方は、お手元の書類に記載された仮ユーザIDと仮パスワードでログインしてください。本IDを登録済みの方は、本IDとパスワードでログインしてください。</p>
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
    <p class="hint" id="password-hint">仮パスワードは英小文字と数字の12文字です。</p>
    <input type="password" id="password" name="password" autocomplete="current-password" maxlength="1024" required aria-describedby="password-hint{{#PASSWORD_INVALID}} password-error{{/PASSWORD_INVALID}}"{{#PASSWORD_INVALID}} aria-invalid="true"{{/PASSWORD_INVALID}}>
    {{#PASSWORD_INVALID}}<p class="field-error" id="password-error">{{PASSWORD_ERROR}}</p>{{/PASSWORD_INVALID}}
  </div>
  <div class="actions">
    <button type="submit" class="primary">ログイン</button>
  </div>
</form>
<ul class="door-links">
  <li><a href="/password/forgot">パスワードを忘れた方</a></li>
  <li><a href="/userid/forgot">ユーザIDを忘れた方</a></li>
</ul>
<section class="help" aria-labelledby="help-title">
  <h2 id="help-title">仮ユーザIDと仮パスワードの記載場所</h2>
  <p>加入された時期によって、記載されている書類が異なります。</p>
  <dl class="where">
    <dt>2022年3月(システム導入時)に加入されていた方</dt>
    <dd>「web サービスのご案内」ハガキ</dd>
    <dt>2022年4月~2024年12月1日に加入された方</dt>
    <dd>健康保険証をセットしてお渡しした台紙</dd>
    <dt>2024年12月2日以降に加入された方</dt>
    <dd>「WEBサービスのご案内」通知</dd>
  </dl>
  <h2>登録するメールアドレス</h2>
  <p>ログインの後、本IDとパスワードと一緒にメールアドレスを登録します。各種情報の更新連絡や、パスワードを忘れた際のご案内に使用しますので、あらかじめ決めておいてください。</p>
  <ul>
    <li>従業員の方は、原則、会社のメールアドレスを登録してください。</li>
    <li>海外赴任や社外出向、休職、任意継続被保険者等の方は、必ず確認できるご自身のメールアドレスを登録してください。</li>
  </ul>
</section>
