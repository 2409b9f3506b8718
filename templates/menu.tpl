{{%AUTOESCAPE context="HTML"}}
<p class="lead">{{NAME}} 様、ようこそ。照会したいメニューを選択してください。</p>
<ul class="menu">
  {{#EXPENSES}}<li><a class="menu-item" href="/expenses">医療費情報</a><span class="menu-hint">ご家族の医療費の明細と年間の合計</span></li>{{/EXPENSES}}
  {{#ELIGIBILITY}}<li><a class="menu-item" href="/eligibility">資格情報</a><span class="menu-hint">保険証の記号・番号とご家族の資格</span></li>{{/ELIGIBILITY}}
  {{#BENEFITS}}<li><a class="menu-item" href="/benefits">給付金のお知らせ</a><span class="menu-hint">高額療養費などの給付金の支給決定と支給決定通知書</span></li>{{/BENEFITS}}
  <li><a class="menu-item" href="/settings">登録情報の変更</a><span class="menu-hint">パスワード、メールアドレス、お知らせメール、二段階認証</span></li>
</ul>
<p class="meta">ユーザID: {{USER_ID}}{{#EXPIRES}}<br>パスワードの有効期限: {{EXPIRES_YEAR}}年{{EXPIRES_MONTH}}月{{EXPIRES_DAY}}日{{/EXPIRES}}</p>
<form method="post" action="/logout" class="actions">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <button type="submit" class="secondary">ログアウト</button>
</form>
