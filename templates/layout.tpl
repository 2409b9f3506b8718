{{%AUTOESCAPE context="HTML"}}
{{! layout.tpl: the one page frame around every screen; section INSURER is shown on a page for a member of a society, with that society's name (never before the login, nor in the build's error pages for the web server). Loaded with STRIP_WHITESPACE: lines are joined without a space, so no tag or phrase is split across lines. }}
<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} - {{SITE_NAME}}</title>
<link rel="stylesheet" href="{{STATIC_PREFIX}}/kosmo.css">
</head>
<body>
<a class="skip-link" href="#main">本文へ移動</a>
<header class="site-header">
<div class="wrap">
<p class="site-name">{{SITE_NAME}}</p>
{{#INSURER}}<p class="insurer-name">{{INSURER_NAME}}</p>{{/INSURER}}
</div>
</header>
<div class="wrap">
{{#STEPS}}
<nav class="steps" aria-label="登録の手順">
<ol>
<li class="step{{#STEP1_DONE}} done{{/STEP1_DONE}}{{#STEP1_CURRENT}} current{{/STEP1_CURRENT}}"{{#STEP1_CURRENT}} aria-current="step"{{/STEP1_CURRENT}}><span class="step-number">1</span><span class="step-label">ログイン</span>{{#STEP1_DONE}}<span class="visually-hidden">(完了)</span>{{/STEP1_DONE}}{{#STEP1_CURRENT}}<span class="visually-hidden">(現在の手順)</span>{{/STEP1_CURRENT}}</li>
<li class="step{{#STEP2_DONE}} done{{/STEP2_DONE}}{{#STEP2_CURRENT}} current{{/STEP2_CURRENT}}"{{#STEP2_CURRENT}} aria-current="step"{{/STEP2_CURRENT}}><span class="step-number">2</span><span class="step-label">本人情報の<wbr>確認</span>{{#STEP2_DONE}}<span class="visually-hidden">(完了)</span>{{/STEP2_DONE}}{{#STEP2_CURRENT}}<span class="visually-hidden">(現在の手順)</span>{{/STEP2_CURRENT}}</li>
<li class="step{{#STEP3_DONE}} done{{/STEP3_DONE}}{{#STEP3_CURRENT}} current{{/STEP3_CURRENT}}"{{#STEP3_CURRENT}} aria-current="step"{{/STEP3_CURRENT}}><span class="step-number">3</span><span class="step-label">本ID・<wbr>パスワード<wbr>登録</span>{{#STEP3_DONE}}<span class="visually-hidden">(完了)</span>{{/STEP3_DONE}}{{#STEP3_CURRENT}}<span class="visually-hidden">(現在の手順)</span>{{/STEP3_CURRENT}}</li>
</ol>
</nav>
{{/STEPS}}
<main id="main">
<h1>{{TITLE}}</h1>
{{! The summary of the fields in error, focused on load (no script needed) so that a screen reader reads it first; a message for the whole form is the body's FORM_ERROR. }}
{{#FIELD_ERRORS}}
<div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">
<h2 id="error-summary-title">入力内容に誤りがあります</h2>
<p>次の項目をご確認ください。</p>
<ul>
{{#ERROR_ITEM}}
<li><a href="#{{FIELD_ID}}">{{MESSAGE}}</a></li>
{{/ERROR_ITEM}}
</ul>
</div>
{{/FIELD_ERRORS}}
{{>BODY}}
</main>
</div>
<footer class="site-footer">
<div class="wrap">
<p>{{SITE_NAME}}{{#INSURER}} ― {{INSURER_NAME}}{{/INSURER}}</p>
</div>
</footer>
</body>
</html>
