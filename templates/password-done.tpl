{{%AUTOESCAPE context="HTML"}}
<div class="success" role="status">
<p class="big">パスワードを変更しました。</p>
<p>新しいパスワードでログインしてください。登録されたメールアドレスに「パスワード変更のお知らせ」をお送りしました。</p>
</div>
<p class="actions"><a class="button primary" href="/login">ログイン画面へ</a></p>
