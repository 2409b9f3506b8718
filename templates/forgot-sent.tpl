{{%AUTOESCAPE context="HTML"}}
<div class="notice" role="status">
{{#PASSWORD_SECTION}}<p>入力されたユーザIDとメールアドレスが登録内容と一致した場合、パスワード再設定のご案内をメールでお送りしました。メールに記載されたリンクは30分間有効です。</p>{{/PASSWORD_SECTION}}
{{#USERID_SECTION}}<p>入力されたメールアドレスと生年月日が登録内容と一致した場合、ユーザIDをメールでお知らせしました。</p>{{/USERID_SECTION}}
</div>
<p>しばらく待ってもメールが届かない場合は、入力内容をご確認のうえ、もう一度お試しください。同じアカウントへのご案内は1時間に3通までです。迷惑メールのフォルダもご確認ください。</p>
<p class="actions"><a class="button primary" href="/login">ログイン画面へ</a></p>
