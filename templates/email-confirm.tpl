{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error" role="alert" tabindex="-1" autofocus>{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
{{#CONFIRM}}
<p class="lead">メールアドレスを次のとおり変更します。よろしければ「確定」を押してください。</p>
<dl class="pairs"><div><dt>新しいメールアドレス</dt><dd>{{NEW_EMAIL}}</dd></div></dl>
<form method="post" action="/settings/email/confirm" class="actions">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <input type="hidden" name="token" value="{{TOKEN}}">
  <button type="submit" class="primary">確定</button>
</form>
{{/CONFIRM}}
{{#DONE}}
<p class="lead" role="status">メールアドレスを変更しました。これまでのメールアドレスに「メールアドレス変更のお知らせ」をお送りしました。</p>
{{/DONE}}
<p class="actions"><a href="/menu">メインメニュー</a></p>
