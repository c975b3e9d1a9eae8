"""The mirror's HTML and JavaScript: a WAF challenge page, the portal's shell page and its (Vue-like) script.

Nothing here is captured (realdata/sites/zcy: no 政采云 page was ever stored): the shell is a single ``div#app``
filled by a script, as a Vue build is. The script signs its calls (X-Timestamp, X-Nonce, X-Sign, X-Sign-Version,
an invented hash: mirrors/zcy/sign.py) and renders rows and an element-ui-like pager (``button.btn-next``,
``button.btn-prev``, ``ul.el-pager li.number``). There is no ``#app[data-loaded]`` and no ``ul#list``.
"""

from __future__ import annotations

from mirrors.zcy.sign import SIGN_KEY, SIGN_VERSION, WAF_KEY

APP_JS_PATH = "/site/static/js/app.3f9c2a.js"

_FNV = """function fnv1a(str, seed) {
  var h = seed >>> 0, b = new TextEncoder().encode(str);
  for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193) >>> 0; }
  return ('0000000' + h.toString(16)).slice(-8);
}"""

CHALLENGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="aliyun_waf_aa" content="__TOKEN__"></head>
<body>
<script>
var arg1 = '__ARG1__';
var renderData = {"aliyun_waf_aa": "__TOKEN__", "aliyun_waf_bb": "__BB__"};
__FNV__
(function () {
  var v = arg1 + '.' + fnv1a(arg1 + '__WAF_KEY__', 0x811c9dc5);
  document.cookie = 'acw_sc__v2=' + v + '; path=/';
  setTimeout(function () { location.reload(); }, 800);
})();
</script>
</body></html>""".replace("__FNV__", _FNV).replace("__WAF_KEY__", WAF_KEY)


def challenge_page(arg1: str, token: str) -> str:
    return CHALLENGE.replace("__ARG1__", arg1).replace("__TOKEN__", token).replace("__BB__", token[::-1])


SHELL = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>浙江政府采购网</title><link href="/site/static/css/app.css" rel="stylesheet"></head>
<body><noscript><strong>很抱歉，本站需要启用 JavaScript 才能正常浏览。</strong></noscript><div id="app"></div>
<script src="__APP__"></script></body></html>""".replace("__APP__", APP_JS_PATH)

APP_JS = """(function () {
  'use strict';
  var SIGN_KEY = '__SIGN_KEY__', SIGN_VERSION = '__SIGN_VERSION__';
  __FNV__
  function sign(method, path, ts, nonce, body) {
    var t = [method, path, ts, nonce, body].join('\\n');
    return fnv1a(SIGN_KEY + t, 0x811c9dc5) + fnv1a(t + SIGN_KEY, 0x5bd1e995);
  }
  function nonce() { return Math.random().toString(36).slice(2, 10) + Date.now().toString(36); }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"]/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; }); }
  function day(ms) { return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10); }
  function api(method, url, body) {
    var ts = String(Date.now()), n = nonce();
    var headers = {'X-Timestamp': ts, 'X-Nonce': n, 'X-Sign': sign(method, url.split('?')[0], ts, n, body || ''),
                   'X-Sign-Version': SIGN_VERSION};
    if (body) headers['Content-Type'] = 'application/json;charset=UTF-8';
    return fetch(url, {method: method, headers: headers, body: body || undefined, credentials: 'same-origin'})
      .then(function (r) { return r.text(); })
      .then(function (t) {
        var d;
        try { d = JSON.parse(t); } catch (e) { throw new Error('网络异常，请稍后重试'); }
        if (!d.success) { throw new Error(d.error || '请求失败'); }
        return d.result;
      });
  }
  var q = new URLSearchParams(location.search), app = document.getElementById('app');

  function category() {
    var st = {pageNo: 1, pageSize: 15, total: 0, code: q.get('childrenCode') || ''};
    app.innerHTML = '<div class="zcy-layout"><div class="breadcrumb">首页 / 政府采购公告</div>' +
      '<div class="category-content"><div class="article-list"></div><div class="pagination-box"></div></div></div>';
    var list = app.querySelector('.article-list'), pager = app.querySelector('.pagination-box');
    function renderPager() {
      var pages = Math.max(1, Math.ceil(st.total / st.pageSize)), nums = [], p;
      for (p = 1; p <= pages; p++) {
        if (p === 1 || p === pages || Math.abs(p - st.pageNo) <= 2) { nums.push(p); }
        else if (nums[nums.length - 1] !== '…') { nums.push('…'); }
      }
      pager.innerHTML = '<div class="el-pagination"><span class="el-pagination__total">共 ' + st.total + ' 条</span>' +
        '<button type="button" class="btn-prev"' + (st.pageNo <= 1 ? ' disabled' : '') + '>上一页</button><ul class="el-pager">' +
        nums.map(function (x) { return x === '…' ? '<li class="more">…</li>' : '<li class="number' + (x === st.pageNo ? ' active' : '') + '">' + x + '</li>'; }).join('') +
        '</ul><button type="button" class="btn-next"' + (st.pageNo >= pages ? ' disabled' : '') + '>下一页</button></div>';
    }
    function load(p) {
      st.pageNo = p;
      if (st.total) { renderPager(); }
      list.innerHTML = '<div class="loading">加载中…</div>';
      var body = JSON.stringify({pageNo: p, pageSize: st.pageSize, categoryCode: st.code, isGov: true,
                                 excludeDistrictPrefix: ['90', '006011'], _t: Date.now()});
      api('POST', '/portal/category', body).then(function (res) {
        var d = res.data;
        st.total = d.total;
        list.innerHTML = d.data.length ? d.data.map(function (r) {
          return '<div class="article-item"><a class="article-title" target="_blank" href="/site/detail?parentId=600007&articleId=' +
            encodeURIComponent(r.articleId) + '" title="' + esc(r.title) + '">' + esc(r.title) + '</a>' +
            '<span class="article-district">' + esc(r.districtName) + '</span><span class="article-time">' + day(r.publishDate) + '</span></div>';
        }).join('') : '<div class="empty">暂无数据</div>';
        renderPager();
      }).catch(function (e) { list.innerHTML = '<div class="load-error">' + esc(e.message) + '</div>'; });
    }
    pager.addEventListener('click', function (ev) {
      var t = ev.target;
      if (t.disabled) { return; }
      if (t.classList.contains('btn-next')) { load(st.pageNo + 1); }
      else if (t.classList.contains('btn-prev')) { load(st.pageNo - 1); }
      else if (t.classList.contains('number') && Number(t.textContent) !== st.pageNo) { load(Number(t.textContent)); }
    });
    load(1);
  }

  function detail() {
    var id = q.get('articleId') || '';
    app.innerHTML = '<div class="article-detail"><div class="loading">加载中…</div></div>';
    var box = app.querySelector('.article-detail');
    api('GET', '/portal/detail?articleId=' + encodeURIComponent(id) + '&timestamp=' + Math.floor(Date.now() / 1000))
      .then(function (res) {
        var d = res.data;
        box.innerHTML = '<h1 class="title">' + esc(d.title) + '</h1><div class="article-info"><span>' + day(d.publishDate) +
          '</span><span>' + esc(d.districtName) + '</span></div><div class="article-content">' + d.content + '</div>';
      }).catch(function (e) { box.innerHTML = '<div class="load-error">' + esc(e.message) + '</div>'; });
  }

  if (location.pathname === '/site/category') { category(); } else if (location.pathname === '/site/detail') { detail(); }
})();
""".replace("__FNV__", _FNV).replace("__SIGN_KEY__", SIGN_KEY).replace("__SIGN_VERSION__", SIGN_VERSION)

CSS = ".article-item{display:flex;gap:1em}.el-pager{display:inline-flex;list-style:none}.el-pager li{padding:0 6px}"
