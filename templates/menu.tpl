{{%AUTOESCAPE context="HTML"}}
<p class="lead">{{USER_ID}} さん、ようこそ。照会したいメニューを選択してください。</p>
<ul class="menu">
  <li><span class="menu-item">医療費情報</span><span class="soon">準備中</span></li>
  <li><span class="menu-item">資格情報</span><span class="soon">準備中</span></li>
</ul>
<form method="post" action="/logout" class="actions">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <button type="submit" class="secondary">ログアウト</button>
</form>
