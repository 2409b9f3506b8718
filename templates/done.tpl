{{%AUTOESCAPE context="HTML"}}
<div class="success" role="status">
  <p class="big">登録が完了しました。</p>
  <p>webサービスが利用可能になりました。</p>
</div>
<p>登録したメールアドレス({{EMAIL}})に手続き完了メールをお送りしました。</p>
<p>医療費情報や資格情報が更新された場合、登録したメールアドレスに通知メールが届きます。メインメニュー画面から、照会したいメニューを選択してご利用ください。</p>
<p class="actions"><a class="button primary" href="/menu">メインメニューへ</a></p>
